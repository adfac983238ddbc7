import * as vscode from 'vscode';
import type { KeyCatalogue } from '../aws/keyCatalogue';

/**
 * The one key picker: a quick pick over the Keys view's catalogue for a region, so the keys the view has loaded
 * show at once and the rest arrive page by page while it is open. What the rows are and what Enter takes is the
 * caller's (`render`, `accepted`); opening, paging, busy state, closing and disposing are here.
 */
export interface CatalogueQuickPick<T extends vscode.QuickPickItem> {
  catalogue: KeyCatalogue;
  title: string;
  placeholder: string;
  canSelectMany?: boolean;
  /** Sets the picker's items from what the catalogue holds now; runs before the first page and after each. */
  render(picker: vscode.QuickPick<T>): void;
  /** More loading before the pages (the AWS managed keys) or after the last one (keys not in the listing). */
  before?(): Promise<void>;
  after?(): Promise<void>;
  /** The rows Enter takes; none leaves the picker open. */
  accepted(picker: vscode.QuickPick<T>): readonly T[];
  /** Wiring of the caller's own picker events (e.g. remembering ticks). */
  setup?(picker: vscode.QuickPick<T>): void;
  /** A failed listing closes the picker (it has nothing to offer) instead of leaving it open with what it has. */
  closeOnLoadError?: boolean;
}

export interface CatalogueQuickPickResult<T> {
  /** The accepted rows; undefined when the picker was dismissed. */
  items: readonly T[] | undefined;
  /** Why loading stopped early, if it did (known when dismissed): the caller decides whether to report it. */
  loadError: unknown;
  /** How many rows the picker showed when it closed. */
  shown: number;
}

export async function showCatalogueQuickPick<T extends vscode.QuickPickItem>(
  spec: CatalogueQuickPick<T>,
): Promise<CatalogueQuickPickResult<T>> {
  const picker = vscode.window.createQuickPick<T>();
  picker.title = spec.title;
  picker.placeholder = spec.placeholder;
  picker.canSelectMany = spec.canSelectMany ?? false;
  // Opened from the walkthrough or a webview, the picker would vanish when that page takes the focus back.
  picker.ignoreFocusOut = true;
  picker.matchOnDescription = true;
  picker.matchOnDetail = true;
  spec.setup?.(picker);
  let open = true;
  let loadError: unknown;

  const load = async (): Promise<void> => {
    picker.busy = true;
    try {
      spec.render(picker);
      await spec.before?.();
      while (open && !spec.catalogue.listingComplete) {
        await spec.catalogue.nextPage();
        if (open) {
          spec.render(picker);
        }
      }
      if (open) {
        await spec.after?.();
      }
      if (open) {
        spec.render(picker);
      }
    } catch (error) {
      loadError = error;
      if (spec.closeOnLoadError) {
        picker.hide();
      }
    } finally {
      picker.busy = false;
    }
  };

  try {
    const chosen = new Promise<readonly T[] | undefined>((resolve) => {
      picker.onDidAccept(() => {
        const items = spec.accepted(picker);
        if (items.length > 0) {
          resolve(items);
          picker.hide();
        }
      });
      picker.onDidHide(() => {
        open = false;
        resolve(undefined);
      });
    });
    picker.show();
    const loading = load();
    const items = await chosen;
    if (items === undefined) {
      // Dismissed, or closed by a failed listing: wait for loading to settle to know which.
      await loading;
    }
    return { items, loadError, shown: picker.items.length };
  } finally {
    open = false;
    picker.dispose();
  }
}
