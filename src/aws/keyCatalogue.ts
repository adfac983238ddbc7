import type { RotationsListEntry } from '@aws-sdk/client-kms';
import { hasKeyMaterialRotations, supportsAutomaticRotation } from './keyStatus';
import type { KmsCall } from './kmsCall';
import {
  AWS_ALIAS,
  aliasIndex,
  aliasNamesOf,
  keyIdOf,
  listAllAliases,
  listAllMaterials,
  rotationInfo,
  type AliasIndex,
  type DescribedKey,
  type RotationInfo,
} from './keyListings';
import { KeyEntries } from './keyEntries';
import { BackgroundLoads, LoadPerKey } from './keyLoads';
import { ListingOrder } from './listingOrder';
import { DEFAULT_KMS_RATES, RequestPool } from './requestPool';

/**
 * The keys of one region as the Keys tree shows them, loaded for one refresh: ListKeys page by page, DescribeKey for
 * every listed key, all aliases once (ListAliases), and in the background the key materials of EXTERNAL keys
 * (ListKeyRotations with ALL_KEY_MATERIAL). Every request goes through a RequestPool, so many keys load fast without
 * tripping KMS request quotas. Responses are cached until the next refresh builds a new catalogue; `reload()` brings
 * one key up to date after a command changed it. No VS Code API here: the benchmark and the unit tests drive it in Node.
 */

export type KeyCategory = 'customer' | 'aws';
export { keyIdOf, type RotationInfo } from './keyListings';

export interface KeyEntry extends DescribedKey {
  /** Alias names (`alias/…`), sorted. */
  aliases: readonly string[];
  /** ListKeyRotations ALL_KEY_MATERIAL, once loaded (EXTERNAL and AWS_KMS symmetric keys only). */
  materials?: readonly RotationsListEntry[];
}

export interface KeyPage {
  keys: KeyEntry[];
  /** More keys of the category may exist beyond `count`. */
  more: boolean;
}

export interface KeyCatalogueOptions {
  region: string;
  call: KmsCall;
  /** Shared by the catalogues of one region across refreshes; default: a new pool with DEFAULT_KMS_RATES. */
  pool?: RequestPool;
  /** ListKeys page size, 1–1000. */
  pageSize?: number;
  /** Load the materials of EXTERNAL symmetric keys in the background after each page (default true). */
  backgroundMaterials?: boolean;
  /** Failures of background loads (the foreground ones throw). */
  onBackgroundError?: (what: string, error: unknown) => void;
}

export class KeyCatalogue {
  readonly region: string;
  private readonly send: KmsCall;
  private readonly pageSize: number;
  private readonly entries: KeyEntries;
  private readonly listed = new ListingOrder();
  private marker: string | undefined;
  private complete = false;
  private paging: Promise<void> | undefined;
  private aliasIndex: Promise<AliasIndex> | undefined;
  private readonly materialLoads = new LoadPerKey<readonly RotationsListEntry[]>((id, materials) =>
    this.update(id, { materials }),
  );
  private readonly rotationLoads = new LoadPerKey<RotationInfo>((id, info) => {
    this.rotations.set(id, info);
    this.notify(id);
  });
  private readonly rotations = new Map<string, RotationInfo>();
  private readonly background: BackgroundLoads;
  private readonly listeners = new Set<(keyId: string | undefined) => void>();

  constructor(private readonly options: KeyCatalogueOptions) {
    this.region = options.region;
    this.pageSize = Math.min(1000, Math.max(1, Math.floor(options.pageSize ?? 100)));
    this.send = (options.pool ?? new RequestPool({ ratesPerSecond: DEFAULT_KMS_RATES })).wrap(options.call);
    this.background = new BackgroundLoads(options.onBackgroundError);
    this.entries = new KeyEntries(this.send);
  }

  /**
   * Called with a key id when that key's entry changed after it was listed (materials arrived, reload), and with
   * undefined when more keys were listed.
   */
  onDidChange(listener: (keyId: string | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The first `count` keys of a category, listing more ListKeys pages as needed. */
  async keys(category: KeyCategory, count: number): Promise<KeyPage> {
    if (category === 'aws') {
      return this.awsManagedKeys(count);
    }
    for (;;) {
      const customer = this.listedEntries().filter((e) => this.categoryOf(e) === 'customer');
      if (customer.length >= count || this.complete) {
        return { keys: customer.slice(0, count), more: customer.length > count || !this.complete };
      }
      await this.nextPage();
    }
  }

  /** Every key listed so far, in ListKeys order. */
  listedEntries(): KeyEntry[] {
    return this.entries.of(this.listed.list());
  }

  /** Every key described so far, listed or not (AWS managed keys are described from the alias index). */
  allEntries(): KeyEntry[] {
    return this.entries.all();
  }

  get listingComplete(): boolean {
    return this.complete;
  }

  entry(keyIdOrArn: string): KeyEntry | undefined {
    return this.entries.get(keyIdOf(keyIdOrArn));
  }

  categoryOf(entry: KeyEntry): KeyCategory {
    if (entry.metadata) {
      return entry.metadata.KeyManager === 'AWS' ? 'aws' : 'customer';
    }
    return entry.aliases.some((a) => AWS_ALIAS.test(a)) ? 'aws' : 'customer';
  }

  /** Lists one more ListKeys page and describes its keys. Concurrent callers share the page. */
  async nextPage(): Promise<void> {
    this.paging ??= this.listPage().finally(() => {
      this.paging = undefined;
    });
    return this.paging;
  }

  /** The key materials (ListKeyRotations ALL_KEY_MATERIAL); cached until reload(). Empty for keys without rotations. */
  async materials(keyId: string): Promise<readonly RotationsListEntry[]> {
    const id = keyIdOf(keyId);
    return this.materialLoads.get(id, async () => this.listMaterials(id));
  }

  /** Automatic rotation (GetKeyRotationStatus) and the last rotation (from the materials) of a symmetric AWS_KMS key. */
  async rotation(keyId: string): Promise<RotationInfo> {
    const id = keyIdOf(keyId);
    return this.rotationLoads.get(id, async () => this.loadRotation(id));
  }

  /** The rotation status if it was loaded, without loading it. */
  knownRotation(keyId: string): RotationInfo | undefined {
    return this.rotations.get(keyIdOf(keyId));
  }

  /**
   * Brings one key up to date after a command changed it (or created it): DescribeKey, its aliases, its materials
   * when it has any, and its rotation status when it can rotate automatically. A new key joins the listing.
   * Undefined if the key no longer exists.
   */
  async reload(keyIdOrArn: string): Promise<KeyEntry | undefined> {
    const id = keyIdOf(keyIdOrArn);
    this.rotations.delete(id);
    this.materialLoads.forget(id);
    this.rotationLoads.forget(id);
    const [described, aliases] = await Promise.all([this.entries.describe(id), aliasNamesOf(this.send, id)]);
    if (!described) {
      this.entries.delete(id);
      this.listed.remove(id);
      this.notify(id);
      return undefined;
    }
    const entry: KeyEntry = { ...described, aliases };
    this.entries.set(id, entry);
    if (this.categoryOf(entry) === 'customer') {
      this.listed.prepend(id);
    }
    if (entry.metadata && hasKeyMaterialRotations(entry.metadata)) {
      await this.materials(id).catch(() => undefined);
    }
    if (entry.metadata && supportsAutomaticRotation(entry.metadata)) {
      await this.rotation(id).catch(() => undefined);
    }
    this.notify(id);
    return this.entries.get(id);
  }

  /** Resolves once the background loads started so far have finished (benchmark, tests). */
  async settled(): Promise<void> {
    return this.background.settled();
  }

  private async listPage(): Promise<void> {
    if (this.complete) {
      return;
    }
    // The alias walk runs beside ListKeys and DescribeKey; the page waits for it only at the end.
    const index = this.aliases();
    index.catch(() => undefined); // awaited below; this only keeps a failure after a failed ListKeys from going unhandled
    const page = await this.send('ListKeys', { Limit: this.pageSize, ...(this.marker && { Marker: this.marker }) });
    const ids = (page.Keys ?? []).map((k) => k.KeyId).filter((id): id is string => !!id && !this.listed.has(id));
    const described = this.entries.withAliases(await this.entries.describeAll(ids), await index);
    for (const { keyId } of described) {
      this.listed.append(keyId);
    }
    this.marker = page.Truncated ? page.NextMarker : undefined;
    this.complete = !page.Truncated || !page.NextMarker;
    this.loadMaterialsInBackground(described);
    this.notify(undefined);
  }

  private async awsManagedKeys(count: number): Promise<KeyPage> {
    const index = await this.aliases();
    const ids = new Set(index.awsManaged);
    for (const entry of this.entries.all()) {
      if (this.categoryOf(entry) === 'aws') {
        ids.add(entry.keyId);
      }
    }
    const wanted = [...ids].slice(0, count);
    this.entries.withAliases(await this.entries.describeAll(wanted.filter((id) => !this.entries.has(id))), index);
    return { keys: this.entries.of(wanted), more: ids.size > count };
  }

  /** After a page is listed: the key materials of its EXTERNAL symmetric keys, for staged material and its expiry. */
  private loadMaterialsInBackground(entries: KeyEntry[]): void {
    if (this.options.backgroundMaterials === false) {
      return;
    }
    for (const entry of entries) {
      if (entry.metadata?.Origin === 'EXTERNAL' && hasKeyMaterialRotations(entry.metadata) && !entry.materials) {
        this.background.track(this.materials(entry.keyId), `key material of ${entry.arn}`);
      }
    }
  }

  private async aliases(): Promise<AliasIndex> {
    this.aliasIndex ??= listAllAliases(this.send)
      .then(aliasIndex)
      .catch((error: unknown) => {
        this.aliasIndex = undefined;
        throw error;
      });
    return this.aliasIndex;
  }

  private async listMaterials(id: string): Promise<readonly RotationsListEntry[]> {
    const meta = this.entries.get(id)?.metadata;
    return meta && !hasKeyMaterialRotations(meta) ? [] : listAllMaterials(this.send, id);
  }

  private async loadRotation(id: string): Promise<RotationInfo> {
    const [status, materials] = await Promise.all([
      this.send('GetKeyRotationStatus', { KeyId: id }),
      this.materials(id),
    ]);
    return rotationInfo(status, materials);
  }

  private update(id: string, change: Partial<KeyEntry>): void {
    if (this.entries.update(id, change)) {
      this.notify(id);
    }
  }

  private notify(id: string | undefined): void {
    for (const listener of this.listeners) {
      listener(id);
    }
  }
}
