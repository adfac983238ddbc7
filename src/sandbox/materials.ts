import { createHmac, createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { CURVE_ALIASES, CURVES, generateKeyMaterial, HMAC_BYTES, isImportableKeySpec } from '../core/keyMaterialSpecs';
import { KmsError, unsupported } from './errors';
import { isRsa, isSymmetric, type KeySpec } from './model';

/** Key material: generation for AWS_KMS keys, format checks for imported material, ids and public keys. */

// Sizes and curves per key spec are the same facts the Key material page uses (src/core/keyMaterialSpecs.ts).

const RSA_BITS = (spec: KeySpec): number => Number(spec.slice('RSA_'.length));

/** Key specs the sandbox can hold material for. SM2 is China-only; ML-DSA needs a newer Node than the sandbox targets. */
export function isSupportedSpec(spec: KeySpec): boolean {
  return spec !== 'SM2' && !spec.startsWith('ML_DSA_');
}

/** Fresh material for an AWS_KMS key: raw bytes for symmetric/HMAC, PKCS#8 DER for asymmetric keys (as the page makes it). */
export async function generateMaterial(spec: KeySpec): Promise<Buffer> {
  if (!isImportableKeySpec(spec)) {
    throw unsupported(`KeySpec ${spec} is not supported by the sandbox.`);
  }
  return generateKeyMaterial(spec);
}

const incorrectMaterial = (detail: string): KmsError => new KmsError('IncorrectKeyMaterialException', detail);

/** Checks unwrapped material against the key spec's format and size (kms-api.md §8.3). */
export function checkImportedMaterial(spec: KeySpec, material: Buffer): void {
  if (isSymmetric(spec)) {
    if (material.length !== 32) {
      throw incorrectMaterial(`Key material for SYMMETRIC_DEFAULT must be 32 bytes, not ${material.length}.`);
    }
    return;
  }
  const hmac = HMAC_BYTES[spec];
  if (hmac) {
    if (material.length < hmac.min || material.length > hmac.max) {
      throw incorrectMaterial(
        `Key material for ${spec} must be ${hmac.min}-${hmac.max} bytes, not ${material.length}.`,
      );
    }
    return;
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: material, format: 'der', type: 'pkcs8' });
  } catch {
    throw incorrectMaterial(`Key material for ${spec} must be a DER-encoded PKCS#8 private key.`);
  }
  if (!privateKeyFitsSpec(spec, key)) {
    throw incorrectMaterial(`The private key does not match key spec ${spec}.`);
  }
}

function privateKeyFitsSpec(spec: KeySpec, key: KeyObject): boolean {
  const details = key.asymmetricKeyDetails ?? {};
  if (isRsa(spec)) {
    return key.asymmetricKeyType === 'rsa' && details.modulusLength === RSA_BITS(spec);
  }
  if (spec === 'ECC_NIST_EDWARDS25519') {
    return key.asymmetricKeyType === 'ed25519';
  }
  const curve = details.namedCurve ? (CURVE_ALIASES[details.namedCurve] ?? details.namedCurve) : undefined;
  return key.asymmetricKeyType === 'ec' && curve === CURVES[spec];
}

/**
 * KeyMaterialId of imported material: HMAC(server secret, key id ‖ material), 64 hex. Like AWS, the same bytes get
 * different ids in different keys and the id reveals nothing about the material.
 */
export function importedMaterialId(secret: Buffer, keyId: string, material: Buffer): string {
  return createHmac('sha256', secret)
    .update(keyId)
    .update(Buffer.from([0]))
    .update(material)
    .digest('hex');
}

export const randomMaterialId = (): string => randomBytes(32).toString('hex');

export const privateKeyOf = (material: Buffer): KeyObject =>
  createPrivateKey({ key: material, format: 'der', type: 'pkcs8' });

/** DER SubjectPublicKeyInfo of an asymmetric key's material, as GetPublicKey returns it. */
export function publicKeyDer(material: Buffer): Buffer {
  return createPublicKey(privateKeyOf(material)).export({ format: 'der', type: 'spki' });
}

/** A new AWS_KMS symmetric material record's secret part (creation and rotation). */
export function newSymmetricMaterial(): { id: string; material: string } {
  return { id: randomMaterialId(), material: randomBytes(32).toString('base64') };
}
