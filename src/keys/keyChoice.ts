import * as vscode from 'vscode';
import { keyOperationError } from '../aws/keyErrors';
import { CancelledError, KmsExtensionError } from '../core/errors';
import type { ConnectionManager } from '../connections/connectionManager';
import type { Settings } from '../platform/settings';
import { keyOfNode } from './keyOfNode';
import type { KeysTreeProvider } from './keysTreeProvider';
import type { KeysNode } from './nodes';
import { describeForUse, requireUsable, usableKeys, type ChosenKey } from './keyCheck';
import { showCatalogueQuickPick } from './catalogueQuickPick';
import { EncryptionKeyRows, type KeyItem, type NamedKey } from './encryptionKeyRows';

/**
 * Which KMS keys to encrypt with. The picker lists the symmetric encryption keys of the region from the Keys view's
 * catalogue, with their state and usage; keys that never can encrypt (HMAC, signing, key agreement) are left out,
 * keys that can't right now (disabled, pending import or deletion) are marked and refused when chosen. It puts the
 * key selected in the Keys view, the workspace default keys and the recently used keys first; several may be chosen
 * (the first generates the data key, any one decrypts). Recent keys live in workspaceState: key ids are not secret,
 * but they belong to this workspace.
 */

const RECENT_KEYS = 'awsKms.files.recentKeys';
const MAX_RECENT = 10;

export interface KeyChoiceDeps {
  connections: ConnectionManager;
  settings: Settings;
  workspaceState: vscode.Memento;
  keysView: vscode.TreeView<KeysNode>;
  keys: KeysTreeProvider;
}

export interface KeyChoiceOptions {
  title: string;
  /** Several keys (envelope encryption) or one (KMS Encrypt and GenerateDataKey take one). */
  many: boolean;
  /** How refusals name the command: "Encrypt File". */
  operation: string;
  /** Keys to tick first instead of the usual ones (Re-encrypt: the file's current keys). */
  preselect?: readonly string[];
  /** Says why `preselect` is first, e.g. "current key of the file". */
  preselectReason?: string;
}

export function recentKeys(state: vscode.Memento): string[] {
  return state.get<string[]>(RECENT_KEYS, []);
}

export async function rememberKeys(state: vscode.Memento, keys: string[]): Promise<void> {
  const recent = [...keys, ...recentKeys(state).filter((key) => !keys.includes(key))].slice(0, MAX_RECENT);
  await state.update(RECENT_KEYS, recent);
}

/** The key selected in the Keys view (a key row or one of its detail rows). */
export function selectedTreeKey(view: vscode.TreeView<KeysNode>): string | undefined {
  return keyOfNode(view.selection[0])?.arn;
}

/** The keys a caller passed (checked as a typed key would be), or the user's choice in the picker. */
export async function keysFor(
  deps: KeyChoiceDeps,
  given: readonly string[] | undefined,
  options: KeyChoiceOptions,
): Promise<ChosenKey[]> {
  if (given?.length === 0) {
    throw new KmsExtensionError(
      'NoKeys',
      vscode.l10n.t(
        '{0}: no KMS key was given: name at least one key, or leave the keys out to choose them.',
        options.operation,
      ),
    );
  }
  return given ? usableKeys(deps.connections, given, options.operation) : chooseKeys(deps, options);
}

export async function chooseKeys(deps: KeyChoiceDeps, options: KeyChoiceOptions): Promise<ChosenKey[]> {
  const region = deps.connections.region();
  const catalogue = deps.keys.catalogue(region);
  const defaults = deps.settings.get('encryption.defaultKeys');
  const selected = selectedTreeKey(deps.keysView);
  const recent = recentKeys(deps.workspaceState);
  const preselected =
    options.preselect ?? (selected ? [selected] : defaults.length > 0 ? defaults : recent.slice(0, 1));
  const named: NamedKey[] = [
    ...(options.preselect ?? []).map((keyId) => ({ keyId, source: options.preselectReason ?? '' })),
    ...(selected ? [{ keyId: selected, source: vscode.l10n.t('selected in the Keys view') }] : []),
    ...defaults.map((keyId) => ({ keyId, source: vscode.l10n.t('workspace default') })),
    ...recent.map((keyId) => ({ keyId, source: vscode.l10n.t('recently used') })),
  ];
  const rows = new EncryptionKeyRows(catalogue, named, preselected, options.many);
  const { items, loadError, shown } = await showCatalogueQuickPick<KeyItem>({
    catalogue,
    title: options.title,
    canSelectMany: options.many,
    placeholder: options.many
      ? vscode.l10n.t(
          'Select one or more KMS keys in {0}: the first generates the data key, any one can decrypt',
          region,
        )
      : vscode.l10n.t('Select a KMS key in {0}', region),
    render: (picker) => rows.render(picker),
    setup: (picker) => picker.onDidChangeSelection((selection) => rows.selectionChanged(picker, selection)),
    after: async () => {
      await Promise.all(
        rows.unresolved().map(async ({ keyId }) => {
          // A key that cannot be described is still offered as named: choosing it reports why.
          const meta = await describeForUse(deps.connections, keyId, options.operation).catch(() => undefined);
          if (meta) {
            rows.described.set(keyId, meta);
          }
        }),
      );
    },
    // Enter with nothing ticked takes the focused row, as in a single-choice picker.
    accepted: (picker) =>
      options.many && picker.selectedItems.length > 0 ? picker.selectedItems : picker.activeItems.slice(0, 1),
  });
  if (!items) {
    // The picker stays usable with the keys it has; a listing failure matters only if it had none to offer.
    if (loadError !== undefined && shown <= 1) {
      throw keyOperationError(loadError, { operation: 'ListKeys', connection: deps.connections.connection, region });
    }
    throw new CancelledError();
  }
  const keys: ChosenKey[] = [];
  for (const { keyId, meta } of items.filter((i) => i.keyId !== undefined)) {
    const id = keyId as string;
    keys.push(
      meta
        ? requireUsable(id, meta, options.operation)
        : (await usableKeys(deps.connections, [id], options.operation))[0],
    );
  }
  if (items.some((i) => i.other)) {
    keys.push(...(await usableKeys(deps.connections, [await askForKeyId()], options.operation)));
  }
  return keys;
}

async function askForKeyId(): Promise<string> {
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t('KMS key'),
    prompt: vscode.l10n.t('Key ID, key ARN, alias name (alias/…) or alias ARN'),
    ignoreFocusOut: true,
    validateInput: (text) =>
      /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/\S+|alias\/[\w/-]+|[0-9a-f-]{36}|mrk-[0-9a-f]{32})$/.test(
        text.trim(),
      )
        ? undefined
        : vscode.l10n.t('Not a key ID, key ARN, alias name or alias ARN.'),
  });
  if (value === undefined) {
    throw new CancelledError();
  }
  return value.trim();
}
