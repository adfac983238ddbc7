import { BUTTON } from '../../shared/keyMaterialButtons';
import { button, h } from './dom';
import { isBusy, type PageView } from './pageView';
import { backupSaved, TEXT } from './texts';

/** Step 3: generated material must be saved, or its backup declined, before the import. */
export function backupStep(view: PageView): HTMLElement {
  const s = view.state;
  const busy = isBusy(view);
  const step = h('div', { class: 'step', id: 'step-backup' }, h('h3', {}, TEXT.backupStep));
  const saveBackup = (): HTMLElement =>
    button('save-backup', BUTTON.saveBackup, () => view.send({ type: 'saveBackup' }), { disabled: busy });
  switch (s.backup) {
    case 'required':
      step.append(
        h('p', { class: 'status warn', role: 'alert' }, TEXT.backupRequired),
        h(
          'div',
          { class: 'actions' },
          saveBackup(),
          button('decline-backup', BUTTON.declineBackup, () => view.send({ type: 'declineBackup' }), {
            secondary: true,
            disabled: busy,
          }),
        ),
      );
      break;
    case 'saved':
      step.append(h('p', { class: 'status ok', id: 'backup-status' }, backupSaved(s.backupFile)));
      break;
    case 'declined':
      // Until the import the material is still here: changing one's mind must not need new material.
      step.append(
        h('p', { class: 'status warn', id: 'backup-status' }, TEXT.backupDeclined),
        h('div', { class: 'actions' }, saveBackup()),
      );
      break;
    default:
      step.append(h('p', { class: 'hint', id: 'backup-status' }, TEXT.backupNotNeeded));
  }
  return step;
}
