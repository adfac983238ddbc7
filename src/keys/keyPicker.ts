import * as vscode from 'vscode';
import type { KeyMetadata } from '@aws-sdk/client-kms';
import type { KeyEntry } from '../aws/keyCatalogue';
import { keyOperationError } from '../aws/keyErrors';
import { keyLabel } from '../aws/keyStatus';
import { kmsCall } from '../aws/kmsCall';
import { CancelledError } from '../core/errors';
import { originLabel, stateLabel } from './model/labels';
import type { KeyCommandDeps, PickOptions } from './keyTarget';
import { showCatalogueQuickPick } from './catalogueQuickPick';

type KeyItem = vscode.QuickPickItem & { entry: KeyEntry };

/**
 * The key picker of the palette: the keys of `region` that the command applies to, from the Keys view's catalogue
 * (so keys the view has loaded show at once), growing page by page while it is open.
 */
export async function pickKey(deps: KeyCommandDeps, region: string, options: PickOptions): Promise<KeyEntry> {
  const catalogue = deps.keys.catalogue(region);
  const { items, loadError } = await showCatalogueQuickPick<KeyItem>({
    catalogue,
    title: options.title,
    placeholder: vscode.l10n.t('Select a key in {0}', region),
    closeOnLoadError: true,
    render: (picker) => {
      picker.items = catalogue
        .allEntries()
        .filter(
          (entry) =>
            entry.metadata &&
            (options.includeAwsManaged || catalogue.categoryOf(entry) === 'customer') &&
            (options.applies?.(entry.metadata, entry) ?? true),
        )
        .map((entry) => ({
          label: keyLabel(entry),
          description: describe(entry.metadata as KeyMetadata),
          detail: entry.arn,
          entry,
        }))
        .sort((a, b) => a.label.localeCompare(b.label, undefined, { sensitivity: 'base' }));
      picker.placeholder =
        catalogue.listingComplete && picker.items.length === 0
          ? vscode.l10n.t('No key in {0} fits this command.', region)
          : vscode.l10n.t('Select a key in {0}', region);
    },
    before: async () => {
      if (options.includeAwsManaged) {
        await catalogue.keys('aws', 1000);
      }
    },
    accepted: (picker) => picker.selectedItems.slice(0, 1),
  });
  if (loadError !== undefined) {
    throw keyOperationError(loadError, { operation: 'ListKeys', connection: deps.connections.connection, region });
  }
  if (!items?.[0]) {
    throw new CancelledError();
  }
  return items[0].entry;
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
