import { createHash } from 'node:crypto';
import type * as Esdk from '@aws-crypto/client-node';
import type { Keyring, MaterialsManager, Sdks } from './esdk';
import type { DecryptKeys } from './types';

/**
 * Keyrings and materials managers: the KMS keyring over our client supplier, the data-key cache that lets a batch
 * of files share one GenerateDataKey, and a manager that remembers a fingerprint of the data key so the
 * `dataKey` verification can compare what KMS decrypts with what encrypted the file.
 */

/** The first key generates the data key (GenerateDataKey); each other key wraps it too (one Encrypt call each). */
export function encryptionKeyring(sdks: Sdks, supplier: Esdk.KmsNodeClientSupplier, keys: string[]): Keyring {
  /* Precondition: at least one wrapping key. */
  if (keys.length === 0) {
    throw new Error('encryptionKeyring needs at least one key.');
  }
  return new sdks.esdk.KmsKeyringNode({ clientProvider: supplier, generatorKeyId: keys[0], keyIds: keys.slice(1) });
}

/** Strict: only the given ARNs are tried. Discovery: any KMS key in the file, within the account filter if any. */
export function decryptionKeyring(sdks: Sdks, supplier: Esdk.KmsNodeClientSupplier, keys: DecryptKeys): Keyring {
  const { KmsKeyringNode } = sdks.esdk;
  if ('keyArns' in keys) {
    return new KmsKeyringNode({ clientProvider: supplier, keyIds: keys.keyArns });
  }
  const { accountIds, partition = 'aws' } = keys;
  return new KmsKeyringNode({
    clientProvider: supplier,
    discovery: true,
    ...(accountIds && accountIds.length > 0 && { discoveryFilter: { accountIDs: accountIds, partition } }),
  });
}

type Cache = ReturnType<typeof Esdk.getLocalCryptographicMaterialsCache<Esdk.NodeAlgorithmSuite>>;
type Entry =
  | Exclude<ReturnType<Cache['getEncryptionMaterial']>, false>
  | Exclude<ReturnType<Cache['getDecryptionMaterial']>, false>;

/**
 * The local cache behind the ESDK's caching materials manager, for one batch. Unlike the ESDK's LRU cache it has
 * no timer that outlives the batch, and clear() zeroes every cached data key as soon as the batch is over.
 */
export class DataKeyCache implements Cache {
  private readonly entries = new Map<string, Entry & { expires: number }>();

  constructor(
    private readonly sdks: Sdks,
    private readonly capacity = 16,
  ) {}

  putEncryptionMaterial(
    key: string,
    response: Esdk.NodeEncryptionMaterial,
    plaintextLength: number,
    maxAge = Infinity,
  ): void {
    this.put(key, { response, bytesEncrypted: plaintextLength, messagesEncrypted: 1, now: Date.now() }, maxAge);
  }

  putDecryptionMaterial(key: string, response: Esdk.NodeDecryptionMaterial, maxAge = Infinity): void {
    this.put(key, { response, bytesEncrypted: 0, messagesEncrypted: 0, now: Date.now() }, maxAge);
  }

  getEncryptionMaterial(key: string, plaintextLength: number): ReturnType<Cache['getEncryptionMaterial']> {
    const entry = this.live(key);
    if (!entry || !(entry.response instanceof this.sdks.esdk.NodeEncryptionMaterial)) {
      return false;
    }
    // The caching manager checks the limits after this call, so the counts include this message.
    entry.bytesEncrypted += plaintextLength;
    entry.messagesEncrypted += 1;
    return entry as Exclude<ReturnType<Cache['getEncryptionMaterial']>, false>;
  }

  getDecryptionMaterial(key: string): ReturnType<Cache['getDecryptionMaterial']> {
    const entry = this.live(key);
    return entry && entry.response instanceof this.sdks.esdk.NodeDecryptionMaterial
      ? (entry as Exclude<ReturnType<Cache['getDecryptionMaterial']>, false>)
      : false;
  }

  putBranchKeyMaterial(): void {
    throw new Error('The data-key cache holds KMS keyring materials only.');
  }

  getBranchKeyMaterial(): false {
    return false;
  }

  del(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) {
      return;
    }
    this.entries.delete(key);
    entry.response.zeroUnencryptedDataKey();
  }

  /** Zeroes and forgets every cached data key. */
  clear(): void {
    for (const key of [...this.entries.keys()]) {
      this.del(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private put(key: string, entry: Entry, maxAge: number): void {
    this.del(key);
    if (this.entries.size >= this.capacity) {
      this.del(this.entries.keys().next().value as string);
    }
    this.entries.set(key, { ...entry, expires: Date.now() + maxAge });
  }

  private live(key: string): (Entry & { expires: number }) | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expires < Date.now()) {
      this.del(key);
      return undefined;
    }
    return entry;
  }
}

export interface CacheLimits {
  /** How long a data key may be reused. */
  maxAgeMs: number;
  maxMessages: number;
  maxBytes: number;
}

/** A batch's default bounds: a data key serves at most 1,000 files, 1 GiB and 5 minutes. */
export const BATCH_CACHE_LIMITS: CacheLimits = { maxAgeMs: 5 * 60_000, maxMessages: 1_000, maxBytes: 1024 ** 3 };

export function cachingManager(
  sdks: Sdks,
  keyring: Keyring,
  cache: DataKeyCache,
  limits: CacheLimits = BATCH_CACHE_LIMITS,
): MaterialsManager {
  return new sdks.esdk.NodeCachingMaterialsManager({
    backingMaterials: keyring,
    cache,
    maxAge: limits.maxAgeMs,
    maxMessagesEncrypted: limits.maxMessages,
    maxBytesEncrypted: limits.maxBytes,
  });
}

/**
 * Passes requests through and keeps a SHA-256 of the data key of the last encryption materials: enough to
 * recognise the key later, useless to an attacker (a data key is 256 random bits).
 */
export class FingerprintingManager implements MaterialsManager {
  fingerprint: Buffer | undefined;

  constructor(
    private readonly sdks: Sdks,
    private readonly inner: MaterialsManager,
  ) {}

  getEncryptionMaterials: MaterialsManager['getEncryptionMaterials'] = async (request) => {
    const material = await this.inner.getEncryptionMaterials(request);
    const key = material.getUnencryptedDataKey();
    const bytes = this.sdks.esdk.unwrapDataKey(key);
    try {
      this.fingerprint = createHash('sha256').update(bytes).digest();
    } finally {
      if (bytes !== key) {
        bytes.fill(0);
      } // a copy exported from a KeyObject; never zero the material's own key
    }
    return material;
  };

  decryptMaterials: MaterialsManager['decryptMaterials'] = async (request) => this.inner.decryptMaterials(request);
}
