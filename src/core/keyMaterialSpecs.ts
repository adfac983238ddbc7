import * as l10n from '@vscode/l10n';
import { createPrivateKey, generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { KmsExtensionError } from './errors';
import {
  canWrap,
  isRsaAesKeyWrap,
  WRAPPING_ALGORITHMS,
  WRAPPING_KEY_SPECS,
  type WrappingAlgorithm,
  type WrappingKeySpec,
} from './keyMaterialWrap';

/**
 * What key material each KMS key spec takes (kms-api.md §8.3), how to generate it, and which wrapping choices can
 * carry it (§8.1). Pure: the Key material page and its tests share these rules.
 */

const generateKeyPairAsync = promisify(generateKeyPair);

export const HMAC_BYTES: Readonly<Record<string, { generated: number; min: number; max: number }>> = {
  HMAC_224: { generated: 28, min: 28, max: 64 },
  HMAC_256: { generated: 32, min: 32, max: 64 },
  HMAC_384: { generated: 48, min: 48, max: 128 },
  HMAC_512: { generated: 64, min: 64, max: 128 },
};

/** Node's (OpenSSL's) curve names per ECC key spec. */
export const CURVES: Readonly<Record<string, string>> = {
  ECC_NIST_P256: 'prime256v1',
  ECC_NIST_P384: 'secp384r1',
  ECC_NIST_P521: 'secp521r1',
  ECC_SECG_P256K1: 'secp256k1',
};
export const CURVE_ALIASES: Readonly<Record<string, string>> = {
  'P-256': 'prime256v1',
  'P-384': 'secp384r1',
  'P-521': 'secp521r1',
};

const isRsaSpec = (spec: string): boolean => /^RSA_(2048|3072|4096)$/.test(spec);

/** Whether this extension can generate and check material for a key spec (SM2 is China-only; ML-DSA is not importable here). */
export function isImportableKeySpec(spec: string): boolean {
  return (
    spec === 'SYMMETRIC_DEFAULT' ||
    spec in HMAC_BYTES ||
    spec in CURVES ||
    isRsaSpec(spec) ||
    spec === 'ECC_NIST_EDWARDS25519'
  );
}

/** A one-line description of the material a key spec takes, as the page shows it. */
export function materialFormat(spec: string): string {
  if (spec === 'SYMMETRIC_DEFAULT') {
    return l10n.t('32 random bytes (a 256-bit AES key)');
  }
  const hmac = HMAC_BYTES[spec];
  if (hmac) {
    return l10n.t({
      message: '{0}–{1} random bytes ({2} generated)',
      args: [hmac.min, hmac.max, hmac.generated],
      comment: ['{0}, {1} and {2} are numbers of bytes'],
    });
  }
  if (isRsaSpec(spec)) {
    return l10n.t({
      message: 'an RSA {0}-bit private key, PKCS#8 DER',
      args: [spec.slice(4)],
      comment: ['{0} is 2048, 3072 or 4096'],
    });
  }
  if (spec === 'ECC_NIST_EDWARDS25519') {
    return l10n.t('an Ed25519 private key, PKCS#8 DER');
  }
  if (spec in CURVES) {
    return l10n.t({
      message: 'an {0} private key, PKCS#8 DER',
      args: [spec],
      comment: ['{0} is a key spec such as ECC_NIST_P256'],
    });
  }
  return l10n.t({ message: 'material for {0}', args: [spec], comment: ['{0} is a key spec'] });
}

/**
 * " (48 bytes)" for loaded material whose size the key spec leaves open (HMAC), else "": the page's hint already
 * states the format (materialFormat), sizes included, and says it once.
 */
export function loadedSizeNote(spec: string, bytes: number): string {
  return spec in HMAC_BYTES ? l10n.t({ message: ' ({0} bytes)', args: [bytes], comment: ['{0} is a number'] }) : '';
}

/** An upper bound of the material size per key spec, for the direct RSA-OAEP limit. */
function largestMaterialBytes(spec: string): number {
  if (spec === 'SYMMETRIC_DEFAULT') {
    return 32;
  }
  const hmac = HMAC_BYTES[spec];
  if (hmac) {
    return hmac.max;
  }
  // PKCS#8 with the optional public key: P-256 138, P-384 185, P-521 241, secp256k1 135, Ed25519 48 bytes.
  const ecc: Record<string, number> = {
    ECC_NIST_P256: 138,
    ECC_SECG_P256K1: 135,
    ECC_NIST_P384: 185,
    ECC_NIST_P521: 241,
    ECC_NIST_EDWARDS25519: 48,
  };
  return ecc[spec] ?? Number.POSITIVE_INFINITY;
}

export interface WrappingChoice {
  spec: WrappingKeySpec;
  algorithm: WrappingAlgorithm;
  /** Why KMS refuses this combination for the key spec; undefined when it is allowed. */
  refused?: string;
}

/** Every wrapping key spec × algorithm, with KMS's refusals for material of `keySpec` (the same rules as the sandbox). */
export function wrappingChoices(keySpec: string): WrappingChoice[] {
  return WRAPPING_KEY_SPECS.flatMap((spec) =>
    WRAPPING_ALGORITHMS.map((algorithm): WrappingChoice => {
      if (isRsaAesKeyWrap(algorithm)) {
        return { spec, algorithm };
      }
      if (isRsaSpec(keySpec)) {
        return {
          spec,
          algorithm,
          refused: l10n.t('An RSA private key is too large to wrap directly: use RSA_AES_KEY_WRAP.'),
        };
      }
      if (!canWrap(largestMaterialBytes(keySpec), spec, algorithm)) {
        return {
          spec,
          algorithm,
          refused: l10n.t({
            message: '{0} material does not fit {1} under {2}: use a larger wrapping key or RSA_AES_KEY_WRAP.',
            args: [keySpec, algorithm, spec],
            comment: ['{0} is a key spec, {1} a wrapping algorithm, {2} a wrapping key spec'],
          }),
        };
      }
      return { spec, algorithm };
    }),
  );
}

export function isAllowedChoice(keySpec: string, spec: WrappingKeySpec, algorithm: WrappingAlgorithm): boolean {
  return wrappingChoices(keySpec).some((c) => c.spec === spec && c.algorithm === algorithm && c.refused === undefined);
}

/** The choice the page proposes: the seed tutorial's RSAES_OAEP_SHA_256 / RSA_2048 where it fits, else the AES key wrap. */
export function defaultWrappingChoice(keySpec: string): { spec: WrappingKeySpec; algorithm: WrappingAlgorithm } {
  return isAllowedChoice(keySpec, 'RSA_2048', 'RSAES_OAEP_SHA_256')
    ? { spec: 'RSA_2048', algorithm: 'RSAES_OAEP_SHA_256' }
    : { spec: 'RSA_4096', algorithm: 'RSA_AES_KEY_WRAP_SHA_256' };
}

/** One-line explanations of the wrapping algorithms, in the console's terms (translated when asked for). */
export function wrappingAlgorithmNotes(): Record<WrappingAlgorithm, string> {
  return {
    RSAES_OAEP_SHA_256: l10n.t(
      'RSA-OAEP with SHA-256 encrypts the material directly. Recommended for symmetric, HMAC and ECC material.',
    ),
    RSAES_OAEP_SHA_1: l10n.t('RSA-OAEP with SHA-1 encrypts the material directly. For HSMs that cannot do SHA-256.'),
    RSA_AES_KEY_WRAP_SHA_256: l10n.t(
      'RSA-OAEP (SHA-256) wraps an AES key that wraps the material (RFC 5649). Needed for RSA private keys.',
    ),
    RSA_AES_KEY_WRAP_SHA_1: l10n.t(
      'RSA-OAEP (SHA-1) wraps an AES key that wraps the material (RFC 5649). For HSMs without SHA-256.',
    ),
  };
}

/** New material for a key spec: random bytes for symmetric and HMAC keys, a PKCS#8 DER private key otherwise. */
export async function generateKeyMaterial(keySpec: string): Promise<Buffer> {
  if (keySpec === 'SYMMETRIC_DEFAULT') {
    return randomBytes(32);
  }
  const hmac = HMAC_BYTES[keySpec];
  if (hmac) {
    return randomBytes(hmac.generated);
  }
  const pkcs8 = { format: 'der', type: 'pkcs8' } as const;
  const spki = { format: 'der', type: 'spki' } as const;
  if (isRsaSpec(keySpec)) {
    return (
      await generateKeyPairAsync('rsa', {
        modulusLength: Number(keySpec.slice(4)),
        publicKeyEncoding: spki,
        privateKeyEncoding: pkcs8,
      })
    ).privateKey;
  }
  if (keySpec === 'ECC_NIST_EDWARDS25519') {
    return (await generateKeyPairAsync('ed25519', { publicKeyEncoding: spki, privateKeyEncoding: pkcs8 })).privateKey;
  }
  const namedCurve = CURVES[keySpec];
  if (!namedCurve) {
    throw new KmsExtensionError(
      'unsupportedKeySpec',
      l10n.t('Key material for {0} keys cannot be generated here.', keySpec),
    );
  }
  return (await generateKeyPairAsync('ec', { namedCurve, publicKeyEncoding: spki, privateKeyEncoding: pkcs8 }))
    .privateKey;
}

/** Checks plaintext material (generated or loaded from a file) against the key spec before it is wrapped. */
export function checkKeyMaterial(keySpec: string, material: Uint8Array): void {
  const wrong = (detail: string): KmsExtensionError =>
    new KmsExtensionError(
      'wrongKeyMaterial',
      l10n.t('This is not key material for a {0} key: {1} It must be {2}.', keySpec, detail, materialFormat(keySpec)),
    );
  if (keySpec === 'SYMMETRIC_DEFAULT') {
    if (material.length !== 32) {
      throw wrong(`it has ${material.length} bytes.`);
    }
    return;
  }
  const hmac = HMAC_BYTES[keySpec];
  if (hmac) {
    if (material.length < hmac.min || material.length > hmac.max) {
      throw wrong(`it has ${material.length} bytes.`);
    }
    return;
  }
  let key;
  try {
    key = createPrivateKey({ key: Buffer.from(material), format: 'der', type: 'pkcs8' });
  } catch {
    throw wrong('it is not a DER PKCS#8 private key.');
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (isRsaSpec(keySpec)) {
    if (key.asymmetricKeyType !== 'rsa' || details.modulusLength !== Number(keySpec.slice(4))) {
      throw wrong(
        `it is a ${key.asymmetricKeyType ?? 'unknown'} key${details.modulusLength ? ` of ${details.modulusLength} bits` : ''}.`,
      );
    }
    return;
  }
  if (keySpec === 'ECC_NIST_EDWARDS25519') {
    if (key.asymmetricKeyType !== 'ed25519') {
      throw wrong(`it is a ${key.asymmetricKeyType ?? 'unknown'} key.`);
    }
    return;
  }
  const curve = details.namedCurve ? (CURVE_ALIASES[details.namedCurve] ?? details.namedCurve) : undefined;
  if (key.asymmetricKeyType !== 'ec' || curve !== CURVES[keySpec]) {
    throw wrong(`it is a ${key.asymmetricKeyType ?? 'unknown'} key${curve ? ` on ${curve}` : ''}.`);
  }
}
