import * as vscode from 'vscode';
import type { KeyMetadata } from '@aws-sdk/client-kms';
import type { KeyCatalogue, KeyEntry } from '../aws/keyCatalogue';
import { canEverEncrypt } from '../aws/keyUsability';
import { findEntry } from './keyCheck';
import { cannotEncryptDetail, keyDescription } from './keyPickItems';
import { stateIcon } from './stateIcons';

/** A row of the encryption key picker: a key (by the name the user will see in messages), or "Enter a key…". */
export type KeyItem = vscode.QuickPickItem & { keyId?: string; meta?: KeyMetadata; other?: true };

/** A key the picker puts first, and why (selected in the Keys view, workspace default, recently used…). */
export interface NamedKey {
  keyId: string;
  source: string;
}

/** How the picker names a key: its first alias name (`alias/…`, as KMS requests take it), else its key id. */
function nameOf(entry: KeyEntry): string {
  return [...entry.aliases].sort()[0] ?? entry.keyId;
}

/**
 * The rows of the encryption key picker and the user's ticks: the named keys first, then the catalogue's
 * symmetric encryption keys, then "Enter a key…". Rendering again as pages arrive keeps the ticks and the focus.
 */
export class EncryptionKeyRows {
  /** Named keys the catalogue does not list (another region, not listed yet), described one by one. */
  readonly described = new Map<string, KeyMetadata>();
  private readonly ticked: Set<string>;
  private shown = '';
  private readonly other: KeyItem = {
    label: vscode.l10n.t('$(edit) Enter a key ID, key ARN or alias…'),
    other: true,
    alwaysShow: true,
  };

  constructor(
    private readonly catalogue: KeyCatalogue,
    readonly named: readonly NamedKey[],
    preselected: readonly string[],
    private readonly many: boolean,
  ) {
    this.ticked = new Set(preselected);
  }

  /** The named keys that neither the catalogue nor a DescribeKey has described yet. */
  unresolved(): NamedKey[] {
    return this.named.filter(({ keyId }) => !findEntry(this.catalogue, keyId)?.metadata && !this.described.has(keyId));
  }

  render(picker: vscode.QuickPick<KeyItem>): void {
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
    for (const { keyId, source } of this.named) {
      const entry = findEntry(this.catalogue, keyId);
      // A key ARN of this region (the tree's selection, a file's header) reads better by its alias.
      const label = entry && /^arn:[^:]+:kms:[^:]*:\d*:key\//.test(keyId) ? nameOf(entry) : keyId;
      add(row(label, entry?.metadata ?? this.described.get(keyId), source));
    }
    this.catalogue
      .allEntries()
      .filter(
        (entry) => entry.metadata && this.catalogue.categoryOf(entry) === 'customer' && canEverEncrypt(entry.metadata),
      )
      .map((entry) => row(nameOf(entry), entry.metadata))
      .sort((a, b) => a.label.localeCompare(b.label, undefined, { sensitivity: 'base' }))
      .forEach(add);
    // Replacing equal items would only reset the focus: an Enter pressed meanwhile would find no active row.
    const signature = JSON.stringify(items.map((i) => [i.label, i.description, i.detail, this.isTicked(i)]));
    if (signature === this.shown) {
      return;
    }
    this.shown = signature;
    const active = picker.activeItems[0]?.keyId;
    picker.items = [...items, this.other];
    if (this.many) {
      picker.selectedItems = picker.items.filter((i) => this.isTicked(i));
    }
    const keepActive = picker.items.find((i) => i.keyId !== undefined && i.keyId === active);
    if (keepActive) {
      picker.activeItems = [keepActive];
    }
  }

  /** Re-rendering replaces the items; remember the user's ticks so a page arriving mid-choice keeps them. */
  selectionChanged(picker: vscode.QuickPick<KeyItem>, items: readonly KeyItem[]): void {
    if (!this.many) {
      return;
    }
    const now = new Set(items.map((i) => i.keyId).filter((k): k is string => k !== undefined));
    for (const i of picker.items) {
      if (!i.keyId) {
        continue;
      }
      if (now.has(i.keyId)) {
        this.ticked.add(i.keyId);
      } else {
        this.ticked.delete(i.keyId);
        if (i.meta?.Arn) {
          this.ticked.delete(i.meta.Arn);
        }
      }
    }
  }

  private isTicked(i: KeyItem): boolean {
    return (
      i.keyId !== undefined && (this.ticked.has(i.keyId) || (i.meta?.Arn !== undefined && this.ticked.has(i.meta.Arn)))
    );
  }
}

function row(keyId: string, meta: KeyMetadata | undefined, source?: string): KeyItem {
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
}
