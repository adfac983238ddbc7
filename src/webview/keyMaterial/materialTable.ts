import { BUTTON } from '../../shared/keyMaterialButtons';
import type { MaterialRow, PageState } from '../../shared/keyMaterialProtocol';
import { materialExpiry } from './countdowns';
import { button, h } from './dom';
import type { PageView } from './pageView';
import { deleteMaterialLabel, reimportMaterialLabel, TEXT } from './texts';

/** The key's materials: one row each, with their state, expiry and actions; Rotate now when material is staged. */
export function materialTable(view: PageView): HTMLElement {
  const s = view.state;
  const section = h(
    'section',
    { 'aria-labelledby': 'materials-heading' },
    h('h2', { id: 'materials-heading' }, TEXT.pageHeading),
  );
  if (s.materialsNote) {
    section.append(h('p', {}, s.materialsNote));
  }
  if (s.canRotate) {
    section.append(
      h(
        'div',
        { class: 'actions' },
        button('rotate-now', BUTTON.rotateNow, () => view.send({ type: 'rotateNow' }), {
          'aria-label': TEXT.rotateNowLabel,
        }),
      ),
    );
  }
  if (s.materials.length === 0) {
    section.append(h('p', { class: 'empty' }, s.key.origin === 'EXTERNAL' ? TEXT.noMaterialYet : ''));
    return section;
  }
  const columns = [
    TEXT.materialIdColumn,
    TEXT.description,
    TEXT.stateColumn,
    TEXT.importStateColumn,
    TEXT.expiryColumn,
    TEXT.actionsColumn,
  ];
  section.append(
    h(
      'table',
      { id: 'materials' },
      h('thead', {}, h('tr', {}, ...columns.map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        {},
        s.materials.map((m, index) => materialRow(view, m, index)),
      ),
    ),
  );
  return section;
}

function materialRow(view: PageView, m: MaterialRow, index: number): HTMLElement {
  const s = view.state;
  const shortId = m.id?.slice(0, 12) ?? '';
  const target = m.id && { keyMaterialId: m.id };
  return h(
    'tr',
    {},
    h('td', { class: 'mono', title: m.id ?? '' }, m.id ? `${shortId}…` : TEXT.theMaterial),
    h('td', {}, m.description ?? ''),
    h('td', {}, m.state),
    h('td', {}, m.importState),
    h('td', {}, expiryCell(s, m)),
    h(
      'td',
      { class: 'row-actions' },
      m.imported &&
        s.canImport &&
        button(`delete-${index}`, BUTTON.delete, () => view.send({ type: 'deleteMaterial', ...target }), {
          secondary: true,
          'aria-label': deleteMaterialLabel(shortId),
        }),
      s.canImport &&
        button(`reimport-${index}`, BUTTON.reimport, () => view.send({ type: 'reimport', ...target }), {
          secondary: true,
          'aria-label': reimportMaterialLabel(shortId),
        }),
    ),
  );
}

function expiryCell(s: PageState, m: MaterialRow): HTMLElement | string {
  if (!m.imported) {
    return '—';
  }
  if (!m.expires) {
    return TEXT.doesNotExpire;
  }
  return m.validTo
    ? h('span', { 'data-until': m.validTo, 'data-format': 'expiry' }, materialExpiry(s, m.validTo))
    : TEXT.expires;
}
