import * as vscode from 'vscode';
import type { KeyCatalogue, KeyCategory, KeyEntry } from '../aws/keyCatalogue';
import { keyLabel } from '../aws/keyStatus';
import type { Logger } from '../platform/logger';

/** The nodes of the Keys tree above the keys: regions, the two key categories, and the message and "Load more…" rows. */

/** What nodes need from the tree: the region catalogues, settings, the clock, and the key nodes it has shown. */
export interface KeysTreeContext {
  readonly log: Logger;
  pageSize(): number;
  warningDays(): number;
  now(): number;
  /** A user-safe one-line cause of a failed load, for the error row's tooltip. */
  describeFailure(error: unknown, region: string, operation: string): string;
  /** A new key row (the tree's KeyNode class; nodes.ts does not import it). */
  createKeyNode(parent: CategoryNode, keyId: string): KeysNode;
}

export abstract class KeysNode {
  abstract readonly id: string;
  constructor(readonly parent: KeysNode | undefined) {}
  abstract treeItem(): vscode.TreeItem;
  async children(): Promise<KeysNode[]> {
    return [];
  }
  /** Fills in what is slow to get (a tooltip that needs a request); called when the item is hovered. */
  async resolve(item: vscode.TreeItem): Promise<vscode.TreeItem> {
    return item;
  }
}

/**
 * Runs `load` and turns its outcome into rows the same way at every level: the rows, a bracketed empty row, or one
 * error row that opens the log (the failure is logged, never shown as a toast from getChildren).
 */
export async function childrenOrMessage(
  parent: KeysNode,
  ctx: KeysTreeContext,
  failure: { what: string; region: string; operation: string; label: string },
  empty: string,
  load: () => Promise<KeysNode[]>,
): Promise<KeysNode[]> {
  try {
    const rows = await load();
    return rows.length > 0 ? rows : [new MessageNode(parent, 'empty', empty)];
  } catch (error) {
    const cause = ctx.describeFailure(error, failure.region, failure.operation);
    ctx.log.error(`${failure.what} failed: ${cause}`, 'keysTree');
    return [new MessageNode(parent, 'error', failure.label, cause)];
  }
}

export class RegionNode extends KeysNode {
  readonly id: string;
  readonly categories: Record<KeyCategory, CategoryNode>;

  /** The keys of the region for this refresh: nodes keep their own, so a node drawn before a refresh stays whole. */
  constructor(
    readonly region: string,
    readonly catalogue: KeyCatalogue,
    private readonly ctx: KeysTreeContext,
  ) {
    super(undefined);
    this.id = `region/${region}`;
    this.categories = { customer: new CategoryNode(this, 'customer', ctx), aws: new CategoryNode(this, 'aws', ctx) };
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.region, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('globe');
    item.contextValue = 'kmsRegion';
    item.tooltip = vscode.l10n.t('KMS keys in {0}', this.region);
    return item;
  }

  /** One error row for the region when its first listing fails, instead of one per category. */
  override async children(): Promise<KeysNode[]> {
    return childrenOrMessage(
      this,
      this.ctx,
      {
        what: `listing keys in ${this.region}`,
        region: this.region,
        operation: 'ListKeys',
        label: vscode.l10n.t('Failed to load keys — click for log'),
      },
      '',
      async () => {
        await this.categories.customer.load();
        return [this.categories.customer, this.categories.aws];
      },
    );
  }
}

export class CategoryNode extends KeysNode {
  readonly id: string;
  /** How many keys this category shows; "Load more…" adds a page. */
  private shown: number;
  /** One node per key for the life of this refresh, so expansion and reveal keep working. */
  private readonly keyNodes = new Map<string, KeysNode>();

  constructor(
    readonly regionNode: RegionNode,
    readonly category: KeyCategory,
    private readonly ctx: KeysTreeContext,
  ) {
    super(regionNode);
    this.id = `${regionNode.id}/${category}`;
    this.shown = ctx.pageSize();
  }

  get region(): string {
    return this.regionNode.region;
  }
  get catalogue(): KeyCatalogue {
    return this.regionNode.catalogue;
  }

  treeItem(): vscode.TreeItem {
    const customer = this.category === 'customer';
    const item = new vscode.TreeItem(
      customer ? vscode.l10n.t('Customer managed keys') : vscode.l10n.t('AWS managed keys'),
      customer ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(customer ? 'account' : 'cloud');
    item.contextValue = `kmsKeyCategory category-${this.category}`;
    return item;
  }

  async load(): Promise<{ keys: KeyEntry[]; more: boolean }> {
    return this.catalogue.keys(this.category, this.shown);
  }

  override async children(): Promise<KeysNode[]> {
    const empty =
      this.category === 'customer' ? vscode.l10n.t('No customer managed keys') : vscode.l10n.t('No AWS managed keys');
    return childrenOrMessage(
      this,
      this.ctx,
      {
        what: `listing ${this.category} keys in ${this.region}`,
        region: this.region,
        operation: 'ListKeys',
        label: vscode.l10n.t('Failed to load keys — click for log'),
      },
      empty,
      async () => {
        const { keys, more } = await this.load();
        const sorted = [...keys].sort((a, b) =>
          keyLabel(a).localeCompare(keyLabel(b), undefined, { sensitivity: 'base' }),
        );
        const nodes = sorted.map((entry) => this.keyNode(entry.keyId));
        return more ? [...nodes, new LoadMoreNode(this)] : nodes;
      },
    );
  }

  keyNode(keyId: string): KeysNode {
    let node = this.keyNodes.get(keyId);
    if (!node) {
      node = this.ctx.createKeyNode(this, keyId);
      this.keyNodes.set(keyId, node);
    }
    return node;
  }

  /** The row of a key if this category has shown it. */
  shownKeyNode(keyId: string): KeysNode | undefined {
    return this.keyNodes.get(keyId);
  }

  /** Shows one more page. */
  loadMore(): void {
    this.shown += this.ctx.pageSize();
  }

  /** Makes sure `keyId` is among the shown keys (for reveal). */
  async show(keyId: string): Promise<boolean> {
    for (;;) {
      const { keys, more } = await this.catalogue.keys(this.category, this.shown);
      if (keys.some((k) => k.keyId === keyId)) {
        return true;
      }
      if (!more) {
        return false;
      }
      this.loadMore();
    }
  }
}

export class MessageNode extends KeysNode {
  readonly id: string;

  constructor(
    parent: KeysNode,
    readonly kind: 'empty' | 'error',
    readonly label: string,
    readonly detail?: string,
  ) {
    super(parent);
    this.id = `${parent.id}/${kind}`;
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = `kmsMessage message-${this.kind}`;
    if (this.kind === 'error') {
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      item.tooltip = this.detail;
      item.command = { command: 'awsKms.log.show', title: vscode.l10n.t('Show Log') };
    }
    return item;
  }
}

export class LoadMoreNode extends KeysNode {
  readonly id: string;

  constructor(readonly category: CategoryNode) {
    super(category);
    this.id = `${category.id}/load-more`;
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('more');
    item.contextValue = 'kmsLoadMore';
    item.command = { command: 'awsKms.keys.loadMore', title: vscode.l10n.t('Load More'), arguments: [this.category] };
    return item;
  }
}
