import * as vscode from 'vscode';
import { KEY_MATERIAL_VIEW_TYPE, type SavedPageState } from '../shared/keyMaterialProtocol';
import { KeyMaterialPage, type PageDeps } from './keyMaterialPage';
import type { KeyRef } from './loadedKey';
import { nativePageUi, type PageUi } from './pageUi';

/**
 * The open Key material pages, one per key: opening a key's page again reveals it. Restores pages after a reload
 * of the window through a WebviewPanelSerializer (the webview saved the key's ARN with setState).
 */
export class KeyMaterialPages implements vscode.Disposable, vscode.WebviewPanelSerializer<SavedPageState> {
  private readonly pages = new Map<string, KeyMaterialPage>();
  /** Replaced by integration tests, which cannot click native dialogs. */
  ui: PageUi = nativePageUi;
  /** Sees every message in both directions (integration tests record them). */
  tap: ((direction: 'in' | 'out', message: unknown) => void) | undefined;
  private readonly registration: vscode.Disposable;

  constructor(private readonly deps: Omit<PageDeps, 'ui' | 'tap'>) {
    this.registration = vscode.window.registerWebviewPanelSerializer(KEY_MATERIAL_VIEW_TYPE, this);
  }

  /** Opens (or reveals) the page of a key; `importFlow` brings the import steps into view. */
  open(key: KeyRef, options: { importFlow?: boolean } = {}): KeyMaterialPage {
    const existing = this.pages.get(key.arn);
    if (existing) {
      existing.reveal(options.importFlow === true);
      return existing;
    }
    const title = vscode.l10n.t('Key material');
    const panel = vscode.window.createWebviewPanel(KEY_MATERIAL_VIEW_TYPE, title, vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: false,
    });
    const page = this.adopt(panel, key);
    if (options.importFlow) {
      page.reveal(true);
    }
    return page;
  }

  page(arn: string): KeyMaterialPage | undefined {
    return this.pages.get(arn);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: SavedPageState | undefined): Promise<void> {
    if (
      !state ||
      typeof state.keyArn !== 'string' ||
      typeof state.region !== 'string' ||
      !state.keyArn.startsWith('arn:')
    ) {
      panel.dispose();
      return;
    }
    const existing = this.pages.get(state.keyArn);
    if (existing) {
      existing.dispose();
    }
    this.adopt(panel, { arn: state.keyArn, region: state.region });
  }

  private adopt(panel: vscode.WebviewPanel, key: KeyRef): KeyMaterialPage {
    const page = new KeyMaterialPage(panel, key, {
      ...this.deps,
      ui: () => this.ui,
      tap: (direction, message) => this.tap?.(direction, message),
    });
    this.pages.set(key.arn, page);
    page.onDidDispose(() => {
      if (this.pages.get(key.arn) === page) {
        this.pages.delete(key.arn);
      }
    });
    return page;
  }

  dispose(): void {
    this.registration.dispose();
    for (const page of [...this.pages.values()]) {
      page.dispose();
    }
    this.pages.clear();
  }
}
