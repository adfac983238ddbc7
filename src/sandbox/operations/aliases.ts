import { mutation, query, type OpContext, type OperationTable } from '../context';
import { KmsError, notFound } from '../errors';
import { aliasArn, findAlias, findKeyById, resolveKey } from '../identifiers';
import { requireNotPendingDeletion } from '../keyStates';
import type { AliasRecord } from '../model';
import { page } from '../paging';
import { common, parseInput } from '../validate';
import { aliasNameField, checkAliasName, requireRoomForAlias, requireSameKind } from './aliasRules';
import { epochSeconds, listOutput } from './shapes';

/** CreateAlias, UpdateAlias, DeleteAlias and ListAliases (kms-api.md §7.7). Targets are key ids or key ARNs, never aliases. */

const aliasTargetInput = { AliasName: aliasNameField(), TargetKeyId: common.keyId() };

function createAlias(ctx: OpContext, body: unknown): undefined {
  const input = parseInput(body, aliasTargetInput);
  checkAliasName(input.AliasName);
  if (findAlias(ctx, input.AliasName)) {
    throw new KmsError(
      'AlreadyExistsException',
      `An alias with the name ${aliasArn(ctx, input.AliasName)} already exists`,
    );
  }
  const key = resolveKey(ctx, input.TargetKeyId, { allowAlias: false });
  requireNotPendingDeletion(key);
  requireRoomForAlias(ctx, key);
  const now = ctx.now();
  ctx.state.aliases.push({ name: input.AliasName, targetKeyId: key.keyId, creationDate: now, lastUpdatedDate: now });
  return undefined;
}

function updateAlias(ctx: OpContext, body: unknown): undefined {
  const input = parseInput(body, aliasTargetInput);
  const alias = existingAlias(ctx, input.AliasName);
  const key = resolveKey(ctx, input.TargetKeyId, { allowAlias: false });
  // Only the new target must not be pending deletion; the current one may be (§5.3).
  requireNotPendingDeletion(key);
  const current = findKeyById(ctx, alias.targetKeyId);
  if (current) {
    requireSameKind(alias.name, current, key);
  }
  if (key.keyId !== alias.targetKeyId) {
    requireRoomForAlias(ctx, key);
  }
  alias.targetKeyId = key.keyId;
  alias.lastUpdatedDate = ctx.now();
  return undefined;
}

const aliasOnlyInput = { AliasName: aliasNameField() };

function deleteAlias(ctx: OpContext, body: unknown): undefined {
  const alias = existingAlias(ctx, parseInput(body, aliasOnlyInput).AliasName);
  ctx.state.aliases = ctx.state.aliases.filter((a) => a !== alias);
  return undefined;
}

function existingAlias(ctx: OpContext, name: string): AliasRecord {
  checkAliasName(name);
  const alias = findAlias(ctx, name);
  if (!alias) {
    throw notFound(`Alias ${aliasArn(ctx, name)} is not found.`);
  }
  return alias;
}

const listAliasesInput = { KeyId: common.keyId(false), Limit: common.limit(), Marker: common.marker() };

function listAliases(ctx: OpContext, body: unknown): object {
  const input = parseInput(body, listAliasesInput);
  const keyId = input.KeyId === undefined ? undefined : resolveKey(ctx, input.KeyId, { allowAlias: false }).keyId;
  const matching = ctx.state.aliases
    .filter((a) => keyId === undefined || a.targetKeyId === keyId)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const result = page(matching, input, { defaultLimit: 50, maxLimit: 100, sortKey: (a) => a.name });
  return listOutput(
    'Aliases',
    result.items.map((a) => ({
      AliasName: a.name,
      AliasArn: aliasArn(ctx, a.name),
      TargetKeyId: a.targetKeyId,
      CreationDate: epochSeconds(a.creationDate),
      LastUpdatedDate: epochSeconds(a.lastUpdatedDate),
    })),
    result,
  );
}

export const aliasOperations: OperationTable = {
  CreateAlias: mutation(createAlias),
  UpdateAlias: mutation(updateAlias),
  DeleteAlias: mutation(deleteAlias),
  ListAliases: query(listAliases),
};
