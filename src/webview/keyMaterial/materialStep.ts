import { BUTTON, primaryMaterialButton } from '../../shared/keyMaterialButtons';
import { button, h } from './dom';
import { chosenImportType, isBusy, type PageView } from './pageView';
import { materialFormatHint, TEXT } from './texts';

/** Step 2: generate the material, load it (plaintext or wrapped); the likelier of the first two comes first. */
export function materialStep(view: PageView): HTMLElement {
  const s = view.state;
  const busy = isBusy(view);
  const primary = primaryMaterialButton(
    { symmetric: s.key.symmetric, hadMaterial: s.hadMaterial },
    chosenImportType(view),
  );
  const generate = button('generate', BUTTON.generate, () => view.send({ type: 'generateMaterial' }), {
    secondary: primary !== 'generate',
    disabled: busy,
  });
  const load = button('load-material', BUTTON.loadMaterial, () => view.send({ type: 'loadMaterial' }), {
    secondary: primary !== 'loadMaterial',
    disabled: busy,
  });
  return h(
    'div',
    { class: 'step', id: 'step-material' },
    h('h3', {}, TEXT.materialStep),
    h('p', { class: 'hint' }, materialFormatHint(s.key.keySpec, s.materialFormat)),
    h(
      'div',
      { class: 'actions' },
      ...(primary === 'generate' ? [generate, load] : [load, generate]),
      button('load-wrapped', BUTTON.loadWrapped, () => view.send({ type: 'loadWrapped' }), {
        secondary: true,
        disabled: busy,
      }),
    ),
    h(
      'p',
      { class: s.material ? 'status ok' : 'status', id: 'material-status' },
      s.material ? s.material.summary : TEXT.noMaterialChosen,
    ),
  );
}
