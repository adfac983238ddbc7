import {
  isRsaAesKeyWrap,
  isWrappingAlgorithm,
  type WrappingAlgorithm,
  type WrappingKeySpec,
} from '../../core/keyMaterialWrap';
import type { OpContext } from '../context';
import { stateErrors, unsupported, validation } from '../errors';
import { resolveKey } from '../identifiers';
import { requireNotPendingDeletion } from '../keyStates';
import { isRsa, type KeyRecord } from '../model';

/** Rules the import operations share: which keys take imported material, and which wrapping choices KMS refuses. */

/** Every WrappingAlgorithm / WrappingKeySpec the KMS model knows; the sandbox implements the non-SM2, non-PKCS#1 ones. */
export const ALL_WRAPPING_ALGORITHMS = [
  'RSAES_PKCS1_V1_5',
  'RSAES_OAEP_SHA_1',
  'RSAES_OAEP_SHA_256',
  'RSA_AES_KEY_WRAP_SHA_1',
  'RSA_AES_KEY_WRAP_SHA_256',
  'SM2PKE',
] as const;
export const ALL_WRAPPING_KEY_SPECS = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'SM2'] as const;

/** Resolves an id/ARN and checks origin before state, as KMS does (kms-api.md §5.3): UNOTEXT, then PD. */
export function externalKey(ctx: OpContext, keyId: string, options: { allowPendingDeletion: boolean }): KeyRecord {
  const key = resolveKey(ctx, keyId, { allowAlias: false });
  if (key.origin !== 'EXTERNAL') {
    throw stateErrors.originNotExternal(key.arn, key.origin);
  }
  if (!options.allowPendingDeletion) {
    requireNotPendingDeletion(key);
  }
  return key;
}

const isChinaRegion = (region: string): boolean => region.startsWith('cn-');

/**
 * Wrapping choices refused whatever the key (kms-api.md §7.12, §8.1). The refusals are documented; that they are
 * ValidationExceptions, and their texts, are [unverified] — AWS's wording isn't captured anywhere we could find.
 */
export function checkWrappingChoice(
  region: string,
  algorithm: string,
  spec: string,
): asserts algorithm is WrappingAlgorithm {
  if (algorithm === 'RSAES_PKCS1_V1_5') {
    throw validation(
      'The RSAES_PKCS1_V1_5 wrapping algorithm is no longer supported (since October 10, 2023). ' +
        'Use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256.',
    );
  }
  if (algorithm === 'SM2PKE' || spec === 'SM2') {
    if (!isChinaRegion(region)) {
      throw validation(
        'The SM2PKE wrapping algorithm and the SM2 wrapping key spec are supported only in China Regions.',
      );
    }
    if (algorithm !== 'SM2PKE' || spec !== 'SM2') {
      throw validation('The SM2PKE wrapping algorithm requires the SM2 wrapping key spec, and SM2 requires SM2PKE.');
    }
    throw unsupported('The sandbox does not implement SM2PKE key wrapping.');
  }
  if (!isWrappingAlgorithm(algorithm)) {
    throw validation(`Unsupported wrapping algorithm ${algorithm}.`);
  }
  if (isChinaRegion(region) && isRsaAesKeyWrap(algorithm)) {
    throw validation(`The ${algorithm} wrapping algorithm is not supported in China Regions.`);
  }
}

/**
 * Combinations that cannot carry the key's material, refused when the parameters are requested (kms-api.md §8.1):
 * RSA private keys need RSA_AES_KEY_WRAP (a PKCS#8 RSA key exceeds every OAEP limit), and RSAES_OAEP_* under an
 * RSA_2048 wrapping key cannot wrap ECC_NIST_P521 material (documented as "NOT supported").
 * [unverified] whether AWS refuses these at GetParametersForImport or only fails the import; refusing early is
 * the only place the second one can be detected, because a P-521 PKCS#8 key without its optional public key does fit.
 */
export function checkMaterialFits(key: KeyRecord, algorithm: WrappingAlgorithm, spec: WrappingKeySpec): void {
  if (isRsaAesKeyWrap(algorithm)) {
    return;
  }
  if (isRsa(key.keySpec)) {
    throw validation(
      `Key material for KeySpec ${key.keySpec} is an RSA private key, which must be wrapped with ` +
        'RSA_AES_KEY_WRAP_SHA_1 or RSA_AES_KEY_WRAP_SHA_256.',
    );
  }
  if (key.keySpec === 'ECC_NIST_P521' && spec === 'RSA_2048') {
    throw validation(
      `The ${algorithm} wrapping algorithm with the RSA_2048 wrapping key spec cannot wrap ECC_NIST_P521 key material. ` +
        'Use RSA_3072 or RSA_4096, or an RSA_AES_KEY_WRAP algorithm.',
    );
  }
}
