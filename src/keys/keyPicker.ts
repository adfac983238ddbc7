import * as vscode from 'vscode';
import type { KeyMetadata } from '@aws-sdk/client-kms';
import type { KeyEntry } from '../aws/keyCatalogue';
import { keyOperationError } from '../aws/keyErrors';
import { keyLabel } from '../aws/keyStatus';
import { kmsCall } from '../aws/kmsCall';
import { CancelledError } from '../core/errors';
import { originLabel, stateLabel } from './model/labels';
import type { KeyCommandDeps, PickOptions } from './keyTarget';

type KeyItem = vscode.QuickPickItem & { entry: KeyEntry };

/**
 * The key picker of the palette: the keys of `region` that the command applies to, from the Keys view's catalogue
 * (so keys the view has loaded show at once), growing page by page while it is open.
 */
export async function pickKey(deps: KeyCommandDeps, region: string, options: PickOptions): Promise<KeyEntry> {
  const catalogue = deps.keys.catalogue(region);
  const picker = vscode.window.createQuickPick<KeyItem>();
  picker.title = options.title;
  picker.placeholder = vscode.l10n.t('Select a key in {0}', region);
  // Opened from the walkthrough or a webview, the picker would vanish when that page takes the focus back.
  picker.ignoreFocusOut = true;
  picker.matchOnDescription = true;
  picker.matchOnDetail = true;
  let open = true;
  let loadError: unknown;

  const render = (): void => {
    const entries = catalogue
      .allEntries()
      .filter(
        (entry) =>
          entry.metadata &&
          (options.includeAwsManaged || catalogue.categoryOf(entry) === 'customer') &&
          (options.applies?.(entry.metadata, entry) ?? true),
      );
    picker.items = entries
      .map((entry) => ({
        label: keyLabel(entry),
        description: describe(entry.metadata as KeyMetadata),
        detail: entry.arn,
        entry,
      }))
      .sort((a, b) => a.label.localeCompare(b.label, undefined, { sensitivity: 'base' }));
  };

  const load = async (): Promise<void> => {
    picker.busy = true;
    try {
      render();
      if (options.includeAwsManaged) {
        await catalogue.keys('aws', 1000);
      }
      while (open && !catalogue.listingComplete) {
        await catalogue.nextPage();
        render();
      }
      render();
      if (picker.items.length === 0) {
        picker.placeholder = vscode.l10n.t('No key in {0} fits this command.', region);
      }
    } catch (error) {
      loadError = error;
      picker.hide();
    } finally {
      picker.busy = false;
    }
  };

  const chosen = new Promise<KeyEntry | undefined>((resolve) => {
    picker.onDidAccept(() => {
      const [item] = picker.selectedItems;
      if (item) {
        resolve(item.entry);
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
  try {
    const entry = await chosen;
    await loading;
    if (loadError !== undefined) {
      throw keyOperationError(loadError, { operation: 'ListKeys', connection: deps.connections.connection, region });
    }
    if (!entry) {
      throw new CancelledError();
    }
    return entry;
  } finally {
    picker.dispose();
  }
}

/** DescribeKey outside the catalogue (to resolve an alias name to its key). */
export async function describeKey(deps: KeyCommandDeps, region: string, keyId: string): Promise<KeyMetadata> {
  const { KeyMetadata: meta } = await kmsCall(await deps.connections.client(region))('DescribeKey', { KeyId: keyId });
  if (!meta) {
    throw new Error(`DescribeKey returned no metadata for ${keyId}`);
  }
  return meta;
}

function describe(meta: KeyMetadata): string {
  return `${stateLabel(meta)} · ${originLabel(meta.Origin)}`;
}
