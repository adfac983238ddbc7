import { createHmac, timingSafeEqual } from 'node:crypto';
import { query, type OpContext, type OperationTable } from '../context';
import { requireUsage } from '../keyStates';
import { type KeyRecord } from '../model';
import { blob, enumOf, parseInput } from '../validate';
import {
  base64,
  cryptoFields as f,
  currentMaterialOf,
  endDryRun,
  endVerify,
  incompatibleAlgorithm,
  usableKey,
} from './cryptoCommon';

/** GenerateMac and VerifyMac: HMAC with the key's material, the algorithm fixed by the HMAC key spec. */

/** In the order AWS lists them in its enum ValidationException. */
const MAC_ALGORITHMS = ['HMAC_SHA_384', 'HMAC_SHA_256', 'HMAC_SHA_224', 'HMAC_SHA_512'] as const;
type MacAlgorithm = (typeof MAC_ALGORITHMS)[number];

const generateMacInput = {
  Message: f.plaintext(),
  KeyId: f.keyId(),
  MacAlgorithm: enumOf(MAC_ALGORITHMS, { required: true }),
  GrantTokens: f.grantTokens(),
  DryRun: f.dryRun(),
};

const verifyMacInput = { ...generateMacInput, Mac: blob({ min: 1, max: 6144, required: true }) };

/** HMAC_SHA_256 fits HMAC_256 only, and so on. */
function macOf(
  ctx: OpContext,
  identifier: string,
  algorithm: MacAlgorithm,
  message: Buffer,
  operation: string,
): { key: KeyRecord; mac: Buffer } {
  const key = usableKey(ctx, identifier);
  requireUsage(key, 'GENERATE_VERIFY_MAC', operation);
  const bits = algorithm.slice('HMAC_SHA_'.length);
  if (key.keySpec !== `HMAC_${bits}`) {
    throw incompatibleAlgorithm(algorithm, key);
  }
  return { key, mac: createHmac(`sha${bits}`, currentMaterialOf(key).bytes).update(message).digest() };
}

function generateMac(ctx: OpContext, body: unknown): object {
  const input = parseInput(body, generateMacInput);
  const { key, mac } = macOf(ctx, input.KeyId, input.MacAlgorithm, input.Message, 'GenerateMac');
  endDryRun(input.DryRun);
  return { Mac: base64(mac), MacAlgorithm: input.MacAlgorithm, KeyId: key.arn };
}

function verifyMac(ctx: OpContext, body: unknown): object {
  const input = parseInput(body, verifyMacInput);
  const { key, mac } = macOf(ctx, input.KeyId, input.MacAlgorithm, input.Message, 'VerifyMac');
  const valid = mac.length === input.Mac.length && timingSafeEqual(mac, input.Mac);
  endVerify(valid, 'KMSInvalidMacException', input.DryRun);
  return { KeyId: key.arn, MacValid: true, MacAlgorithm: input.MacAlgorithm };
}

export const macOperations: OperationTable = {
  GenerateMac: query(generateMac),
  VerifyMac: query(verifyMac),
};
