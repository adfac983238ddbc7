import type { KeyMetadata, RotationsListEntry } from '@aws-sdk/client-kms';
import { hasKeyMaterialRotations, supportsAutomaticRotation } from './keyStatus';
import type { KmsCall } from './kmsCall';
import {
  AWS_ALIAS,
  aliasIndex,
  keyIdOf,
  listAllAliases,
  listAllMaterials,
  rotationInfo,
  type AliasIndex,
  type RotationInfo,
} from './keyListings';
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

export interface KeyEntry {
  keyId: string;
  arn: string;
  /** Undefined when DescribeKey was denied; `problem` says why. */
  metadata?: KeyMetadata;
  problem?: string;
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
  private readonly entries = new Map<string, KeyEntry>();
  /** Key ids in ListKeys order (a key created through reload() first). */
  private listed: string[] = [];
  private readonly listedIds = new Set<string>();
  private marker: string | undefined;
  private complete = false;
  private paging: Promise<void> | undefined;
  private aliasIndex: Promise<AliasIndex> | undefined;
  private readonly materialLoads = new Map<string, Promise<readonly RotationsListEntry[]>>();
  private readonly rotationLoads = new Map<string, Promise<RotationInfo>>();
  private readonly rotations = new Map<string, RotationInfo>();
  private readonly background = new Set<Promise<unknown>>();
  private readonly listeners = new Set<(keyId: string | undefined) => void>();

  constructor(private readonly options: KeyCatalogueOptions) {
    this.region = options.region;
    this.pageSize = Math.min(1000, Math.max(1, Math.floor(options.pageSize ?? 100)));
    this.send = (options.pool ?? new RequestPool({ ratesPerSecond: DEFAULT_KMS_RATES })).wrap(options.call);
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
    return this.listed.map((id) => this.entries.get(id)).filter((e): e is KeyEntry => e !== undefined);
  }

  /** Every key described so far, listed or not (AWS managed keys are described from the alias index). */
  allEntries(): KeyEntry[] {
    return [...this.entries.values()];
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
    return this.once(
      this.materialLoads,
      id,
      async () => this.listMaterials(id),
      (materials) => this.update(id, { materials }),
    );
  }

  /** Automatic rotation (GetKeyRotationStatus) and the last rotation (from the materials) of a symmetric AWS_KMS key. */
  async rotation(keyId: string): Promise<RotationInfo> {
    const id = keyIdOf(keyId);
    return this.once(
      this.rotationLoads,
      id,
      async () => this.loadRotation(id),
      (info) => {
        this.rotations.set(id, info);
        this.notify(id);
      },
    );
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
    this.materialLoads.delete(id);
    this.rotationLoads.delete(id);
    const [described, aliases] = await Promise.all([
      this.describe(id),
      listAllAliases(this.send, { KeyId: id }).then((list) =>
        list
          .map((a) => a.AliasName ?? '')
          .filter(Boolean)
          .sort(),
      ),
    ]);
    if (!described) {
      this.entries.delete(id);
      this.listed = this.listed.filter((k) => k !== id);
      this.listedIds.delete(id);
      this.notify(id);
      return undefined;
    }
    const entry: KeyEntry = { ...described, aliases };
    this.entries.set(id, entry);
    if (!this.listedIds.has(id) && this.categoryOf(entry) === 'customer') {
      this.listed.unshift(id);
      this.listedIds.add(id);
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
    while (this.background.size > 0) {
      await Promise.allSettled([...this.background]);
    }
  }

  private async listPage(): Promise<void> {
    if (this.complete) {
      return;
    }
    // The alias walk runs beside ListKeys and DescribeKey; the page waits for it only at the end.
    const index = this.aliases();
    index.catch(() => undefined); // awaited below; this only keeps a failure after a failed ListKeys from going unhandled
    const page = await this.send('ListKeys', { Limit: this.pageSize, ...(this.marker && { Marker: this.marker }) });
    const ids = (page.Keys ?? []).map((k) => k.KeyId).filter((id): id is string => !!id && !this.listedIds.has(id));
    const described = this.withAliases(await this.describeAll(ids), await index);
    for (const { keyId } of described) {
      if (!this.listedIds.has(keyId)) {
        this.listed.push(keyId);
        this.listedIds.add(keyId);
      }
    }
    this.marker = page.Truncated ? page.NextMarker : undefined;
    this.complete = !page.Truncated || !page.NextMarker;
    this.loadMaterialsInBackground(described);
    this.notify(undefined);
  }

  private async awsManagedKeys(count: number): Promise<KeyPage> {
    const index = await this.aliases();
    const ids = new Set(index.awsManaged);
    for (const entry of this.entries.values()) {
      if (this.categoryOf(entry) === 'aws') {
        ids.add(entry.keyId);
      }
    }
    const wanted = [...ids].slice(0, count);
    this.withAliases(await this.describeAll(wanted.filter((id) => !this.entries.has(id))), index);
    const keys = wanted.map((id) => this.entries.get(id)).filter((e): e is KeyEntry => e !== undefined);
    return { keys, more: ids.size > count };
  }

  /** DescribeKey for each key at once (the pool bounds and paces it); already described keys come from the cache. */
  private async describeAll(ids: string[]): Promise<KeyEntry[]> {
    const results = await Promise.all(
      ids.map(async (id) => {
        const entry = this.entries.get(id) ?? (await this.describe(id).then((d) => d && { ...d, aliases: [] }));
        if (entry) {
          this.entries.set(id, entry);
        }
        return entry;
      }),
    );
    return results.filter((e): e is KeyEntry => e !== undefined);
  }

  /** Attaches the aliases of the index to freshly described entries. */
  private withAliases(entries: KeyEntry[], index: AliasIndex): KeyEntry[] {
    return entries.map((entry) => {
      const aliases = index.byKey.get(entry.keyId);
      if (!aliases || entry.aliases.length > 0) {
        return entry;
      }
      const withAliases = { ...entry, aliases };
      this.entries.set(entry.keyId, withAliases);
      return withAliases;
    });
  }

  /** After a page is listed: the key materials of its EXTERNAL symmetric keys, for staged material and its expiry. */
  private loadMaterialsInBackground(entries: KeyEntry[]): void {
    if (this.options.backgroundMaterials === false) {
      return;
    }
    for (const entry of entries) {
      if (entry.metadata?.Origin === 'EXTERNAL' && hasKeyMaterialRotations(entry.metadata) && !entry.materials) {
        this.track(this.materials(entry.keyId), `key material of ${entry.arn}`);
      }
    }
  }

  /** DescribeKey; a key the caller may not describe is still listed (with `problem`), a deleted one is dropped. */
  private async describe(id: string): Promise<Omit<KeyEntry, 'aliases'> | undefined> {
    try {
      const { KeyMetadata: meta } = await this.send('DescribeKey', { KeyId: id });
      if (!meta?.KeyId || !meta.Arn) {
        throw new Error(`DescribeKey returned no key metadata for ${id}`);
      }
      return { keyId: meta.KeyId, arn: meta.Arn, metadata: meta };
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'NotFoundException') {
        return undefined;
      }
      if (name === 'AccessDeniedException') {
        return { keyId: id, arn: this.entries.get(id)?.arn ?? id, problem: `${name}: ${(error as Error).message}` };
      }
      throw error;
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

  /** One load per key until reload(): callers share it, a failure is forgotten, the answer of a superseded load ignored. */
  private async once<T>(
    loads: Map<string, Promise<T>>,
    id: string,
    start: () => Promise<T>,
    done: (value: T) => void,
  ): Promise<T> {
    const running = loads.get(id);
    if (running) {
      return running;
    }
    const started = start();
    loads.set(id, started);
    started.then(
      (value) => {
        if (loads.get(id) === started) {
          done(value);
        }
      },
      () => {
        if (loads.get(id) === started) {
          loads.delete(id);
        }
      },
    );
    return started;
  }

  private update(id: string, change: Partial<KeyEntry>): void {
    const entry = this.entries.get(id);
    if (!entry) {
      return;
    }
    this.entries.set(id, { ...entry, ...change });
    this.notify(id);
  }

  private notify(id: string | undefined): void {
    for (const listener of this.listeners) {
      listener(id);
    }
  }

  private track(load: Promise<unknown>, what: string): void {
    const tracked = load
      .catch((error: unknown) => this.options.onBackgroundError?.(what, error))
      .finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }
}
