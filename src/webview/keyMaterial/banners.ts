import { BUTTON } from '../../shared/keyMaterialButtons';
import type { PageState, WebviewMessage } from '../../shared/keyMaterialProtocol';
import { button, h } from './dom';
import type { PageView } from './pageView';
import { TEXT } from './texts';
import { parametersRequest } from './wrapping';

type Send = (message: WebviewMessage) => void;

/** What the host is doing, its last error (with the button of the next step) and its last notice. */
export function banners(view: PageView): HTMLElement {
  const s = view.state;
  const box = h('div', { class: 'banners', 'aria-live': 'polite' });
  if (s.busy) {
    box.append(
      h(
        'div',
        { class: 'banner busy', role: 'status' },
        h('vscode-progress-ring', { 'aria-label': TEXT.working }),
        h('span', {}, `${s.busy}…`),
      ),
    );
  }
  if (s.error) {
    const next = s.error.next;
    box.append(
      dismissable(
        'error',
        s.error.message,
        next && s.error.nextLabel && button('error-next', s.error.nextLabel, () => runNext(view, next)),
        view.send,
      ),
    );
  }
  if (s.notice) {
    box.append(
      dismissable(
        'notice',
        s.notice.message,
        s.notice.offerRotate &&
          s.canRotate &&
          button('notice-rotate', BUTTON.rotateNow, () => view.send({ type: 'rotateNow' })),
        view.send,
      ),
    );
  }
  return box;
}

/** The whole page when the key could not be loaded: why, and Refresh. */
export function failure(message: string, send: Send): HTMLElement[] {
  return [
    h('h1', {}, TEXT.pageHeading),
    h(
      'div',
      { class: 'banner error', role: 'alert' },
      h('p', {}, message),
      button('refresh', BUTTON.refresh, () => send({ type: 'refresh' })),
    ),
  ];
}

/** An error (an alert) or a notice (a status), with its own action, if any, and Dismiss. */
function dismissable(
  kind: 'error' | 'notice',
  message: string,
  action: HTMLElement | false | undefined | '',
  send: Send,
): HTMLElement {
  return h(
    'div',
    { class: `banner ${kind}`, role: kind === 'error' ? 'alert' : 'status', id: kind },
    h('p', {}, message),
    h(
      'div',
      { class: 'actions' },
      action,
      button(`${kind}-dismiss`, BUTTON.dismiss, () => send({ type: 'dismiss' }), { secondary: true }),
    ),
  );
}

function runNext(view: PageView, next: NonNullable<PageState['error']>['next']): void {
  switch (next) {
    case 'newParameters':
      view.send(parametersRequest(view.state, view.form));
      break;
    case 'loadMaterial':
      view.send({ type: 'loadMaterial' });
      break;
    case 'cancelDeletion':
      view.send({ type: 'cancelDeletion' });
      break;
    case 'refresh':
      view.send({ type: 'refresh' });
      break;
    case undefined:
      break;
    default: {
      const unreachable: never = next;
      void unreachable;
    }
  }
}
