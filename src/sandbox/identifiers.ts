import type { OpContext } from './context';
import { notFound } from './errors';
import type { AliasRecord, KeyRecord } from './model';

/** Key and alias identifiers and their resolution, with the exact NotFoundException texts of kms-api.md §3. */

const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const ARN = /^arn:(aws|aws-cn|aws-us-gov):kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/;

export const keyArn = (ctx: OpContext, keyId: string): string =>
  `arn:${ctx.config.partition}:kms:${ctx.config.region}:${ctx.config.accountId}:key/${keyId}`;
export const aliasArn = (ctx: OpContext, aliasName: string): string =>
  `arn:${ctx.config.partition}:kms:${ctx.config.region}:${ctx.config.accountId}:${aliasName}`;

export const isKeyIdShape = (value: string): boolean => KEY_ID.test(value);

export function findAlias(ctx: OpContext, aliasName: string): AliasRecord | undefined {
  return ctx.state.aliases.find((a) => a.name === aliasName);
}

export function findKeyById(ctx: OpContext, keyId: string): KeyRecord | undefined {
  return ctx.state.keys.find((k) => k.keyId === keyId);
}

function keyByIdOrThrow(ctx: OpContext, keyId: string): KeyRecord {
  const key = findKeyById(ctx, keyId);
  if (!key) {
    throw notFound(`Key '${keyArn(ctx, keyId)}' does not exist`);
  }
  return key;
}

/**
 * Resolves a KeyId member. `allowAlias` is true for DescribeKey and the cryptographic operations; management,
 * tag, policy, rotation and import operations take a key id or key ARN only.
 */
export function resolveKey(ctx: OpContext, identifier: string, options: { allowAlias: boolean }): KeyRecord {
  const arn = ARN.exec(identifier);
  if (arn) {
    const [, , region, account, kind, rest] = arn;
    if (kind === 'alias') {
      return options.allowAlias ? resolveAlias(ctx, `alias/${rest}`) : invalidKeyId(identifier);
    }
    if (region !== ctx.config.region) {
      throw notFound(`Invalid arn ${region}`);
    }
    if (account !== ctx.config.accountId || !isKeyIdShape(rest)) {
      throw notFound(`Key '${identifier}' does not exist`);
    }
    return keyByIdOrThrow(ctx, rest);
  }
  if (identifier.startsWith('alias/') && options.allowAlias) {
    return resolveAlias(ctx, identifier);
  }
  if (!isKeyIdShape(identifier)) {
    return invalidKeyId(identifier);
  }
  return keyByIdOrThrow(ctx, identifier);
}

function invalidKeyId(identifier: string): never {
  throw notFound(`Invalid keyId '${identifier}'`);
}

function resolveAlias(ctx: OpContext, aliasName: string): KeyRecord {
  const alias = findAlias(ctx, aliasName);
  if (!alias) {
    throw notFound(`Alias ${aliasArn(ctx, aliasName)} is not found.`);
  }
  return keyByIdOrThrow(ctx, alias.targetKeyId);
}
