import * as vscode from 'vscode';
import type { PageError } from '../aws/importErrors';
import { describeError } from '../core/errors';
import type { ConnectionManager } from '../connections/connectionManager';
import type { KeysTreeProvider } from '../keys/keysTreeProvider';
import type { Logger } from '../platform/logger';
import type { HostMessage, PageState, WebviewMessage } from '../shared/keyMaterialProtocol';
import { ImportFlow } from './importFlow';
import type { KeyRef } from './loadedKey';
import { InvalidMessageError, parseWebviewMessage } from './model/pageMessages';
import { pageErrorOf } from './model/pageErrors';
import { busyText, type ActionMessage } from './model/pageTexts';
import { pageTitle, pageViewModel } from './model/pageViewModel';
import { pageHtml } from './pageHtml';
import type { PageUi } from './pageUi';

/**
 * One "Key material" page: a webview panel for one key. It checks each webview message, has the ImportFlow act on it
 * (one at a time, with the busy banner), and answers with the whole page state. Messages in and out pass through
 * `tap` so tests can record them.
 */

export interface PageDeps {
  connections: ConnectionManager;
  keys: KeysTreeProvider;
  log: Logger;
  ui: () => PageUi;
  extensionUri: vscode.Uri;
  tap: (direction: 'in' | 'out', message: unknown) => void;
}

export class KeyMaterialPage implements vscode.Disposable {
  private readonly flow: ImportFlow;
  private busy: string | undefined;
  private error: PageError | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly subscriptions: vscode.Disposable[] = [];
  private disposed = false;
  /** Set while a reload for someone else's change waits in the queue. */
  private following = false;
  readonly onDidDispose: vscode.Event<void>;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly key: KeyRef,
    private readonly deps: PageDeps,
  ) {
    this.flow = new ImportFlow(key, deps);
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [
        vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview'),
        vscode.Uri.joinPath(deps.extensionUri, 'media'),
      ],
    };
    panel.webview.html = pageHtml(panel.webview, deps.extensionUri, vscode.l10n.t('Key material'));
    this.onDidDispose = panel.onDidDispose;
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((message: unknown) => {
        void this.receive(message);
      }),
      panel.onDidDispose(() => this.dispose()),
      // Follow the key: a command (the Keys view, the walkthrough, another page) or a refresh changed it.
      deps.keys.onDidChangeKey(({ region, keyId }) => {
        if (region === this.key.region && (keyId === undefined || this.flow.key.entry?.keyId === keyId)) {
          this.follow();
        }
      }),
      panel.onDidChangeViewState(({ webviewPanel }) => {
        if (webviewPanel.visible) {
          this.follow();
        }
      }),
    );
    // Load at once, not on the webview's "ready": the tab gets the key's name while the page is still starting.
    void this.enqueue(async () => this.step({ type: 'refresh' }));
  }

  /**
   * Reloads the key when someone else changed it. What the page said about the old state (a notice such as "The key
   * is enabled", an error) no longer holds, so it goes. The page's own loads fire the same events: ignore those.
   */
  private follow(): void {
    if (this.disposed || this.flow.key.loading || this.following) {
      return;
    }
    this.following = true;
    void this.enqueue(async () => {
      this.following = false;
      if (this.disposed) {
        return;
      }
      const before = this.flow.key.fingerprint();
      try {
        await this.flow.load();
      } catch (error) {
        this.deps.log.warn(
          `Key material page (${this.key.arn}): reloading the key failed: ${describeError(error)}`,
          'keyMaterial',
        );
        return; // the page keeps showing what it had; the next action reports the cause
      }
      if (this.flow.key.fingerprint() !== before) {
        this.flow.dismissNotice();
        this.error = undefined;
      }
      this.post();
    });
  }

  private async enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Brings the page forward; `importFlow` scrolls to the import steps. */
  reveal(importFlow: boolean): void {
    if (importFlow) {
      this.flow.focus();
    }
    this.panel.reveal();
    this.post();
  }

  /** Handles one message from the webview (also the entry point for tests). Resolves when its answer has been posted. */
  async receive(raw: unknown): Promise<void> {
    this.deps.tap('in', raw);
    let message: WebviewMessage;
    try {
      message = parseWebviewMessage(raw);
    } catch (error) {
      this.deps.log.warn(
        `Key material page: ignored a malformed message (${error instanceof InvalidMessageError ? error.message : 'invalid'})`,
        'keyMaterial',
      );
      this.error = {
        message: vscode.l10n.t('The page sent a request the extension does not accept; nothing was changed.'),
      };
      this.post();
      return;
    }
    return this.enqueue(async () => this.handle(message));
  }

  private async handle(message: WebviewMessage): Promise<void> {
    if (this.disposed) {
      return;
    }
    switch (message.type) {
      case 'ready':
        return this.flow.key.entry ? this.post() : this.step({ type: 'refresh' });
      case 'dismiss':
        this.error = undefined;
        this.flow.dismissNotice();
        return this.post();
      case 'reimport':
        this.flow.reimport(message.keyMaterialId);
        return this.post();
      default:
        return this.step(message);
    }
  }

  /**
   * Runs one action with the busy banner; a failure becomes the page's error, with its next step. Every action runs
   * here, inside the try: one that fails before it starts (no key loaded yet) must not become an unhandled rejection.
   */
  private async step(message: ActionMessage): Promise<void> {
    const busy = busyText(message.type);
    this.busy = busy;
    this.error = undefined;
    this.post();
    try {
      await this.flow.run(message);
    } catch (error) {
      this.error = pageErrorOf(error);
      this.deps.log.warn(`Key material page (${this.key.arn}): ${busy} failed: ${describeError(error)}`, 'keyMaterial');
    } finally {
      this.busy = undefined;
      this.post();
    }
  }

  /** The whole page state, without a byte of key material, token or wrapping key. */
  state(): PageState | undefined {
    return pageViewModel({ ...this.flow.view(), busy: this.busy, error: this.error, locale: vscode.env.language });
  }

  private post(): void {
    if (this.disposed) {
      return;
    }
    const state = this.state();
    if (!state) {
      if (this.error) {
        // The key could not be loaded: show the error on an otherwise empty page.
        this.send({ type: 'loadFailed', message: this.error.message });
      }
      return;
    }
    this.panel.title = pageTitle(state.key);
    this.send({ type: 'state', state });
  }

  private send(message: HostMessage): void {
    this.deps.tap('out', message);
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    this.flow.dispose();
    for (const d of this.subscriptions) {
      d.dispose();
    }
    this.panel.dispose();
  }
}
