import * as vscode from 'vscode';
import { describeAwsError } from '../aws/awsErrors';
import { KeyCatalogue, keyIdOf, type KeyEntry } from '../aws/keyCatalogue';
import { kmsCall, type KmsCall } from '../aws/kmsCall';
import { DEFAULT_KMS_RATES, RequestPool } from '../aws/requestPool';
import type { ConnectionManager } from '../connections/connectionManager';
import type { Logger } from '../platform/logger';
import type { Settings } from '../platform/settings';
import { KeyNode } from './keyNode';
import { expiringKeys, type ExpiringKey } from './model/expiringKeys';
import { TreeFetches } from './treeFetches';
import { CategoryNode, RegionNode, type KeysNode, type KeysTreeContext } from './nodes';

export const KEYS_VIEW_ID = 'awsKms.keys';

/** Everything one refresh loaded; a refresh starts a new one, so expansion survives through stable ids, not objects. */
interface Generation {
  regions: RegionNode[];
  catalogues: Map<string, KeyCatalogue>;
  unsubscribe: (() => void)[];
}

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * The Keys view: regions of the active connection → customer / AWS managed keys → keys → key materials, rotation
 * and aliases. Data comes from one KeyCatalogue per region per refresh; requests of a region share one RequestPool.
 */
export class KeysTreeProvider implements vscode.TreeDataProvider<KeysNode>, KeysTreeContext, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<KeysNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly expiringChanged = new vscode.EventEmitter<void>();
  private readonly keyChangedEmitter = new vscode.EventEmitter<{ region: string; keyId?: string }>();
  /** A key's entry changed (a command reloaded it, a page loaded it), or, without keyId, every key (a refresh). */
  readonly onDidChangeKey = this.keyChangedEmitter.event;
  /** Fires when the set of keys with expiring material may have changed. */
  readonly onDidChangeExpiring = this.expiringChanged.event;
  private readonly pools = new Map<string, RequestPool>();
  private readonly fetches = new TreeFetches();
  private generation: Generation | undefined;
  private view: vscode.TreeView<KeysNode> | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly connections: ConnectionManager,
    private readonly settings: Settings,
    readonly log: Logger,
  ) {
    this.subscription = connections.onDidChange(() => this.refresh());
  }

  /** The view that shows this provider (for reveal). */
  attach(view: vscode.TreeView<KeysNode>): vscode.Disposable {
    this.view = view;
    return this.fetches.attach(view);
  }

  /**
   * Forgets everything loaded and redraws the tree. For the expiry warning, the first page of each region loads at
   * once even while the view is hidden — unless the credentials may ask for an MFA code (a role profile): a prompt
   * nobody asked for is worse than a warning that waits for the view.
   */
  refresh(): void {
    this.generation?.unsubscribe.forEach((off) => off());
    this.generation = undefined;
    this.changed.fire(undefined);
    this.expiringChanged.fire();
    const generation = this.current();
    for (const region of generation.regions) {
      this.keyChangedEmitter.fire({ region: region.region });
    }
    const connection = this.connections.connection;
    const mayPrompt = connection?.kind === 'profile' && connection.credentialKind === 'role';
    if (this.warningDays() > 0 && !mayPrompt) {
      for (const region of generation.regions) {
        region.catalogue
          .keys('customer', this.pageSize())
          .catch((error: unknown) =>
            this.log.debug(
              `background listing of ${region.region}: ${this.describeFailure(error, region.region, 'ListKeys')}`,
              'keysTree',
            ),
          );
      }
    }
  }

  /** The regions the tree lists: the sandbox's one, else `awsKms.regions`, else the connection's region. */
  regions(): string[] {
    const connection = this.connections.connection;
    if (!connection) {
      return [];
    }
    if (connection.kind === 'sandbox') {
      return [connection.region];
    }
    const configured = (this.settings.get('regions') ?? []).filter(
      (r): r is string => typeof r === 'string' && REGION_PATTERN.test(r),
    );
    if (configured.length > 0) {
      return [...new Set(configured)];
    }
    return connection.region ? [connection.region] : [];
  }

  /** The catalogue of a region for the current refresh (the tree's, or a new one for a region the tree does not list). */
  catalogue(region: string): KeyCatalogue {
    const generation = this.current();
    return generation.catalogues.get(region) ?? this.createCatalogue(generation, region);
  }

  private createCatalogue(generation: Generation, region: string): KeyCatalogue {
    const catalogue = new KeyCatalogue({
      region,
      call: this.callFor(region),
      pool: this.pool(region),
      pageSize: this.pageSize(),
      onBackgroundError: (what, error) =>
        this.log.warn(`${what}: ${this.describeFailure(error, region, 'ListKeyRotations')}`, 'keysTree'),
    });
    generation.catalogues.set(region, catalogue);
    generation.unsubscribe.push(
      catalogue.onDidChange((keyId) => {
        const node = keyId === undefined ? undefined : shownKeyNode(generation, keyId);
        if (node) {
          this.changed.fire(node);
        }
        this.expiringChanged.fire();
        this.keyChangedEmitter.fire({ region, ...(keyId !== undefined && { keyId }) });
      }),
    );
    return catalogue;
  }

  pageSize(): number {
    const value = Number(this.settings.get('maxItemsPerPage'));
    return Number.isFinite(value) ? Math.min(1000, Math.max(1, Math.floor(value))) : 100;
  }

  warningDays(): number {
    const value = Number(this.settings.get('materialExpiryWarningDays'));
    return Number.isFinite(value) ? Math.max(0, value) : 30;
  }

  now(): number {
    return Date.now();
  }

  describeFailure(error: unknown, region: string, operation: string): string {
    return describeAwsError(error, { connection: this.connections.connection, region, operation }).message;
  }

  createKeyNode(parent: CategoryNode, keyId: string): KeyNode {
    return new KeyNode(parent, keyId, this);
  }

  /** The node shown for a key, if the tree has shown it in this refresh. */
  findKeyNode(keyIdOrArn: string): KeyNode | undefined {
    return this.generation && shownKeyNode(this.generation, keyIdOf(keyIdOrArn));
  }

  /**
   * After a command changed a key (or created one): reloads just that key and redraws its row; a new key appears
   * in its category. Does nothing for a region the tree has not loaded.
   */
  async keyChanged(keyIdOrArn: string, region: string): Promise<KeyEntry | undefined> {
    const catalogue = this.generation?.catalogues.get(region);
    if (!catalogue) {
      return undefined;
    }
    const known = this.findKeyNode(keyIdOrArn) !== undefined;
    const entry = await catalogue.reload(keyIdOrArn);
    if (!known || !entry) {
      this.changed.fire(this.regionNode(region)?.categories.customer);
    }
    return entry;
  }

  /**
   * Resolves once what a refresh loads by itself has loaded: the first page of each region and the key materials of
   * its imported keys. Right after a refresh the catalogues are empty; a command that reads them (Show Expiring Key
   * Material) would find nothing, or only some keys, though the status bar had just said otherwise.
   */
  async loaded(): Promise<void> {
    const generation = this.current();
    await Promise.all(
      generation.regions.map(async (region) => {
        await region.catalogue.keys('customer', this.pageSize()).catch(() => undefined); // a failure shows in the tree
        await region.catalogue.settled();
      }),
    );
  }

  /** Keys whose imported material expires within the warning window, soonest first. */
  expiringKeys(): ExpiringKey[] {
    return expiringKeys(this.generation?.catalogues ?? [], this.now(), this.warningDays());
  }

  /** Shows a key in the tree: loads pages of its category until it is there, expands, selects and focuses it. */
  async reveal(keyIdOrArn: string, region: string): Promise<boolean> {
    const regionNode = this.regionNode(region);
    const entry = this.catalogue(region).entry(keyIdOrArn);
    if (!regionNode || !entry) {
      return false;
    }
    const category = regionNode.categories[this.catalogue(region).categoryOf(entry)];
    if (!(await category.show(entry.keyId))) {
      return false;
    }
    // Another view or a panel may hide the Keys view; a reveal there may not select anything until it is shown.
    await vscode.commands.executeCommand(`${KEYS_VIEW_ID}.focus`);
    // Redraw the category so VS Code has the key's row, and let that fetch finish first. A reveal that overlaps
    // VS Code's own fetch of the same rows loses: VS Code drops the rows the reveal fetched, fails to find the
    // key among them, and logs it without telling the caller, so nothing gets selected.
    const redrawn =
      this.fetches.isExpanded(regionNode) && this.fetches.isExpanded(category)
        ? this.fetches.nextFetch(category)
        : undefined;
    this.changed.fire(category);
    await redrawn;
    await this.view?.reveal(category.keyNode(entry.keyId), { select: true, focus: true, expand: true });
    return true;
  }

  regionNode(region: string): RegionNode | undefined {
    return this.current().regions.find((r) => r.region === region);
  }

  loadMore(category: CategoryNode): void {
    category.loadMore();
    this.changed.fire(category);
  }

  getTreeItem(node: KeysNode): vscode.TreeItem {
    return node.treeItem();
  }

  async getChildren(node?: KeysNode): Promise<KeysNode[]> {
    if (!node) {
      return this.current().regions;
    }
    return this.fetches.fetch(node, async () =>
      vscode.window.withProgress({ location: { viewId: KEYS_VIEW_ID } }, async () => node.children()),
    );
  }

  getParent(node: KeysNode): KeysNode | undefined {
    return node.parent;
  }

  async resolveTreeItem(item: vscode.TreeItem, node: KeysNode): Promise<vscode.TreeItem> {
    return node.resolve(item);
  }

  dispose(): void {
    this.generation?.unsubscribe.forEach((off) => off());
    this.subscription.dispose();
    this.changed.dispose();
    this.expiringChanged.dispose();
    this.keyChangedEmitter.dispose();
  }

  private current(): Generation {
    if (!this.generation) {
      const generation: Generation = { regions: [], catalogues: new Map(), unsubscribe: [] };
      generation.regions = this.regions().map((r) => new RegionNode(r, this.createCatalogue(generation, r), this));
      this.generation = generation;
    }
    return this.generation;
  }

  private pool(region: string): RequestPool {
    const key = `${this.connections.connection?.id ?? ''}\u0000${region}`;
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new RequestPool({ ratesPerSecond: DEFAULT_KMS_RATES });
      this.pools.set(key, pool);
    }
    return pool;
  }

  /** A KmsCall for a region that asks the connection for its client at request time (clients are created lazily). */
  private callFor(region: string): KmsCall {
    return async (operation, input, signal) => kmsCall(await this.connections.client(region))(operation, input, signal);
  }
}

function shownKeyNode(generation: Generation, keyId: string): KeyNode | undefined {
  for (const region of generation.regions) {
    for (const category of Object.values(region.categories)) {
      const node = category.shownKeyNode(keyId);
      if (node) {
        return node as KeyNode;
      }
    }
  }
  return undefined;
}
