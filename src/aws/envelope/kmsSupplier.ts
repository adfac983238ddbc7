import type * as Esdk from '@aws-crypto/client-node';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { Sdks } from './esdk';
import type { KmsCallCounts } from './types';

/**
 * The ESDK's KMS client supplier over our own clients (KmsClientFactory: one cached KMSClient per connection and
 * region). The ESDK asks for a client synchronously by region and then calls v2-style methods; this adapter
 * answers from clients prepared beforehand, sends SDK v3 commands with the caller's AbortSignal, validates every
 * response before the ESDK sees it, and records each call so errors can name the key and operation, and tests
 * and the bench can count calls.
 */

export type KmsOperation = keyof KmsCallCounts;

export interface KmsCallRecord {
  operation: KmsOperation;
  keyId: string;
  region: string;
  error?: unknown;
}

export class KmsCallLog {
  readonly records: KmsCallRecord[] = [];

  constructor(private readonly onCall?: (record: KmsCallRecord) => void) {}

  add(record: KmsCallRecord): void {
    this.records.push(record);
    this.onCall?.(record);
  }

  /** A position to count from: calls after it belong to the current file of a batch. */
  mark(): number {
    return this.records.length;
  }

  counts(from = 0): KmsCallCounts {
    const counts: KmsCallCounts = { GenerateDataKey: 0, Encrypt: 0, Decrypt: 0 };
    for (const record of this.records.slice(from)) {
      counts[record.operation]++;
    }
    return counts;
  }

  failures(from = 0): KmsCallRecord[] {
    return this.records.slice(from).filter((record) => record.error !== undefined);
  }
}

export interface SupplierInput {
  sdks: Sdks;
  /** Clients by region; '' is the connection's own region, for key ids that are not ARNs. */
  clients: ReadonlyMap<string, KMSClient>;
  log: KmsCallLog;
  signal?: AbortSignal;
}

type EsdkKms = Esdk.KmsNodeClientSupplier extends (region: string) => infer C ? Exclude<C, false> : never;

/** The supplier the ESDK's KMS keyring calls: false for a region we hold no client for (the ESDK then skips that key). */
export function kmsClientSupplier(input: SupplierInput): Esdk.KmsNodeClientSupplier {
  const adapters = new Map<string, EsdkKms>();
  return (region: string) => {
    const client = input.clients.get(region) ?? (region === '' ? undefined : input.clients.get('*'));
    if (!client) {
      return false;
    }
    let adapter = adapters.get(region);
    if (!adapter) {
      adapter = adapt(client, region, input);
      adapters.set(region, adapter);
    }
    return adapter;
  };
}

function adapt(client: KMSClient, region: string, { sdks, log, signal }: SupplierInput): EsdkKms {
  const { GenerateDataKeyCommand, EncryptCommand, DecryptCommand } = sdks.kms;
  const options = signal ? { abortSignal: signal } : {};

  async function call<T>(operation: KmsOperation, keyId: string, send: () => Promise<T>): Promise<T> {
    try {
      const output = await send();
      log.add({ operation, keyId, region });
      return output;
    } catch (error) {
      log.add({ operation, keyId, region, error });
      throw error;
    }
  }

  return {
    generateDataKey: async (args) =>
      call('GenerateDataKey', args.KeyId, async () => {
        const out = await client.send(new GenerateDataKeyCommand(args), options);
        /* Postconditions: a plaintext key of the requested size, a ciphertext blob, and the ARN of the key asked. */
        if (!(
          out.Plaintext instanceof Uint8Array &&
          out.Plaintext.length === args.NumberOfBytes &&
          out.CiphertextBlob instanceof Uint8Array &&
          out.CiphertextBlob.length > 0 &&
          answersFor(args.KeyId, out.KeyId, region)
        )) {
          out.Plaintext?.fill(0);
          throw new MalformedKmsResponse('GenerateDataKey');
        }
        return { KeyId: out.KeyId, Plaintext: out.Plaintext, CiphertextBlob: out.CiphertextBlob };
      }),
    encrypt: async (args) =>
      call('Encrypt', args.KeyId, async () => {
        const out = await client.send(new EncryptCommand(args), options);
        /* Postconditions: a ciphertext blob, the ARN of the key asked, and the symmetric algorithm. */
        if (!(
          out.CiphertextBlob instanceof Uint8Array &&
          out.CiphertextBlob.length > 0 &&
          answersFor(args.KeyId, out.KeyId, region) &&
          symmetric(out.EncryptionAlgorithm)
        )) {
          throw new MalformedKmsResponse('Encrypt');
        }
        return { KeyId: out.KeyId, CiphertextBlob: out.CiphertextBlob };
      }),
    decrypt: async (args) =>
      call('Decrypt', args.KeyId ?? '', async () => {
        const out = await client.send(new DecryptCommand(args), options);
        /* Postconditions: a plaintext key, the ARN of the key asked (the one the message names), the symmetric algorithm. */
        if (!(
          out.Plaintext instanceof Uint8Array &&
          out.Plaintext.length > 0 &&
          answersFor(args.KeyId ?? '', out.KeyId, region) &&
          symmetric(out.EncryptionAlgorithm)
        )) {
          out.Plaintext?.fill(0);
          throw new MalformedKmsResponse('Decrypt');
        }
        return { KeyId: out.KeyId, Plaintext: out.Plaintext };
      }),
  };
}

const KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:key\/[A-Za-z0-9-]+$/;

/**
 * Whether KMS answered for the key it was asked about: the answer names a key ARN, the very one asked when a key ARN
 * was asked, and otherwise one of the client's region (an alias or key id resolves there). An endpoint that answers
 * with another key's data key would otherwise have files encrypted under a key nobody chose.
 */
export function answersFor(asked: string, answered: string | undefined, region: string): answered is string {
  const arn = answered === undefined ? null : KEY_ARN.exec(answered);
  if (!arn) {
    return false;
  }
  if (KEY_ARN.test(asked)) {
    return answered === asked;
  }
  const askedRegion = /^arn:[^:]+:kms:([^:]+):/.exec(asked)?.[1] ?? region;
  return askedRegion === '' || arn[1] === askedRegion;
}

/** The envelope's keys are symmetric: an answer for another algorithm did not use the key the way asked. */
function symmetric(algorithm: string | undefined): boolean {
  return algorithm === undefined || algorithm === 'SYMMETRIC_DEFAULT';
}

export class MalformedKmsResponse extends Error {
  constructor(readonly operation: KmsOperation) {
    super(`Malformed KMS response to ${operation}.`);
    this.name = 'MalformedKmsResponse';
  }
}
