/** The sandbox's persisted state and the fixed facts about KMS key specs. Plain JSON, so it serialises as-is. */

export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport';
export type KeyUsage = 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC' | 'KEY_AGREEMENT';
export type Origin = 'AWS_KMS' | 'EXTERNAL';
export type ExpirationModel = 'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE';
export type MaterialState = 'CURRENT' | 'NON_CURRENT' | 'PENDING_ROTATION';
export type ImportState = 'IMPORTED' | 'PENDING_IMPORT';

/** Groups of key specs, in the order KMS lists them in its enums; the enums below are built from them. */
export const RSA_KEY_SPECS = ['RSA_2048', 'RSA_3072', 'RSA_4096'] as const;
/** The ECC key specs with a named curve (Ed25519 is listed apart: it stands elsewhere in each enum). */
export const ECC_CURVE_KEY_SPECS = ['ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1'] as const;
export const HMAC_KEY_SPECS = ['HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512'] as const;

export const KEY_SPECS = [
  ...RSA_KEY_SPECS,
  ...ECC_CURVE_KEY_SPECS,
  'ECC_NIST_EDWARDS25519',
  'SYMMETRIC_DEFAULT',
  ...HMAC_KEY_SPECS,
  'SM2',
  'ML_DSA_44',
  'ML_DSA_65',
  'ML_DSA_87',
] as const;
export type KeySpec = (typeof KEY_SPECS)[number];
export const KEY_USAGES: readonly KeyUsage[] = [
  'SIGN_VERIFY',
  'ENCRYPT_DECRYPT',
  'GENERATE_VERIFY_MAC',
  'KEY_AGREEMENT',
];

/** One key material of a key. For EXTERNAL keys `id` is derived from (key id, material) so a re-import can be matched. */
export interface MaterialRecord {
  /** 64 lowercase hex. Exposed as KeyMaterialId only for SYMMETRIC_DEFAULT keys. */
  id: string;
  /** The secret bytes, base64: raw for symmetric/HMAC, PKCS#8 DER for asymmetric. Absent while deleted or expired. */
  material?: string;
  state: MaterialState;
  /** EXTERNAL keys only. */
  importState?: ImportState;
  expirationModel?: ExpirationModel;
  /** Epoch ms; only with KEY_MATERIAL_EXPIRES. */
  validTo?: number;
  description?: string;
  /** Epoch ms; only for material that became current through a rotation. */
  rotationDate?: number;
  rotationType?: 'AUTOMATIC' | 'ON_DEMAND';
}

export interface Tag {
  TagKey: string;
  TagValue: string;
}

export interface KeyRecord {
  keyId: string;
  arn: string;
  creationDate: number;
  description: string;
  keyUsage: KeyUsage;
  keySpec: KeySpec;
  origin: Origin;
  keyManager: 'CUSTOMER' | 'AWS';
  multiRegion: boolean;
  state: KeyState;
  /** Epoch ms, while PendingDeletion. */
  deletionDate?: number;
  pendingWindowInDays?: number;
  policy: string;
  tags: Tag[];
  rotation: {
    enabled: boolean;
    periodDays?: number;
    nextRotationDate?: number;
    onDemandCount: number;
  };
  /** In order of association; at most one CURRENT, at most one PENDING_ROTATION. */
  materials: MaterialRecord[];
}

export interface AliasRecord {
  name: string;
  targetKeyId: string;
  creationDate: number;
  lastUpdatedDate: number;
}

export interface SandboxState {
  version: 1;
  /** base64 of 32 random bytes: keys KeyMaterialId derivation and seals import tokens. Never leaves the server. */
  secret: string;
  /** In creation order, which is also the ListKeys order. */
  keys: KeyRecord[];
  aliases: AliasRecord[];
}

export const isSymmetric = (spec: KeySpec): boolean => spec === 'SYMMETRIC_DEFAULT';
export const isHmac = (spec: KeySpec): boolean => spec.startsWith('HMAC_');
export const isRsa = (spec: KeySpec): boolean => spec.startsWith('RSA_');
export const isEcc = (spec: KeySpec): boolean => spec.startsWith('ECC_');

/** KeyUsage values CreateKey accepts for each spec (kms-api.md §4.2). */
export function allowedUsages(spec: KeySpec): readonly KeyUsage[] {
  if (isSymmetric(spec)) {
    return ['ENCRYPT_DECRYPT'];
  }
  if (isHmac(spec)) {
    return ['GENERATE_VERIFY_MAC'];
  }
  if (isRsa(spec)) {
    return ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'];
  }
  if (spec === 'ECC_NIST_P256' || spec === 'ECC_NIST_P384' || spec === 'ECC_NIST_P521') {
    return ['SIGN_VERIFY', 'KEY_AGREEMENT'];
  }
  if (spec === 'SM2') {
    return ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'KEY_AGREEMENT'];
  }
  return ['SIGN_VERIFY'];
}

const ECDSA_BY_SPEC: Partial<Record<KeySpec, string>> = {
  ECC_NIST_P256: 'ECDSA_SHA_256',
  ECC_SECG_P256K1: 'ECDSA_SHA_256',
  ECC_NIST_P384: 'ECDSA_SHA_384',
  ECC_NIST_P521: 'ECDSA_SHA_512',
};

/** The algorithm lists DescribeKey shows for a key, by usage (kms-api.md §4.1). */
export function algorithmsOf(spec: KeySpec, usage: KeyUsage): Record<string, string[]> {
  switch (usage) {
    case 'ENCRYPT_DECRYPT':
      if (isSymmetric(spec)) {
        return { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] };
      }
      return { EncryptionAlgorithms: spec === 'SM2' ? ['SM2PKE'] : ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] };
    case 'SIGN_VERIFY':
      if (isRsa(spec)) {
        return {
          SigningAlgorithms: [
            'RSASSA_PKCS1_V1_5_SHA_256',
            'RSASSA_PKCS1_V1_5_SHA_384',
            'RSASSA_PKCS1_V1_5_SHA_512',
            'RSASSA_PSS_SHA_256',
            'RSASSA_PSS_SHA_384',
            'RSASSA_PSS_SHA_512',
          ],
        };
      }
      if (spec === 'ECC_NIST_EDWARDS25519') {
        return { SigningAlgorithms: ['ED25519_SHA_512', 'ED25519_PH_SHA_512'] };
      }
      if (spec === 'SM2') {
        return { SigningAlgorithms: ['SM2DSA'] };
      }
      return { SigningAlgorithms: [ECDSA_BY_SPEC[spec] ?? 'ECDSA_SHA_256'] };
    case 'GENERATE_VERIFY_MAC':
      return { MacAlgorithms: [`HMAC_SHA_${spec.slice('HMAC_'.length)}`] };
    case 'KEY_AGREEMENT':
      return { KeyAgreementAlgorithms: ['ECDH'] };
  }
}

export const currentMaterial = (key: KeyRecord): MaterialRecord | undefined =>
  key.materials.find((m) => m.state === 'CURRENT');
export const pendingRotationMaterial = (key: KeyRecord): MaterialRecord | undefined =>
  key.materials.find((m) => m.state === 'PENDING_ROTATION');
/** Materials permanently associated with the key: every one except staged PENDING_ROTATION material. */
export const associatedMaterials = (key: KeyRecord): MaterialRecord[] =>
  key.materials.filter((m) => m.state !== 'PENDING_ROTATION');
