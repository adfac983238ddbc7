import { mutation, type OpContext, type OperationTable } from '../context';
import { stateErrors, validation } from '../errors';
import { resolveKey } from '../identifiers';
import { requireNotPendingDeletion } from '../keyStates';
import { associatedMaterials, type KeyRecord } from '../model';
import { common, int, parseInput, str } from '../validate';
import { DAY_MS, epochSeconds } from './shapes';

/** A key's life after creation: description, enable/disable, scheduled deletion and its cancellation (kms-api.md §7.4–7.6). */

const keyOnly = { KeyId: common.keyId() };

/** Management operations take a key id or key ARN only (kms-api.md §3). */
const managedKey = (ctx: OpContext, keyId: string): KeyRecord => resolveKey(ctx, keyId, { allowAlias: false });

const updateKeyDescriptionInput = { KeyId: common.keyId(), Description: str({ min: 0, max: 8192, required: true }) };

function updateKeyDescription(ctx: OpContext, body: unknown): undefined {
  const input = parseInput(body, updateKeyDescriptionInput);
  const key = managedKey(ctx, input.KeyId);
  requireNotPendingDeletion(key);
  key.description = input.Description;
  return undefined;
}

/** EnableKey and DisableKey share their refusals: pending deletion and pending import (kms-api.md §5.3). */
function requireEnableable(key: KeyRecord): void {
  requireNotPendingDeletion(key);
  if (key.state === 'PendingImport') {
    throw stateErrors.pendingImport(key.arn);
  }
}

function enableKey(ctx: OpContext, body: unknown): undefined {
  const key = managedKey(ctx, parseInput(body, keyOnly).KeyId);
  requireEnableable(key);
  key.state = 'Enabled';
  return undefined;
}

function disableKey(ctx: OpContext, body: unknown): undefined {
  const key = managedKey(ctx, parseInput(body, keyOnly).KeyId);
  requireEnableable(key);
  key.state = 'Disabled';
  return undefined;
}

const MIN_WINDOW_DAYS = 7;
const MAX_WINDOW_DAYS = 30;

/** The model allows 1–365 (Coral text); the service then insists on 7–30 with its own text [aws-obs, Go SDK log 2020]. */
const scheduleKeyDeletionInput = { KeyId: common.keyId(), PendingWindowInDays: int({ min: 1, max: 365 }) };

function scheduleKeyDeletion(ctx: OpContext, body: unknown): object {
  const input = parseInput(body, scheduleKeyDeletionInput);
  const days = input.PendingWindowInDays ?? MAX_WINDOW_DAYS;
  if (days < MIN_WINDOW_DAYS || days > MAX_WINDOW_DAYS) {
    throw validation(`PendingWindowInDays must be between ${MIN_WINDOW_DAYS} and ${MAX_WINDOW_DAYS}`);
  }
  const key = managedKey(ctx, input.KeyId);
  requireNotPendingDeletion(key);
  key.state = 'PendingDeletion';
  key.deletionDate = ctx.now() + days * DAY_MS;
  key.pendingWindowInDays = days;
  return {
    KeyId: key.arn,
    DeletionDate: epochSeconds(key.deletionDate),
    KeyState: key.state,
    PendingWindowInDays: days,
  };
}

function cancelKeyDeletion(ctx: OpContext, body: unknown): object {
  const key = managedKey(ctx, parseInput(body, keyOnly).KeyId);
  if (key.state !== 'PendingDeletion') {
    throw stateErrors.notPendingDeletion(key.arn);
  }
  // KMS leaves a rescued key Disabled; an EXTERNAL key without all its material can't be, so it waits for an import (§5.1).
  key.state = hasAllMaterial(key) ? 'Disabled' : 'PendingImport';
  delete key.deletionDate;
  delete key.pendingWindowInDays;
  return { KeyId: key.arn };
}

function hasAllMaterial(key: KeyRecord): boolean {
  if (key.origin !== 'EXTERNAL') {
    return true;
  }
  const associated = associatedMaterials(key);
  return associated.length > 0 && associated.every((m) => m.importState === 'IMPORTED');
}

export const keyLifecycleOperations: OperationTable = {
  UpdateKeyDescription: mutation(updateKeyDescription),
  EnableKey: mutation(enableKey),
  DisableKey: mutation(disableKey),
  ScheduleKeyDeletion: mutation(scheduleKeyDeletion),
  CancelKeyDeletion: mutation(cancelKeyDeletion),
};
