import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  CancelKeyDeletionCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  GetKeyRotationStatusCommand,
  ListKeyRotationsCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { importMaterial } from './importSupport';
import { createKey, DAY_MS, expectKmsError, TestClock } from './keyFixtures';
import { useSandbox } from './support';

describe('sandbox automatic rotation: EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus', () => {
  let clock: TestClock;
  const fx = useSandbox(
    () => {
      clock = new TestClock();
      return { now: clock.now };
    },
    { perTest: true },
  );

  /** The raw output minus $metadata, so absent members are visibly absent. */
  const status = async (KeyId: string): Promise<Record<string, unknown>> => {
    const { $metadata: _, ...out } = await fx.kms.send(new GetKeyRotationStatusCommand({ KeyId }));
    return out;
  };
  const enable = async (KeyId: string, RotationPeriodInDays?: number): Promise<unknown> =>
    fx.kms.send(new EnableKeyRotationCommand({ KeyId, RotationPeriodInDays }));
  const currentMaterial = async (KeyId: string): Promise<string | undefined> =>
    (await fx.kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata?.CurrentKeyMaterialId;

  it('reports only the ARN and false while rotation is off', async () => {
    const key = await createKey(fx.kms);
    assert.deepEqual(await status(key.KeyId), { KeyId: key.Arn, KeyRotationEnabled: false });
  });

  it('enables rotation every 365 days by default, the first one a period from now', async () => {
    const key = await createKey(fx.kms);
    await enable(key.KeyId);
    assert.deepEqual(await status(key.Arn), {
      KeyId: key.Arn,
      KeyRotationEnabled: true,
      RotationPeriodInDays: 365,
      NextRotationDate: new Date(clock.ms + 365 * DAY_MS),
    });
  });

  it('takes a custom period of 90 to 2560 days and refuses others the Coral way', async () => {
    const key = await createKey(fx.kms);
    await expectKmsError(
      async () => enable(key.KeyId, 89),
      'ValidationException',
      "1 validation error detected: Value '89' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90",
    );
    await expectKmsError(
      async () => enable(key.KeyId, 2561),
      'ValidationException',
      "1 validation error detected: Value '2561' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 2560",
    );
    assert.equal((await status(key.KeyId)).KeyRotationEnabled, false);
    await enable(key.KeyId, 2560);
    assert.equal((await status(key.KeyId)).RotationPeriodInDays, 2560);
    await enable(key.KeyId, 90);
    assert.deepEqual(await status(key.KeyId), {
      KeyId: key.Arn,
      KeyRotationEnabled: true,
      RotationPeriodInDays: 90,
      NextRotationDate: new Date(clock.ms + 90 * DAY_MS),
    });
  });

  it('keeps the schedule when enabled again without a period, and restarts it for a new period', async () => {
    const key = await createKey(fx.kms);
    await enable(key.KeyId, 100);
    const first = (await status(key.KeyId)).NextRotationDate;
    clock.advanceDays(10);
    await enable(key.KeyId);
    assert.deepEqual((await status(key.KeyId)).NextRotationDate, first);
    await enable(key.KeyId, 200);
    assert.deepEqual((await status(key.KeyId)).NextRotationDate, new Date(clock.ms + 200 * DAY_MS));
  });

  it('disables rotation, dropping period and date', async () => {
    const key = await createKey(fx.kms);
    await enable(key.KeyId, 180);
    await fx.kms.send(new DisableKeyRotationCommand({ KeyId: key.Arn }));
    assert.deepEqual(await status(key.KeyId), { KeyId: key.Arn, KeyRotationEnabled: false });
    await fx.kms.send(new DisableKeyRotationCommand({ KeyId: key.KeyId }));
    await enable(key.KeyId);
    assert.equal((await status(key.KeyId)).RotationPeriodInDays, 365);
  });

  it('rotates the material when the date passes, and schedules the next rotation', async () => {
    const key = await createKey(fx.kms);
    const original = await currentMaterial(key.KeyId);
    await enable(key.KeyId, 90);
    clock.advanceDays(90);
    clock.ms -= 1;
    assert.equal(await currentMaterial(key.KeyId), original);
    clock.ms += 1;
    const rotated = await currentMaterial(key.KeyId);
    assert.match(rotated ?? '', /^[0-9a-f]{64}$/);
    assert.notEqual(rotated, original);
    assert.deepEqual((await status(key.KeyId)).NextRotationDate, new Date(clock.ms + 90 * DAY_MS));
  });

  it('does not rotate a disabled key, and catches up once it is enabled again', async () => {
    const key = await createKey(fx.kms);
    const original = await currentMaterial(key.KeyId);
    await enable(key.KeyId, 90);
    await fx.kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    clock.advanceDays(100);
    assert.equal(await currentMaterial(key.KeyId), original);
    assert.equal((await status(key.KeyId)).KeyRotationEnabled, true, 'a disabled key keeps its rotation status');
    await fx.kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
    assert.notEqual(await currentMaterial(key.KeyId), original);
  });

  it('catches up every overdue rotation at once: 200 days on a 90-day period are two rotations, on their own dates', async () => {
    const key = await createKey(fx.kms);
    await enable(key.KeyId, 90);
    const enabledAt = clock.ms;
    clock.advanceDays(200);
    const { Rotations } = await fx.kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId }));
    assert.deepEqual(
      Rotations?.map((r) => [r.RotationType, r.RotationDate?.valueOf()]),
      [
        ['AUTOMATIC', enabledAt + 90 * DAY_MS],
        ['AUTOMATIC', enabledAt + 180 * DAY_MS],
      ],
    );
    assert.deepEqual((await status(key.KeyId)).NextRotationDate, new Date(enabledAt + 270 * DAY_MS));
    const again = await fx.kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId }));
    assert.equal(again.Rotations?.length, 2, 'the next request finds nothing more to do');
  });

  it('reports false while pending deletion and restores the status after cancellation', async () => {
    const key = await createKey(fx.kms);
    await enable(key.KeyId, 120);
    await fx.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId }));
    assert.deepEqual(await status(key.KeyId), { KeyId: key.Arn, KeyRotationEnabled: false });
    await fx.kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId }));
    assert.deepEqual(await status(key.KeyId), {
      KeyId: key.Arn,
      KeyRotationEnabled: true,
      RotationPeriodInDays: 120,
      NextRotationDate: new Date(clock.ms + 120 * DAY_MS),
    });
  });

  it('refuses asymmetric and HMAC keys in all three operations', async () => {
    for (const input of [
      { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' },
      { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' },
    ] as const) {
      const key = await createKey(fx.kms, input);
      const message = `${key.Arn} is a ${input.KeySpec} key; automatic rotation is only for symmetric encryption keys.`;
      await expectKmsError(async () => enable(key.KeyId), 'UnsupportedOperationException', message);
      await expectKmsError(
        async () => fx.kms.send(new DisableKeyRotationCommand({ KeyId: key.KeyId })),
        'UnsupportedOperationException',
        message,
      );
      await expectKmsError(async () => status(key.KeyId), 'UnsupportedOperationException', message);
    }
  });

  it('refuses to change rotation of an imported key, before or after the import, but reports it as off', async () => {
    const key = await createKey(fx.kms, { Origin: 'EXTERNAL' });
    const uext = `${key.Arn} origin is EXTERNAL which is not valid for this operation.`;
    const refusedBoth = async (): Promise<void> => {
      await expectKmsError(async () => enable(key.KeyId), 'UnsupportedOperationException', uext);
      await expectKmsError(
        async () => fx.kms.send(new DisableKeyRotationCommand({ KeyId: key.KeyId })),
        'UnsupportedOperationException',
        uext,
      );
      assert.deepEqual(await status(key.KeyId), { KeyId: key.Arn, KeyRotationEnabled: false });
    };
    await refusedBoth();
    await importMaterial(fx.kms, key.KeyId, randomBytes(32));
    await refusedBoth();
  });

  it('takes a key id or ARN only', async () => {
    await expectKmsError(async () => enable('alias/r'), 'NotFoundException', "Invalid keyId 'alias/r'");
    await expectKmsError(async () => status('alias/r'), 'NotFoundException', "Invalid keyId 'alias/r'");
  });
});
