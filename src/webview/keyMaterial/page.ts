import type {
  HostMessage,
  ImportTypeName,
  PageState,
  SavedPageState,
  WebviewMessage,
} from '../../shared/keyMaterialProtocol';
import { DAY_MS } from '../../shared/timeTexts';
import { banners, failure } from './banners';
import { updateCountdowns } from './countdowns';
import { header } from './header';
import { importSection } from './importSection';
import { materialTable } from './materialTable';
import type { Form, PageView } from './pageView';

/** The part of the webview API the page uses. */
export interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): SavedPageState | undefined;
  setState(state: SavedPageState): void;
}

/**
 * The Key material page in the webview: renders the state the host sends and sends back the user's choices. It
 * never sees key material, import tokens or wrapping keys — the host keeps them.
 */
export function startPage(vscode: VsCodeApi, app: HTMLElement): void {
  const form: Form = {
    expires: false,
    validTo: new Date(Date.now() + 90 * DAY_MS).toISOString().slice(0, 10),
    description: '',
    ...(vscode.getState()?.form as Partial<Form> | undefined),
  };
  let state: PageState | undefined;
  let seenFocus = 0;
  let lastProposedImportType: ImportTypeName | undefined;

  const send = (message: WebviewMessage): void => vscode.postMessage(message);

  function remember(): void {
    if (!state) {
      return;
    }
    vscode.setState({
      keyArn: state.key.arn,
      region: state.key.region,
      form: { ...form } as Record<string, string | boolean>,
    });
  }

  function render(): void {
    const s = state;
    if (!s) {
      return;
    }
    const view: PageView = {
      state: s,
      form,
      send,
      keepForm: remember,
      keepFormAndRender: () => {
        remember();
        render();
      },
    };
    const focusedId = document.activeElement?.id;
    app.replaceChildren(header(view), banners(view), materialTable(view), importSection(view));
    app.toggleAttribute('aria-busy', s.busy !== undefined);
    if (focusedId) {
      document.getElementById(focusedId)?.focus();
    }
    if (s.focusImport > seenFocus) {
      seenFocus = s.focusImport;
      const section = document.getElementById('import-heading');
      section?.scrollIntoView({ block: 'start' });
      section?.focus();
    }
    tick();
  }

  /** Updates the countdowns; when the import token lapses, renders again to offer new parameters. */
  function tick(): void {
    if (state && updateCountdowns(document, state)) {
      render();
    }
  }

  window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
    const message = event.data;
    switch (message.type) {
      case 'state':
        state = message.state;
        // The host's proposal changes after a delete (re-import the existing material) or an import: follow it.
        if (
          !form.importType ||
          !state.importTypes.includes(form.importType) ||
          state.defaultImportType !== lastProposedImportType
        ) {
          form.importType = state.defaultImportType;
        }
        lastProposedImportType = state.defaultImportType;
        remember();
        render();
        break;
      case 'loadFailed':
        app.replaceChildren(...failure(message.message, send));
        app.removeAttribute('aria-busy');
        break;
      default: {
        const unreachable: never = message;
        void unreachable;
      }
    }
  });

  setInterval(tick, 1000);
  send({ type: 'ready' });
}
