import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { wrappingKeyBits, type WrappingKeySpec } from '../../core/keyMaterialWrap';
import type { OpContext } from '../context';
import { sealImportToken } from '../importToken';
import { common, enumOf, parseInput } from '../validate';
import {
  ALL_WRAPPING_ALGORITHMS,
  ALL_WRAPPING_KEY_SPECS,
  checkMaterialFits,
  checkWrappingChoice,
  externalKey,
} from './importRules';

/** GetParametersForImport (kms-api.md §7.12): a fresh RSA wrapping key pair and a token bound to the key, per call. */

const generateKeyPairAsync = promisify(generateKeyPair);

const input = {
  KeyId: common.keyId(),
  WrappingAlgorithm: enumOf(ALL_WRAPPING_ALGORITHMS, { required: true }),
  WrappingKeySpec: enumOf(ALL_WRAPPING_KEY_SPECS, { required: true }),
};

export async function getParametersForImport(ctx: OpContext, body: unknown): Promise<object> {
  const request = parseInput(body, input);
  const algorithm = request.WrappingAlgorithm;
  // The key first, as KMS orders it (kms-api.md §5.3): an unknown key is NotFound, whatever the wrapping choice.
  // Checked before the slow key generation (RSA_4096 takes about a second), so a doomed request fails fast…
  const requested = externalKey(ctx, request.KeyId, { allowPendingDeletion: false });
  checkWrappingChoice(ctx.config.region, algorithm, request.WrappingKeySpec);
  const spec = request.WrappingKeySpec as WrappingKeySpec; // SM2 was refused above
  checkMaterialFits(requested, algorithm, spec);
  const pair = await generateKeyPairAsync('rsa', {
    modulusLength: wrappingKeyBits(spec),
    publicExponent: 0x10001,
    publicKeyEncoding: { format: 'der', type: 'spki' },
    privateKeyEncoding: { format: 'der', type: 'pkcs8' },
  });
  // …and again after it: the key may have been scheduled for deletion (or deleted) meanwhile.
  const key = externalKey(ctx, request.KeyId, { allowPendingDeletion: false });
  const issuedAt = ctx.now();
  const validTo = issuedAt + ctx.config.importTokenLifetimeMs;
  const token = sealImportToken(ctx.secret, {
    keyId: key.keyId,
    wrappingAlgorithm: algorithm,
    wrappingKeySpec: spec,
    privateKey: pair.privateKey,
    issuedAt,
    validTo,
  });
  pair.privateKey.fill(0);
  return {
    KeyId: key.arn,
    ImportToken: token.toString('base64'),
    PublicKey: pair.publicKey.toString('base64'),
    ParametersValidTo: validTo / 1000,
  };
}
