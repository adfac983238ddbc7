import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  ListAliasesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
  UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms';
import { operations } from '../../src/sandbox/operations';
import { importMaterial } from './importSupport';
import { createKey, DAY_MS, expectKmsError, TestClock } from './keyFixtures';
import { expectMissingMember, openSandbox, useSandbox } from './support';

describe('sandbox key lifecycle: description, enable/disable, deletion, quota and persistence', () => {
  const clock = new TestClock();
  const fx = useSandbox({ now: clock.now });

  describe('UpdateKeyDescription, EnableKey, DisableKey', () => {
    it('replaces the description, also with an empty one', async () => {
      const key = await createKey(fx.kms, { Description: 'old' });
      assert.equal(
        await fx.kms.send(new UpdateKeyDescriptionCommand({ KeyId: key.Arn, Description: 'new' })).then(() => 'ok'),
        'ok',
      );
      assert.equal((await fx.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata?.Description, 'new');
      await fx.kms.send(new UpdateKeyDescriptionCommand({ KeyId: key.KeyId, Description: '' }));
      assert.equal((await fx.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata?.Description, '');
    });

    it('requires a Description', async () => {
      const key = await createKey(fx.kms, { Description: 'kept' });
      await expectMissingMember(
        async () => fx.kms.send(new UpdateKeyDescriptionCommand({ KeyId: key.KeyId } as never)),
        'description',
      );
      assert.equal((await fx.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata?.Description, 'kept');
    });

    it('disables and re-enables a key, idempotently', async () => {
      const key = await createKey(fx.kms);
      const state = async (): Promise<[string | undefined, boolean | undefined]> => {
        const { KeyMetadata: m } = await fx.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }));
        return [m?.KeyState, m?.Enabled];
      };
      await fx.kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
      assert.deepEqual(await state(), ['Disabled', false]);
      await fx.kms.send(new DisableKeyCommand({ KeyId: key.Arn }));
      assert.deepEqual(await state(), ['Disabled', false]);
      await fx.kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
      assert.deepEqual(await state(), ['Enabled', true]);
      await fx.kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
      assert.deepEqual(await state(), ['Enabled', true]);
    });
  });

  describe('ScheduleKeyDeletion, CancelKeyDeletion and the deletion itself', () => {
    it('schedules deletion 30 days out by default and answers with the ARN, date, state and window', async () => {
      const key = await createKey(fx.kms);
      const out = await fx.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId }));
      assert.equal(out.KeyId, key.Arn);
      assert.equal(out.KeyState, 'PendingDeletion');
      assert.equal(out.PendingWindowInDays, 30);
      assert.equal(out.DeletionDate?.getTime(), clock.ms + 30 * DAY_MS);
      const { KeyMetadata: m } = await fx.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }));
      assert.equal(m?.KeyState, 'PendingDeletion');
      assert.equal(m?.Enabled, false);
      assert.equal(m?.DeletionDate?.getTime(), clock.ms + 30 * DAY_MS);
    });

    it('accepts windows of 7 to 30 days', async () => {
      for (const days of [7, 30]) {
        const key = await createKey(fx.kms);
        const out = await fx.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: days }));
        assert.equal(out.DeletionDate?.getTime(), clock.ms + days * DAY_MS);
        assert.equal(out.PendingWindowInDays, days);
      }
    });

    it('refuses windows outside 7 to 30 days and leaves the key as it was', async () => {
      const key = await createKey(fx.kms);
      for (const days of [6, 31, 365]) {
        await expectKmsError(
          async () => fx.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: days })),
          'ValidationException',
          'PendingWindowInDays must be between 7 and 30',
        );
      }
      await expectKmsError(
        async () => fx.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 0 })),
        'ValidationException',
        "1 validation error detected: Value '0' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 1",
      );
      assert.equal((await fx.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata?.KeyState, 'Enabled');
    });

    it('cancels into Disabled and drops the DeletionDate', async () => {
      const key = await createKey(fx.kms);
      await fx.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId }));
      const out = await fx.kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId }));
      assert.equal(out.KeyId, key.Arn);
      const { KeyMetadata: m } = await fx.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }));
      assert.equal(m?.KeyState, 'Disabled');
      assert.equal(m?.DeletionDate, undefined);
    });

    it('cancels an EXTERNAL key that has no material back into PendingImport', async () => {
      const key = await createKey(fx.kms, { Origin: 'EXTERNAL' });
      await fx.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
      await fx.kms.send(new CancelKeyDeletionCommand({ KeyId: key.Arn }));
      const { KeyMetadata: m } = await fx.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }));
      assert.equal(m?.KeyState, 'PendingImport');
      assert.equal(m?.Enabled, false);
    });

    it('cancels an EXTERNAL key with its material imported into Disabled, and one whose material expired meanwhile into PendingImport', async () => {
      const kept = await createKey(fx.kms, { Origin: 'EXTERNAL' });
      await importMaterial(fx.kms, kept.KeyId, randomBytes(32));
      const expiring = await createKey(fx.kms, { Origin: 'EXTERNAL' });
      await importMaterial(fx.kms, expiring.KeyId, randomBytes(32), {
        ExpirationModel: 'KEY_MATERIAL_EXPIRES',
        ValidTo: new Date(clock.ms + DAY_MS),
      });
      for (const key of [kept, expiring]) {
        await fx.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
      }
      clock.ms += 2 * DAY_MS;
      for (const key of [kept, expiring]) {
        await fx.kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId }));
      }
      const stateOf = async (KeyId: string): Promise<string | undefined> =>
        (await fx.kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata?.KeyState;
      assert.equal(await stateOf(kept.KeyId), 'Disabled');
      assert.equal(await stateOf(expiring.KeyId), 'PendingImport');
    });

    it('keeps the aliases while pending deletion, then removes key and aliases once the date passes', async () => {
      const key = await createKey(fx.kms);
      await fx.kms.send(new CreateAliasCommand({ AliasName: 'alias/doomed', TargetKeyId: key.KeyId }));
      await fx.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
      const aliases = async (): Promise<string[]> =>
        ((await fx.kms.send(new ListAliasesCommand({ Limit: 100 }))).Aliases ?? []).map((a) => a.AliasName ?? '');
      assert.ok((await aliases()).includes('alias/doomed'));
      const listed = async (): Promise<boolean> =>
        ((await fx.kms.send(new ListKeysCommand({ Limit: 1000 }))).Keys ?? []).some((k) => k.KeyId === key.KeyId);
      assert.ok(await listed(), 'a key pending deletion is still listed');

      clock.ms += 7 * DAY_MS - 1;
      assert.equal(
        (await fx.kms.send(new DescribeKeyCommand({ KeyId: 'alias/doomed' }))).KeyMetadata?.KeyState,
        'PendingDeletion',
      );
      clock.ms += 1;
      await expectKmsError(
        async () => fx.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId })),
        'NotFoundException',
        `Key '${key.Arn}' does not exist`,
      );
      assert.ok(!(await aliases()).includes('alias/doomed'));
      assert.ok(!(await listed()));
      await expectKmsError(
        async () => fx.kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId })),
        'NotFoundException',
        `Key '${key.Arn}' does not exist`,
      );
    });
  });

  describe('quota and persistence', () => {
    it('refuses a key beyond the 100,000 customer managed keys of a region', async () => {
      const q = await openSandbox();
      try {
        await createKey(q.kms);
        const { keys } = q.sandbox.service.context.state;
        const record = keys[0];
        assert.ok(record);
        // Copies of one record stand in for a full region: only the count matters to CreateKey.
        keys.push(...Array.from({ length: 100_000 - keys.length }, () => record));
        await expectKmsError(
          async () => createKey(q.kms),
          'LimitExceededException',
          'The sandbox already holds 100000 keys, the KMS quota of customer managed keys per region.',
        );
        assert.equal(keys.length, 100_000);
        keys.length = 1;
        assert.equal((await createKey(q.kms)).KeyState, 'Enabled', 'below the quota again');
      } finally {
        await q.close();
      }
    });

    it('registers every state-changing operation as a mutation, so it is saved before the response', () => {
      const mutating = [
        'CreateKey',
        'UpdateKeyDescription',
        'EnableKey',
        'DisableKey',
        'ScheduleKeyDeletion',
        'CancelKeyDeletion',
        'CreateAlias',
        'UpdateAlias',
        'DeleteAlias',
        'TagResource',
        'UntagResource',
        'PutKeyPolicy',
        'EnableKeyRotation',
        'DisableKeyRotation',
      ];
      const reading = [
        'DescribeKey',
        'ListKeys',
        'ListAliases',
        'ListResourceTags',
        'GetKeyPolicy',
        'ListKeyPolicies',
        'GetKeyRotationStatus',
      ];
      for (const name of mutating) {
        assert.equal(operations[name]?.mutating, true, name);
      }
      for (const name of reading) {
        assert.equal(operations[name]?.mutating, false, name);
      }
    });

    it('keeps keys, aliases, tags, policies and rotation across a restart on a data directory', async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'kms-keys-'));
      try {
        const first = await openSandbox({ dataDir });
        const key = await createKey(first.kms, { Description: 'before', Tags: [{ TagKey: 'team', TagValue: 'a' }] });
        await first.kms.send(new UpdateKeyDescriptionCommand({ KeyId: key.KeyId, Description: 'after' }));
        await first.kms.send(new CreateAliasCommand({ AliasName: 'alias/kept', TargetKeyId: key.KeyId }));
        await first.kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 100 }));
        await first.kms.send(
          new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: '{"Statement":[{"Principal":"*"}]}' }),
        );
        await first.kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
        await first.close();

        const second = await openSandbox({ dataDir });
        try {
          const { KeyMetadata: m } = await second.kms.send(new DescribeKeyCommand({ KeyId: 'alias/kept' }));
          assert.equal(m?.KeyId, key.KeyId);
          assert.equal(m?.Description, 'after');
          assert.equal(m?.KeyState, 'Disabled');
          assert.deepEqual((await second.kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId }))).Tags, [
            { TagKey: 'team', TagValue: 'a' },
          ]);
          assert.equal(
            (await second.kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))).RotationPeriodInDays,
            100,
          );
          assert.equal(
            (await second.kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId }))).Policy,
            '{"Statement":[{"Principal":"*"}]}',
          );
        } finally {
          await second.close();
        }
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  });
});
