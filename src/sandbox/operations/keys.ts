import { randomBytes, randomUUID } from 'node:crypto';
import { mutation, query, type OpContext, type OperationTable } from '../context';
import { limitExceeded, unsupported, validation } from '../errors';
import { keyArn, resolveKey } from '../identifiers';
import { keyMetadata } from '../metadata';
import { generateMaterial, isSupportedSpec, randomMaterialId } from '../materials';
import {
  allowedUsages,
  ECC_CURVE_KEY_SPECS,
  HMAC_KEY_SPECS,
  isSymmetric,
  KEY_SPECS,
  KEY_USAGES,
  RSA_KEY_SPECS,
  type KeyRecord,
  type KeySpec,
  type KeyUsage,
} from '../model';
import { page } from '../paging';
import { bool, common, enumOf, parseInput, str } from '../validate';
import { keyLifecycleOperations } from './keyLifecycle';
import { listOutput } from './shapes';
import { checkPolicy, defaultPolicy, policyField } from './policyRules';
import { checkNewTags, tagListField } from './tagRules';

/** Key creation, description and listing; the rest of a key's life is in keyLifecycle.ts. */

/** Customer managed keys per account and region (kms-api.md §11). */
export const MAX_KEYS = 100_000;

/** The deprecated member predates the newer specs, so its enum is shorter. */
const CUSTOMER_MASTER_KEY_SPECS = [
  ...RSA_KEY_SPECS,
  ...ECC_CURVE_KEY_SPECS,
  'SYMMETRIC_DEFAULT',
  ...HMAC_KEY_SPECS,
  'SM2',
] as const;

const createKeyInput = {
  Policy: policyField(),
  Description: str({ min: 0, max: 8192 }),
  KeyUsage: enumOf(KEY_USAGES),
  CustomerMasterKeySpec: enumOf(CUSTOMER_MASTER_KEY_SPECS),
  KeySpec: enumOf(KEY_SPECS),
  Origin: enumOf(['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'] as const),
  CustomKeyStoreId: str({ min: 1, max: 64 }),
  BypassPolicyLockoutSafetyCheck: bool(),
  Tags: tagListField(),
  MultiRegion: bool(),
  XksKeyId: str({ min: 1, max: 128 }),
};

async function createKey(ctx: OpContext, body: unknown): Promise<object> {
  const input = parseInput(body, createKeyInput);
  if (input.KeySpec !== undefined && input.CustomerMasterKeySpec !== undefined) {
    throw validation(
      'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.',
    );
  }
  const spec: KeySpec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
  const usage = resolveUsage(spec, input.KeyUsage);
  const origin = input.Origin ?? 'AWS_KMS';
  if (
    input.CustomKeyStoreId !== undefined ||
    input.XksKeyId !== undefined ||
    origin === 'AWS_CLOUDHSM' ||
    origin === 'EXTERNAL_KEY_STORE'
  ) {
    throw unsupported('Custom key stores are not supported by the sandbox.');
  }
  if (spec === 'SM2') {
    throw unsupported(`KeySpec SM2 is not supported in region ${ctx.config.region}.`);
  }
  if (!isSupportedSpec(spec)) {
    throw unsupported(`KeySpec ${spec} is not supported by the sandbox.`);
  }
  if (input.Policy !== undefined) {
    checkPolicy(input.Policy);
  }
  const tags = input.Tags ?? [];
  checkNewTags([], tags);
  const material = origin === 'AWS_KMS' ? await generateMaterial(spec) : undefined;

  // After the last await: other requests may have created keys meanwhile.
  if (ctx.state.keys.length >= MAX_KEYS) {
    throw limitExceeded(
      `The sandbox already holds ${MAX_KEYS} keys, the KMS quota of customer managed keys per region.`,
    );
  }
  const keyId = input.MultiRegion ? `mrk-${randomBytes(16).toString('hex')}` : randomUUID();
  const key: KeyRecord = {
    keyId,
    arn: keyArn(ctx, keyId),
    creationDate: ctx.now(),
    description: input.Description ?? '',
    keyUsage: usage,
    keySpec: spec,
    origin,
    keyManager: 'CUSTOMER',
    multiRegion: input.MultiRegion ?? false,
    state: origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled',
    policy: input.Policy ?? defaultPolicy(ctx.config.accountId),
    tags,
    rotation: { enabled: false, onDemandCount: 0 },
    materials: material ? [{ id: randomMaterialId(), material: material.toString('base64'), state: 'CURRENT' }] : [],
  };
  ctx.state.keys.push(key);
  return { KeyMetadata: keyMetadata(ctx, key) };
}

/** KeyUsage defaults to ENCRYPT_DECRYPT only for symmetric keys and must fit the spec (kms-api.md §4.2). */
function resolveUsage(spec: KeySpec, usage: KeyUsage | undefined): KeyUsage {
  if (usage === undefined) {
    if (isSymmetric(spec)) {
      return 'ENCRYPT_DECRYPT';
    }
    throw validation('You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
  }
  if (!allowedUsages(spec).includes(usage)) {
    throw validation(`KeyUsage ${usage} is not compatible with KeySpec ${spec}`);
  }
  return usage;
}

const describeKeyInput = { KeyId: common.keyId(), GrantTokens: common.grantTokens() };

function describeKey(ctx: OpContext, body: unknown): object {
  const input = parseInput(body, describeKeyInput);
  return { KeyMetadata: keyMetadata(ctx, resolveKey(ctx, input.KeyId, { allowAlias: true })) };
}

const listKeysInput = { Limit: common.limit(), Marker: common.marker() };

function listKeys(ctx: OpContext, body: unknown): object {
  const input = parseInput(body, listKeysInput);
  // Ordered by (creation time, key id) so a marker survives keys created or deleted between pages.
  const ordered = ctx.state.keys
    .map((k) => ({ k, sortKey: `${k.creationDate.toString().padStart(15, '0')}:${k.keyId}` }))
    .sort((a, b) => (a.sortKey < b.sortKey ? -1 : 1));
  const result = page(ordered, input, { defaultLimit: 100, maxLimit: 1000, sortKey: (e) => e.sortKey });
  return listOutput(
    'Keys',
    result.items.map(({ k }) => ({ KeyId: k.keyId, KeyArn: k.arn })),
    result,
  );
}

export const keyOperations: OperationTable = {
  CreateKey: mutation(createKey),
  DescribeKey: query(describeKey),
  ListKeys: query(listKeys),
  ...keyLifecycleOperations,
};
