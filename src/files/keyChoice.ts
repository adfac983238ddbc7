import * as vscode from 'vscode';
import { keyOperationError } from '../aws/keyErrors';
import { kmsCall } from '../aws/kmsCall';
import { CancelledError } from '../core/errors';
import type { ConnectionManager } from '../connections/connectionManager';
import type { Settings } from '../platform/settings';
import { AliasNode, ImportActionNode, MaterialNode } from '../views/keys/keyDetailNodes';
import { KeyNode } from '../views/keys/keyNode';
import type { KeysNode } from '../views/keys/nodes';

/**
 * Which KMS keys to encrypt with: the picker offers the workspace default keys, the key selected in the Keys view,
 * the recently used keys and the region's aliases; several may be chosen (the first generates the data key, any one
 * decrypts). Recent keys live in workspaceState: key ids are not secret, but they belong to this workspace.
 */

const RECENT_KEYS = 'awsKms.files.recentKeys';
const MAX_RECENT = 10;

export interface KeyChoiceDeps {
  connections: ConnectionManager;
  settings: Settings;
  workspaceState: vscode.Memento;
  keysView: vscode.TreeView<KeysNode>;
}

type KeyItem = vscode.QuickPickItem & { keyId?: string; other?: true };

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
  const key = node instanceof KeyNode ? node
    : node instanceof AliasNode || node instanceof MaterialNode || node instanceof ImportActionNode ? node.key : undefined;
  return key?.arn;
}

/** Asks for the wrapping keys; `many: false` for a single key (KMS Encrypt and GenerateDataKey take one). */
export async function chooseKeys(deps: KeyChoiceDeps, options: { title: string; many: boolean }): Promise<string[]> {
  const region = deps.connections.region();
  const defaults = deps.settings.get('encryption.defaultKeys');
  const selected = selectedTreeKey(deps.keysView);
  const recent = recentKeys(deps.workspaceState);
  const preselected = selected ? [selected] : defaults.length > 0 ? defaults : recent.slice(0, 1);

  const items: KeyItem[] = [];
  const seen = new Set<string>();
  const add = (keyId: string, description: string): void => {
    if (seen.has(keyId)) { return; }
    seen.add(keyId);
    items.push({ label: keyId.startsWith('arn:') && keyId.includes(':alias/') ? keyId.slice(keyId.indexOf(':alias/') + 1) : keyId, description, keyId, picked: preselected.includes(keyId) });
  };
  if (selected) { add(selected, vscode.l10n.t('selected in the Keys view')); }
  defaults.forEach((key) => add(key, vscode.l10n.t('workspace default')));
  recent.forEach((key) => add(key, vscode.l10n.t('recently used')));

  const picker = vscode.window.createQuickPick<KeyItem>();
  picker.title = options.title;
  picker.canSelectMany = options.many;
  picker.matchOnDescription = true;
  picker.matchOnDetail = true;
  picker.placeholder = options.many
    ? vscode.l10n.t('Select one or more KMS keys in {0}: the first generates the data key, any one can decrypt', region)
    : vscode.l10n.t('Select a KMS key in {0}', region);
  const other: KeyItem = { label: vscode.l10n.t('$(edit) Enter a key ID, key ARN or alias…'), other: true, alwaysShow: true };
  const render = (): void => {
    picker.items = [...items, other];
    if (options.many) { picker.selectedItems = picker.items.filter((item) => item.keyId && preselected.includes(item.keyId)); }
  };
  render();
  picker.busy = true;

  let loadError: unknown;
  const loading = (async () => {
    try {
      const call = kmsCall(await deps.connections.client(region));
      let marker: string | undefined;
      do {
        const page = await call('ListAliases', { ...(marker && { Marker: marker }), Limit: 100 });
        for (const alias of page.Aliases ?? []) {
          if (alias.AliasName && alias.TargetKeyId && !alias.AliasName.startsWith('alias/aws/')) {
            add(alias.AliasName, alias.TargetKeyId);
          }
        }
        render();
        marker = page.Truncated ? page.NextMarker : undefined;
      } while (marker);
    } catch (error) {
      loadError = error;   // the picker stays usable with the keys it has; the error is reported if nothing is chosen
    } finally {
      picker.busy = false;
    }
  })();

  try {
    const chosen = await new Promise<KeyItem[] | undefined>((resolve) => {
      picker.onDidAccept(() => {
        // Enter with nothing checked takes the focused row, as in a single-choice picker.
        const picked = options.many && picker.selectedItems.length > 0 ? [...picker.selectedItems] : [...picker.activeItems.slice(0, 1)];
        if (picked.length > 0) { resolve(picked); picker.hide(); }
      });
      picker.onDidHide(() => resolve(undefined));
      picker.show();
    });
    picker.dispose();
    if (!chosen) {
      await loading;
      if (loadError !== undefined && items.length === 0) {
        throw keyOperationError(loadError, { operation: 'ListAliases', connection: deps.connections.connection, region });
      }
      throw new CancelledError();
    }
    const keys = chosen.filter((item) => item.keyId).map((item) => item.keyId as string);
    if (chosen.some((item) => item.other)) { keys.push(await askForKeyId()); }
    return keys;
  } finally {
    picker.dispose();
  }
}

async function askForKeyId(): Promise<string> {
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t('KMS key'),
    prompt: vscode.l10n.t('Key ID, key ARN, alias name (alias/…) or alias ARN'),
    ignoreFocusOut: true,
    validateInput: (text) => (/^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/\S+|alias\/[\w/-]+|[0-9a-f-]{36}|mrk-[0-9a-f]{32})$/.test(text.trim())
      ? undefined : vscode.l10n.t('Not a key ID, key ARN, alias name or alias ARN.')),
  });
  if (value === undefined) { throw new CancelledError(); }
  return value.trim();
}
