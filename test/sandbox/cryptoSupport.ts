import assert from 'node:assert/strict';
import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { kmsError } from './support';

/** Shared steps of the cryptographic-operation tests. */

/** What the JS SDK puts in `message` when the error body has none (newer and older SDKs). */
const ABSENT_MESSAGE = ['Unknown', 'UnknownError'];

/** Expects `name` with HTTP 400 and no message at all, as KMS sends InvalidCiphertextException and the invalid-signature/MAC errors. */
export async function expectSilentError(call: () => Promise<unknown>, name: string): Promise<void> {
  const error = await kmsError(call);
  assert.equal(error.name, name, `expected ${name}, got ${error.name}: ${error.message}`);
  assert.ok(ABSENT_MESSAGE.includes(error.message), `expected no message, got "${error.message}"`);
  assert.equal(error.$metadata?.httpStatusCode, 400);
}

export const expectInvalidCiphertext = async (call: () => Promise<unknown>): Promise<void> =>
  expectSilentError(call, 'InvalidCiphertextException');

export async function encrypt(
  kms: KMSClient,
  keyId: string,
  plaintext: Buffer,
  context?: Record<string, string>,
): Promise<Buffer> {
  const out = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: context }));
  assert.ok(out.CiphertextBlob);
  return Buffer.from(out.CiphertextBlob);
}

export async function decrypt(kms: KMSClient, ciphertext: Buffer, context?: Record<string, string>): Promise<Buffer> {
  const out = await kms.send(new DecryptCommand({ CiphertextBlob: ciphertext, EncryptionContext: context }));
  assert.ok(out.Plaintext);
  return Buffer.from(out.Plaintext);
}

/** The exact InvalidKeyUsageException text for a key of the wrong usage. */
export const wrongUsage = (arn: string, usage: string, operation: string): string =>
  `${arn} key usage is ${usage} which is not valid for ${operation}.`;
