import * as vscode from 'vscode';
import type { KeyMetadata } from '@aws-sdk/client-kms';
import type { KeyEntry } from '../aws/keyCatalogue';
import { keyOperationError } from '../aws/keyErrors';
import { canEverEncrypt } from '../aws/keyUsability';
import { CancelledError, KmsExtensionError } from '../core/errors';
import type { ConnectionManager } from '../connections/connectionManager';
import type { Settings } from '../platform/settings';
import { AliasNode, ImportActionNode, MaterialNode } from './keyDetailNodes';
import { KeyNode } from './keyNode';
import type { KeysTreeProvider } from './keysTreeProvider';
import { stateIcon } from './stateIcons';
import type { KeysNode } from './nodes';
import { describeForUse, findEntry, requireUsable, usableKeys, type ChosenKey } from './keyCheck';
import { cannotEncryptDetail, keyDescription } from './keyPickItems';

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

type KeyItem = vscode.QuickPickItem & { keyId?: string; meta?: KeyMetadata; other?: true };

export function recentKeys(state: vscode.Memento): string[] {
  return state.get<string[]>(RECENT_KEYS, []);
}

export async function rememberKeys(state: vscode.Memento, keys: string[]): Promise<void> {
  const recent = [...keys, ...recentKeys(state).filter((key) => !keys.includes(key))].slice(0, MAX_RECENT);
  await state.update(RECENT_KEYS, recent);
}

/** The key selected in the Keys view (a key row or one of its detail rows). */
export function selectedTreeKey(view: vscode.TreeView<KeysNode>): string | undefined {
  const [node] = view.selection;
  const key =
    node instanceof KeyNode
      ? node
      : node instanceof AliasNode || node instanceof MaterialNode || node instanceof ImportActionNode
        ? node.key
        : undefined;
  return key?.arn;
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
      `${options.operation}: no KMS key was given: name at least one key, or leave the keys out to choose them.`,
    );
  }
  return given ? usableKeys(deps.connections, given, options.operation) : chooseKeys(deps, options);
}

/** How the picker names a key: its first alias name (`alias/…`, as KMS requests take it), else its key id. */
function nameOf(entry: KeyEntry): string {
  return [...entry.aliases].sort()[0] ?? entry.keyId;
}

export async function chooseKeys(deps: KeyChoiceDeps, options: KeyChoiceOptions): Promise<ChosenKey[]> {
  const region = deps.connections.region();
  const catalogue = deps.keys.catalogue(region);
  const defaults = deps.settings.get('encryption.defaultKeys');
  const selected = selectedTreeKey(deps.keysView);
  const recent = recentKeys(deps.workspaceState);
  const preselected =
    options.preselect ?? (selected ? [selected] : defaults.length > 0 ? defaults : recent.slice(0, 1));
  const named: Array<{ keyId: string; source: string }> = [
    ...(options.preselect ?? []).map((keyId) => ({ keyId, source: options.preselectReason ?? '' })),
    ...(selected ? [{ keyId: selected, source: vscode.l10n.t('selected in the Keys view') }] : []),
    ...defaults.map((keyId) => ({ keyId, source: vscode.l10n.t('workspace default') })),
    ...recent.map((keyId) => ({ keyId, source: vscode.l10n.t('recently used') })),
  ];
  /** Keys named above that the catalogue does not list (another region, not listed yet): described one by one. */
  const described = new Map<string, KeyMetadata>();

  const picker = vscode.window.createQuickPick<KeyItem>();
  picker.title = options.title;
  picker.canSelectMany = options.many;
  // Opened from the walkthrough or a webview, the picker would vanish when that page takes the focus back.
  picker.ignoreFocusOut = true;
  picker.matchOnDescription = true;
  picker.matchOnDetail = true;
  picker.placeholder = options.many
    ? vscode.l10n.t('Select one or more KMS keys in {0}: the first generates the data key, any one can decrypt', region)
    : vscode.l10n.t('Select a KMS key in {0}', region);
  const other: KeyItem = {
    label: vscode.l10n.t('$(edit) Enter a key ID, key ARN or alias…'),
    other: true,
    alwaysShow: true,
  };
  const ticked = new Set<string>(preselected);

  const item = (keyId: string, meta: KeyMetadata | undefined, source?: string): KeyItem => {
    if (!meta) {
      return { label: keyId, keyId, description: source };
    }
    const detail = cannotEncryptDetail(meta);
    return {
      label: keyId,
      keyId,
      meta,
      description: keyDescription(meta, source),
      iconPath: stateIcon(meta),
      ...(detail && { detail }),
    };
  };
  let shown = '';
  const render = (): void => {
    const items: KeyItem[] = [];
    const seen = new Set<string>();
    const add = (next: KeyItem): void => {
      const identity = next.meta?.Arn ?? next.keyId ?? '';
      if (seen.has(identity) || seen.has(next.keyId ?? '')) {
        return;
      }
      seen.add(identity);
      seen.add(next.keyId ?? '');
      items.push(next);
    };
    // Named keys first; a wrong-usage one stays visible (marked) so a bad default is explained, not silently dropped.
    for (const { keyId, source } of named) {
      const entry = findEntry(catalogue, keyId);
      // A key ARN of this region (the tree's selection, a file's header) reads better by its alias.
      const shown = entry && /^arn:[^:]+:kms:[^:]*:\d*:key\//.test(keyId) ? nameOf(entry) : keyId;
      add(item(shown, entry?.metadata ?? described.get(keyId), source));
    }
    const listed = catalogue
      .allEntries()
      .filter((entry) => entry.metadata && catalogue.categoryOf(entry) === 'customer' && canEverEncrypt(entry.metadata))
      .map((entry) => item(nameOf(entry), entry.metadata))
      .sort((a, b) => a.label.localeCompare(b.label, undefined, { sensitivity: 'base' }));
    listed.forEach(add);
    // Replacing equal items would only reset the focus: an Enter pressed meanwhile would find no active row.
    const signature = JSON.stringify(items.map((i) => [i.label, i.description, i.detail, isTicked(i)]));
    if (signature === shown) {
      return;
    }
    shown = signature;
    const active = picker.activeItems[0]?.keyId;
    picker.items = [...items, other];
    if (options.many) {
      picker.selectedItems = picker.items.filter((i) => isTicked(i));
    }
    const keepActive = picker.items.find((i) => i.keyId !== undefined && i.keyId === active);
    if (keepActive) {
      picker.activeItems = [keepActive];
    }
  };
  const isTicked = (i: KeyItem): boolean =>
    i.keyId !== undefined && (ticked.has(i.keyId) || (i.meta?.Arn !== undefined && ticked.has(i.meta.Arn)));
  // Re-rendering replaces the items; remember the user's ticks so a page arriving mid-choice keeps them.
  picker.onDidChangeSelection((items) => {
    if (!options.many) {
      return;
    }
    const now = new Set(items.map((i) => i.keyId).filter((k): k is string => k !== undefined));
    for (const i of picker.items) {
      if (!i.keyId) {
        continue;
      }
      if (now.has(i.keyId)) {
        ticked.add(i.keyId);
      } else {
        ticked.delete(i.keyId);
        if (i.meta?.Arn) {
          ticked.delete(i.meta.Arn);
        }
      }
    }
  });

  let open = true;
  let loadError: unknown;
  const load = async (): Promise<void> => {
    picker.busy = true;
    try {
      render();
      while (open && !catalogue.listingComplete) {
        await catalogue.nextPage();
        render();
      }
      const unresolved = named.filter(({ keyId }) => !findEntry(catalogue, keyId)?.metadata && !described.has(keyId));
      await Promise.all(
        unresolved.map(async ({ keyId }) => {
          // A key that cannot be described is still offered as named: choosing it reports why.
          const meta = await describeForUse(deps.connections, keyId, options.operation).catch(() => undefined);
          if (meta) {
            described.set(keyId, meta);
          }
        }),
      );
      if (open) {
        render();
      }
    } catch (error) {
      loadError = error; // the picker stays usable with the keys it has; the error is reported if nothing is chosen
    } finally {
      picker.busy = false;
    }
  };

  try {
    const chosen = new Promise<KeyItem[] | undefined>((resolve) => {
      picker.onDidAccept(() => {
        // Enter with nothing ticked takes the focused row, as in a single-choice picker.
        const picked =
          options.many && picker.selectedItems.length > 0
            ? [...picker.selectedItems]
            : [...picker.activeItems.slice(0, 1)];
        if (picked.length > 0) {
          resolve(picked);
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
    if (!items) {
      await loading;
      if (loadError !== undefined && picker.items.length <= 1) {
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
  } finally {
    open = false;
    picker.dispose();
  }
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
