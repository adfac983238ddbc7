import type { ImportTypeName } from '../../shared/keyMaterialProtocol';
import { field, h, radios, valueOf } from './dom';
import type { PageView } from './pageView';
import { TEXT } from './texts';

/** Step 4: the expiry; for symmetric keys also the import type (when there is a choice) and a description. */
export function optionsStep(view: PageView): HTMLElement {
  const { state: s, form } = view;
  const expiration = radios(
    'expiration',
    TEXT.expiration,
    [
      { value: 'never', id: 'expires-never', checked: !form.expires, label: TEXT.neverExpires },
      { value: 'date', id: 'expires-date', checked: form.expires, label: TEXT.expiresOnDate },
    ],
    (value) => {
      form.expires = value === 'date';
      view.keepFormAndRender();
    },
  );
  const date = h('vscode-textfield', {
    id: 'valid-to',
    type: 'date',
    value: form.validTo,
    'aria-label': TEXT.expirationDateLabel,
    disabled: !form.expires,
  });
  date.addEventListener('change', () => {
    form.validTo = valueOf(date);
    view.keepForm();
  });
  const step = h(
    'div',
    { class: 'step', id: 'step-options' },
    h('h3', {}, TEXT.optionsStep),
    expiration,
    field(TEXT.expiresOn, date, 'valid-to'),
  );
  if (!s.key.symmetric) {
    return step;
  }
  if (s.importTypes.length > 1) {
    const current = form.importType;
    step.append(
      radios(
        'import-type',
        TEXT.importAs,
        [
          {
            value: 'EXISTING_KEY_MATERIAL',
            id: 'import-existing',
            checked: current === 'EXISTING_KEY_MATERIAL',
            label: TEXT.existingMaterial,
          },
          {
            value: 'NEW_KEY_MATERIAL',
            id: 'import-new',
            checked: current === 'NEW_KEY_MATERIAL',
            label: TEXT.newMaterial,
          },
        ],
        (value) => {
          form.importType = value as ImportTypeName;
          view.keepFormAndRender(); // step 2's primary button follows the import type
        },
      ),
    );
  }
  const description = h('vscode-textfield', {
    id: 'material-description',
    value: form.description,
    maxlength: 256,
    placeholder: TEXT.descriptionPlaceholder,
    'aria-label': TEXT.descriptionLabel,
  });
  description.addEventListener('input', () => {
    form.description = valueOf(description);
    view.keepForm();
  });
  step.append(field(TEXT.descriptionLabel, description, 'material-description'));
  return step;
}
