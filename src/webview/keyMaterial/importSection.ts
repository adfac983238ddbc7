import { backupStep } from './backupStep';
import { h } from './dom';
import { importStep } from './importStep';
import { materialStep } from './materialStep';
import { optionsStep } from './optionsStep';
import { parametersStep } from './parametersStep';
import type { PageView } from './pageView';
import { stateRefusesImport, TEXT } from './texts';

/** The import, in five steps; or why this key takes no import. */
export function importSection(view: PageView): HTMLElement {
  const s = view.state;
  const section = h(
    'section',
    { 'aria-labelledby': 'import-heading', id: 'import-section' },
    h('h2', { id: 'import-heading', tabindex: '-1' }, TEXT.importHeading),
  );
  if (!s.canImport) {
    section.append(h('p', {}, s.key.origin === 'EXTERNAL' ? stateRefusesImport(s.key.stateLabel) : TEXT.notExternal));
    return section;
  }
  section.append(parametersStep(view), materialStep(view), backupStep(view), optionsStep(view), importStep(view));
  return section;
}
