import { mutation, query, type OpContext, type OperationTable } from '../context';
import { stateErrors, unsupported } from '../errors';
import { resolveKey } from '../identifiers';
import { isSymmetric, type KeyRecord } from '../model';
import { common, int, parseInput } from '../validate';
import { DAY_MS, epochSeconds } from './shapes';

/**
 * EnableKeyRotation, DisableKeyRotation and GetKeyRotationStatus (kms-api.md §7.10). The rotations themselves happen
 * in maintenance.ts when `nextRotationDate` passes; on-demand rotation lives in materialRotation.ts.
 */

const DEFAULT_PERIOD_DAYS = 365;

/** Only symmetric encryption keys rotate: others get UNS (text unverified), imported ones UEXT [aws-obs]. */
function requireSymmetric(key: KeyRecord): void {
  if (!isSymmetric(key.keySpec)) {
    throw unsupported(`${key.arn} is a ${key.keySpec} key; automatic rotation is only for symmetric encryption keys.`);
  }
}

/** Rotation settings can change only on an Enabled AWS_KMS symmetric key (kms-api.md §5.3). */
function requireRotationChangeable(key: KeyRecord): void {
  requireSymmetric(key);
  if (key.origin === 'EXTERNAL') {
    throw stateErrors.originExternal(key.arn);
  }
  if (key.state === 'Disabled') {
    throw stateErrors.disabled(key.arn);
  }
  if (key.state === 'PendingDeletion') {
    throw stateErrors.pendingDeletion(key.arn);
  }
}

const enableKeyRotationInput = { KeyId: common.keyId(), RotationPeriodInDays: int({ min: 90, max: 2560 }) };

function enableKeyRotation(ctx: OpContext, body: unknown): undefined {
  const input = parseInput(body, enableKeyRotationInput);
  const key = resolveKey(ctx, input.KeyId, { allowAlias: false });
  requireRotationChangeable(key);
  const { rotation } = key;
  // Enabling again without a period keeps the schedule; a (new) period counts from now, like a first enable.
  if (
    rotation.enabled &&
    (input.RotationPeriodInDays === undefined || input.RotationPeriodInDays === rotation.periodDays)
  ) {
    return undefined;
  }
  rotation.enabled = true;
  rotation.periodDays = input.RotationPeriodInDays ?? DEFAULT_PERIOD_DAYS;
  rotation.nextRotationDate = ctx.now() + rotation.periodDays * DAY_MS;
  return undefined;
}

const keyOnly = { KeyId: common.keyId() };

function disableKeyRotation(ctx: OpContext, body: unknown): undefined {
  const key = resolveKey(ctx, parseInput(body, keyOnly).KeyId, { allowAlias: false });
  requireRotationChangeable(key);
  key.rotation.enabled = false;
  delete key.rotation.periodDays;
  delete key.rotation.nextRotationDate;
  return undefined;
}

/**
 * A key pending deletion reports false but keeps its setting for a cancellation. Imported symmetric keys are accepted
 * and report false: automatic rotation never applies to them (§7.10 leaves UEXT vs false open).
 */
function getKeyRotationStatus(ctx: OpContext, body: unknown): object {
  const key = resolveKey(ctx, parseInput(body, keyOnly).KeyId, { allowAlias: false });
  requireSymmetric(key);
  const { rotation } = key;
  if (!rotation.enabled || key.state === 'PendingDeletion' || key.origin === 'EXTERNAL') {
    return { KeyId: key.arn, KeyRotationEnabled: false };
  }
  return {
    KeyId: key.arn,
    KeyRotationEnabled: true,
    RotationPeriodInDays: rotation.periodDays ?? DEFAULT_PERIOD_DAYS,
    ...(rotation.nextRotationDate !== undefined ? { NextRotationDate: epochSeconds(rotation.nextRotationDate) } : {}),
  };
}

export const automaticRotationOperations: OperationTable = {
  EnableKeyRotation: mutation(enableKeyRotation),
  DisableKeyRotation: mutation(disableKeyRotation),
  GetKeyRotationStatus: query(getKeyRotationStatus),
};
