import { BUTTON } from '../../shared/keyMaterialButtons';
import { button, h } from './dom';
import type { PageView } from './pageView';
import { keyHeading, TEXT } from './texts';

/** The key the page is about: its heading, its facts, and Refresh. */
export function header(view: PageView): HTMLElement {
  const k = view.state.key;
  const fact = (term: string, value: string): HTMLElement[] => [h('dt', {}, term), h('dd', {}, value)];
  return h(
    'header',
    {},
    h('h1', {}, keyHeading(k.alias?.replace(/^alias\//, '') ?? k.keyId)),
    h(
      'dl',
      { class: 'facts' },
      fact(TEXT.alias, k.alias ?? '—'),
      fact(TEXT.arn, k.arn),
      fact(TEXT.keySpec, k.keySpec),
      fact(TEXT.keyUsage, k.keyUsage),
      fact(TEXT.keyState, k.stateLabel),
      fact(TEXT.origin, k.originLabel),
      fact(TEXT.multiRegion, k.multiRegion ? TEXT.yes : TEXT.no),
      k.description ? fact(TEXT.description, k.description) : [],
    ),
    h(
      'div',
      { class: 'actions' },
      button('refresh', BUTTON.refresh, () => view.send({ type: 'refresh' }), {
        secondary: true,
        'aria-label': TEXT.refreshLabel,
      }),
    ),
  );
}
