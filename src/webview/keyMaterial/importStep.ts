import { BUTTON } from '../../shared/keyMaterialButtons';
import { button, h } from './dom';
import { chosenImportType, isBusy, type PageView } from './pageView';
import { TEXT } from './texts';
import { tokenExpired } from './wrapping';

/** Step 5: the import, once there is material, its backup is settled, and the parameters are good. */
export function importStep(view: PageView): HTMLElement {
  const { state: s, form } = view;
  const ready =
    s.material !== undefined &&
    s.backup !== 'required' &&
    (s.parameters?.source === 'file' || (s.parameters !== undefined && !tokenExpired(s, Date.now())));
  return h(
    'div',
    { class: 'step', id: 'step-import' },
    h('h3', {}, TEXT.importStep),
    h(
      'div',
      { class: 'actions' },
      button(
        'import',
        BUTTON.import,
        () =>
          view.send({
            type: 'import',
            choices: {
              expires: form.expires,
              ...(form.expires && { validTo: form.validTo }),
              importType: chosenImportType(view),
              description: s.key.symmetric ? form.description.trim() : '',
            },
          }),
        { disabled: isBusy(view) || !ready },
      ),
    ),
    !ready && h('p', { class: 'hint' }, TEXT.completeStepsFirst),
  );
}
