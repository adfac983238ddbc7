import { randomBytes } from 'node:crypto';
import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  MultiKeyringNode,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
} from '@aws-crypto/client-node';

/**
 * Real AWS Encryption SDK messages for unit tests, made by the ESDK itself with local raw-AES keyrings: no KMS and
 * no network. `aws-kms` EDKs are faked only where a test needs KMS-shaped provider info (see kmsShaped).
 */

const wrappingKey = randomBytes(32);

function rawKeyring(name: string): RawAesKeyringNode {
  return new RawAesKeyringNode({
    keyName: name,
    keyNamespace: 'test',
    unencryptedMasterKey: wrappingKey,
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
}

export interface MessageOptions {
  signed?: boolean;
  frameLength?: number;
  context?: Record<string, string>;
  /** Number of encrypted data keys (one raw-AES keyring each). */
  keys?: number;
}

export async function esdkMessage(plaintext: Buffer, options: MessageOptions = {}): Promise<Buffer> {
  const { encrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  const names = Array.from({ length: options.keys ?? 1 }, (_, i) => `key-${i}`);
  const [generator, ...children] = names.map(rawKeyring);
  const keyring = children.length === 0 ? generator : new MultiKeyringNode({ generator, children });
  const { result } = await encrypt(keyring, plaintext, {
    suiteId:
      options.signed === false
        ? AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY
        : AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384,
    frameLength: options.frameLength ?? 4096,
    encryptionContext: options.context ?? {},
  });
  return result;
}

/** A v1 (non-committing) message, as older SDKs wrote by default. */
export async function v1Message(plaintext: Buffer): Promise<Buffer> {
  const { encrypt } = buildClient(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);
  const { result } = await encrypt(rawKeyring('v1'), plaintext, {
    suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384,
  });
  return result;
}

export const reader =
  (bytes: Uint8Array) =>
  async (offset: number, length: number): Promise<Uint8Array> =>
    bytes.subarray(offset, offset + length);
