import assert from 'node:assert/strict';
import {
  CreateKeyCommand,
  DisableKeyCommand,
  ScheduleKeyDeletionCommand,
  type CreateKeyCommandInput,
  type KMSClient,
  type KeyMetadata,
} from '@aws-sdk/client-kms';

export { expectKmsError } from './support';

/** Shared steps of the key-management tests: keys in a given state, and error assertions. */

export type TestState = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport';
export const TEST_STATES: readonly TestState[] = ['Enabled', 'Disabled', 'PendingDeletion', 'PendingImport'];

export async function createKey(
  kms: KMSClient,
  input: CreateKeyCommandInput = {},
): Promise<KeyMetadata & { KeyId: string; Arn: string }> {
  const { KeyMetadata: meta } = await kms.send(new CreateKeyCommand(input));
  assert.ok(meta?.KeyId && meta.Arn);
  return meta as KeyMetadata & { KeyId: string; Arn: string };
}

/** A symmetric key in `state`; PendingImport is an EXTERNAL key that never had material. */
export async function keyIn(kms: KMSClient, state: TestState): Promise<{ KeyId: string; Arn: string }> {
  const key = await createKey(kms, state === 'PendingImport' ? { Origin: 'EXTERNAL' } : {});
  if (state === 'Disabled') {
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
  }
  if (state === 'PendingDeletion') {
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
  }
  return key;
}

/** A clock the tests move by hand; the sandbox reads it through `openSandbox({ now })`. */
export class TestClock {
  constructor(public ms = Date.UTC(2026, 0, 1)) {}
  readonly now = (): number => this.ms;
  advanceDays(days: number): void {
    this.ms += days * 86_400_000;
  }
}

export const DAY_MS = 86_400_000;
