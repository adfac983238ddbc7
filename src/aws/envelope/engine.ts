import { basename } from 'node:path';
import { detectEnvelope } from '../../core/envelopeHeader';
import type { EnvelopeSniff } from '../../core/envelopeFormat';
import { decryptFile } from './decryptFile';
import { encryptFile, type BatchState } from './encryptFile';
import type { EnvelopeOperation } from './envelopeError';
import { toEnvelopeError } from './errors';
import type { Keyring, MaterialsManager } from './esdk';
import { openSession } from './fileJob';
import { inspectFile } from './inspect';
import { cachingManager, DataKeyCache, decryptionKeyring, encryptionKeyring, type CacheLimits } from './materials';
import { decryptToMemory, encryptFromMemory } from './memoryEnvelope';
import { checkEncryptOptions } from './policy';
import { reencryptFile } from './reencryptFile';
import { Session, type EngineDeps } from './session';
import type {
  BatchItem,
  DecryptedInMemory,
  DecryptOptions,
  DecryptResult,
  Destination,
  EncryptOptions,
  EncryptResult,
  Inspection,
  MemoryDecryptOptions,
  MemoryEncryptOptions,
  ReencryptOptions,
  RunControl,
} from './types';

/**
 * The envelope-encryption engine: AWS Encryption SDK messages in files, with KMS keyrings over our client supplier.
 * One instance per connection; the UI and the `kms-envelope` CLI call it, and it never touches `vscode`.
 */
export class EnvelopeEngine {
  constructor(private readonly deps: EngineDeps) {}

  async encryptFile(path: string, options: EncryptOptions, control?: RunControl): Promise<EncryptResult> {
    return encryptFile(this.deps, path, options, control);
  }

  async decryptFile(path: string, options: DecryptOptions, control?: RunControl): Promise<DecryptResult> {
    return decryptFile(this.deps, path, options, control);
  }

  async reencryptFile(path: string, options: ReencryptOptions, control?: RunControl): Promise<EncryptResult> {
    return reencryptFile(this.deps, path, options, control);
  }

  /** The whole plaintext of an encrypted file, in memory (the editor); see memoryEnvelope.ts. */
  async decryptToMemory(
    path: string,
    options?: MemoryDecryptOptions,
    control?: RunControl,
  ): Promise<DecryptedInMemory> {
    return decryptToMemory(this.deps, path, options, control);
  }

  /** Encrypts `plaintext` atomically over the existing file at `path` (saving an edited file); see memoryEnvelope.ts. */
  async encryptFromMemory(
    path: string,
    plaintext: Uint8Array,
    options: MemoryEncryptOptions,
    control?: RunControl,
  ): Promise<EncryptResult> {
    return encryptFromMemory(this.deps, path, plaintext, options, control);
  }

  /** Header and sizes of an encrypted file; no KMS call. */
  async inspectFile(path: string): Promise<Inspection> {
    return inspectEnvelopeFile(path);
  }

  /** Whether a file's first bytes (SNIFF_BYTES at least; 64 KiB to also check the header) are an ESDK message. */
  static detect(prefix: Uint8Array): EnvelopeSniff | undefined {
    return detectEnvelope(prefix);
  }

  /**
   * Encrypts several files with one data key (bounded by `limits`): one GenerateDataKey for the batch instead of
   * one per file, and one Decrypt to verify it. Files are done one after the other; a failure does not
   * stop the others, a cancel does.
   */
  async encryptFiles(
    items: Array<{ path: string; destination: Destination }>,
    options: Omit<EncryptOptions, 'destination'>,
    control: RunControl = {},
    limits?: CacheLimits,
  ): Promise<Array<BatchItem<EncryptResult>>> {
    checkEncryptOptions(options);
    return this.batch(
      'encrypt',
      options.keys,
      control,
      items,
      limits,
      (session, cached) => ({
        session,
        encryptManager: cached(encryptionKeyring(session.sdks, session.supplier, options.keys)),
        verifiedDataKeys: new Set<string>(),
        verifyManager: memo((arns) => cached(decryptionKeyring(session.sdks, session.supplier, { keyArns: arns }))),
      }),
      async (item, batch) =>
        encryptFile(this.deps, item.path, { ...options, destination: item.destination }, control, batch),
    );
  }

  /** Decrypts several files, sharing decrypted data keys: files encrypted in one batch cost one Decrypt. */
  async decryptFiles(
    items: Array<{ path: string; destination: Destination }>,
    options: Omit<DecryptOptions, 'destination'>,
    control: RunControl = {},
    limits?: CacheLimits,
  ): Promise<Array<BatchItem<DecryptResult>>> {
    return this.batch(
      'decrypt',
      [],
      control,
      items,
      limits,
      (session, cached) => ({
        session,
        decryptManager: cached(decryptionKeyring(session.sdks, session.supplier, options.keys)),
      }),
      async (item, batch) =>
        decryptFile(this.deps, item.path, { ...options, destination: item.destination }, control, batch),
    );
  }

  private async batch<I extends { path: string }, R>(
    operation: EnvelopeOperation,
    keys: string[],
    control: RunControl,
    items: I[],
    limits: CacheLimits | undefined,
    build: (session: Session, cached: (keyring: Keyring) => MaterialsManager) => BatchState,
    run: (item: I, batch: BatchState) => Promise<R>,
  ): Promise<Array<BatchItem<R>>> {
    const first = items[0]?.path ?? '';
    const session = await openSession(this.deps, keys, { path: first, operation }, control.signal);
    const cache = new DataKeyCache(session.sdks);
    const batch = build(session, (keyring) => cachingManager(session.sdks, keyring, cache, limits));
    const results: Array<BatchItem<R>> = [];
    try {
      for (const item of items) {
        try {
          results.push({ path: item.path, ok: true, result: await run(item, batch) });
        } catch (error) {
          if (control.signal?.aborted) {
            throw error;
          }
          results.push({ path: item.path, ok: false, error: error as Error });
        }
      }
      return results;
    } finally {
      cache.clear(); // zeroes the batch's data keys now, not when the GC gets to them
    }
  }
}

/** Header and sizes of an encrypted file, without a connection: no KMS call. */
export async function inspectEnvelopeFile(path: string): Promise<Inspection> {
  try {
    return await inspectFile(path);
  } catch (error) {
    throw toEnvelopeError(error, { path: basename(path), operation: 'inspect', calls: [] });
  }
}

function memo(make: (arns: string[]) => MaterialsManager): (arns: string[]) => MaterialsManager {
  const made = new Map<string, MaterialsManager>();
  return (arns) => {
    const key = arns.join('\n');
    let manager = made.get(key);
    if (!manager) {
      manager = make(arns);
      made.set(key, manager);
    }
    return manager;
  };
}
