import type { KeyEntry } from './keyCatalogue';
import type { KmsCall } from './kmsCall';
import { describeKey, type AliasIndex, type DescribedKey } from './keyListings';

/** The keys one catalogue has described, by key id, and how a described key gets its aliases. */
export class KeyEntries {
  private readonly byId = new Map<string, KeyEntry>();

  constructor(private readonly send: KmsCall) {}

  get(id: string): KeyEntry | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  all(): KeyEntry[] {
    return [...this.byId.values()];
  }

  /** The entries of `ids` in that order, leaving out keys not described. */
  of(ids: readonly string[]): KeyEntry[] {
    return ids.map((id) => this.byId.get(id)).filter((e): e is KeyEntry => e !== undefined);
  }

  set(id: string, entry: KeyEntry): void {
    this.byId.set(id, entry);
  }

  delete(id: string): void {
    this.byId.delete(id);
  }

  /** Merges `change` into a described key; false if the key is not described. */
  update(id: string, change: Partial<KeyEntry>): boolean {
    const entry = this.byId.get(id);
    if (entry) {
      this.byId.set(id, { ...entry, ...change });
    }
    return entry !== undefined;
  }

  /** DescribeKey, keeping the ARN already known of a key the caller may not describe. */
  async describe(id: string): Promise<DescribedKey | undefined> {
    return describeKey(this.send, id, this.byId.get(id)?.arn);
  }

  /** DescribeKey for each key at once (the request pool bounds and paces it); described keys come from the cache. */
  async describeAll(ids: string[]): Promise<KeyEntry[]> {
    const results = await Promise.all(
      ids.map(async (id) => {
        const entry = this.byId.get(id) ?? (await this.describe(id).then((d) => d && { ...d, aliases: [] }));
        if (entry) {
          this.byId.set(id, entry);
        }
        return entry;
      }),
    );
    return results.filter((e): e is KeyEntry => e !== undefined);
  }

  /** Attaches the aliases of the index to freshly described entries. */
  withAliases(entries: KeyEntry[], index: AliasIndex): KeyEntry[] {
    return entries.map((entry) => {
      const aliases = index.byKey.get(entry.keyId);
      if (!aliases || entry.aliases.length > 0) {
        return entry;
      }
      const withAliases = { ...entry, aliases };
      this.byId.set(entry.keyId, withAliases);
      return withAliases;
    });
  }
}
