import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  CreateKeyCommand,
  DecryptCommand,
  DeleteImportedKeyMaterialCommand,
  DisableKeyCommand,
  ListKeyRotationsCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { encrypt } from './cryptoSupport';
import { expectMissingMember, useSandbox } from './support';
import {
  createExternalKey,
  DAY_MS,
  describeKey,
  expectKmsError,
  HEX64,
  importMaterial,
  listRotations,
  TestClock,
  type TestKey,
} from './importSupport';

/** RotateKeyOnDemand and ListKeyRotations for AWS_KMS and EXTERNAL keys (kms-api.md §7.10, §8.6, §8.7). */

async function createKmsKey(kms: KMSClient): Promise<TestKey> {
  const { KeyMetadata: meta } = await kms.send(new CreateKeyCommand({}));
  assert.ok(meta?.KeyId && meta.Arn);
  return { KeyId: meta.KeyId, Arn: meta.Arn };
}

async function rotate(kms: KMSClient, keyId: string): Promise<string | undefined> {
  return (await kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId }))).KeyId;
}

async function decrypt(kms: KMSClient, ciphertext: Uint8Array): Promise<{ plaintext: Buffer; materialId?: string }> {
  const out = await kms.send(new DecryptCommand({ CiphertextBlob: ciphertext }));
  return { plaintext: Buffer.from(out.Plaintext ?? []), materialId: out.KeyMaterialId };
}

describe('sandbox material rotation: RotateKeyOnDemand on AWS_KMS keys', () => {
  const clock = new TestClock();
  const fx = useSandbox({ now: clock.now, config: { onDemandRotationLimit: 3 } });

  it('returns the key ARN even for a bare key id, and makes fresh material current at once', async () => {
    const key = await createKmsKey(fx.kms);
    const before = (await describeKey(fx.kms, key.KeyId)).CurrentKeyMaterialId;
    assert.equal(await rotate(fx.kms, key.KeyId), key.Arn);
    const after = (await describeKey(fx.kms, key.KeyId)).CurrentKeyMaterialId;
    assert.match(after ?? '', HEX64);
    assert.notEqual(after, before);
  });

  it('keeps decrypting ciphertexts of the old material, and encrypts new ones under the new material', async () => {
    const key = await createKmsKey(fx.kms);
    const plaintext = randomBytes(40);
    const old = await encrypt(fx.kms, key.KeyId, plaintext);
    const oldMaterial = (await describeKey(fx.kms, key.KeyId)).CurrentKeyMaterialId;
    await rotate(fx.kms, key.Arn);
    const newMaterial = (await describeKey(fx.kms, key.KeyId)).CurrentKeyMaterialId;
    const fromOld = await decrypt(fx.kms, old);
    assert.deepEqual(fromOld.plaintext, plaintext);
    assert.equal(fromOld.materialId, oldMaterial);
    assert.equal((await decrypt(fx.kms, await encrypt(fx.kms, key.KeyId, plaintext))).materialId, newMaterial);
  });

  it('lists rotations: ROTATIONS_ONLY (the default) shows rotated-in material, ALL_KEY_MATERIAL the original too', async () => {
    const key = await createKmsKey(fx.kms);
    const original = (await describeKey(fx.kms, key.KeyId)).CurrentKeyMaterialId;
    assert.deepEqual(await listRotations(fx.kms, key.KeyId), []);
    const rotatedAt = clock.ms;
    await rotate(fx.kms, key.KeyId);
    const current = (await describeKey(fx.kms, key.KeyId)).CurrentKeyMaterialId;
    const rotated = {
      KeyId: key.KeyId,
      KeyMaterialId: current,
      KeyMaterialState: 'CURRENT',
      RotationDate: new Date(rotatedAt),
      RotationType: 'ON_DEMAND',
    };
    assert.deepEqual(await listRotations(fx.kms, key.KeyId), [rotated]);
    assert.deepEqual(await listRotations(fx.kms, key.KeyId, 'ROTATIONS_ONLY'), [rotated]);
    assert.deepEqual(await listRotations(fx.kms, key.KeyId, 'ALL_KEY_MATERIAL'), [
      { KeyId: key.KeyId, KeyMaterialId: original, KeyMaterialState: 'NON_CURRENT' },
      rotated,
    ]);
  });

  it('refuses more rotations than onDemandRotationLimit with the exact LimitExceededException text', async () => {
    const key = await createKmsKey(fx.kms);
    for (let i = 0; i < 3; i++) {
      await rotate(fx.kms, key.KeyId);
    }
    await expectKmsError(
      async () => rotate(fx.kms, key.KeyId),
      'LimitExceededException',
      `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.Arn}`,
    );
    assert.equal((await listRotations(fx.kms, key.KeyId)).length, 3);
  });

  it('refuses keys that are not symmetric encryption keys with UnsupportedOperationException and no message', async () => {
    for (const input of [
      { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' },
      { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' },
    ] as const) {
      const { KeyMetadata: meta } = await fx.kms.send(new CreateKeyCommand(input));
      const error = await expectKmsError(
        async () => rotate(fx.kms, meta?.KeyId as string),
        'UnsupportedOperationException',
      );
      assert.match(error.message, /^Unknown(Error)?$/, 'the server sent no message');
    }
  });

  it('refuses a disabled key (DisabledException) and a key pending deletion (KMSInvalidStateException)', async () => {
    const disabled = await createKmsKey(fx.kms);
    await fx.kms.send(new DisableKeyCommand({ KeyId: disabled.KeyId }));
    await expectKmsError(
      async () => rotate(fx.kms, disabled.KeyId),
      'DisabledException',
      `${disabled.Arn} is disabled.`,
    );
    const doomed = await createKmsKey(fx.kms);
    await fx.kms.send(new ScheduleKeyDeletionCommand({ KeyId: doomed.KeyId, PendingWindowInDays: 7 }));
    await expectKmsError(
      async () => rotate(fx.kms, doomed.KeyId),
      'KMSInvalidStateException',
      `${doomed.Arn} is pending deletion.`,
    );
  });

  it('takes a key id or ARN only and validates its input', async () => {
    await expectKmsError(
      async () => rotate(fx.kms, 'alias/rotating'),
      'NotFoundException',
      "Invalid keyId 'alias/rotating'",
    );
    await expectMissingMember(async () => fx.kms.send(new RotateKeyOnDemandCommand({} as never)), 'keyId');
  });
});

describe('sandbox material rotation: imported material (NEW_KEY_MATERIAL, RotateKeyOnDemand)', () => {
  const clock = new TestClock();
  const fx = useSandbox({ now: clock.now });

  it('stages NEW material, promotes it on RotateKeyOnDemand, lists both modes, and old ciphertexts still decrypt', async () => {
    const key = await createExternalKey(fx.kms);
    const m1 = randomBytes(32);
    const m2 = randomBytes(32);
    const validTo1 = new Date(clock.ms + 100 * DAY_MS);
    const validTo2 = new Date(clock.ms + 50 * DAY_MS);
    const first = await importMaterial(fx.kms, key.KeyId, m1, { ValidTo: validTo1, KeyMaterialDescription: 'first' });
    const plaintext = randomBytes(64);
    const c1 = await encrypt(fx.kms, key.KeyId, plaintext);

    const staged = await importMaterial(fx.kms, key.KeyId, m2, {
      ImportType: 'NEW_KEY_MATERIAL',
      ValidTo: validTo2,
      KeyMaterialDescription: 'second',
    });
    assert.match(staged.KeyMaterialId ?? '', HEX64);
    assert.notEqual(staged.KeyMaterialId, first.KeyMaterialId);
    let meta = await describeKey(fx.kms, key.KeyId);
    assert.equal(meta.KeyState, 'Enabled');
    assert.equal(meta.CurrentKeyMaterialId, first.KeyMaterialId);
    assert.equal(meta.ValidTo?.getTime(), validTo1.getTime(), 'staged material is not associated yet');
    assert.deepEqual(await listRotations(fx.kms, key.KeyId), []);
    assert.deepEqual(await listRotations(fx.kms, key.KeyId, 'ALL_KEY_MATERIAL'), [
      {
        KeyId: key.KeyId,
        KeyMaterialId: first.KeyMaterialId,
        KeyMaterialDescription: 'first',
        ImportState: 'IMPORTED',
        KeyMaterialState: 'CURRENT',
        ExpirationModel: 'KEY_MATERIAL_EXPIRES',
        ValidTo: validTo1,
      },
      {
        KeyId: key.KeyId,
        KeyMaterialId: staged.KeyMaterialId,
        KeyMaterialDescription: 'second',
        ImportState: 'IMPORTED',
        KeyMaterialState: 'PENDING_ROTATION',
        ExpirationModel: 'KEY_MATERIAL_EXPIRES',
        ValidTo: validTo2,
      },
    ]);
    assert.equal(
      (await decrypt(fx.kms, await encrypt(fx.kms, key.KeyId, plaintext))).materialId,
      first.KeyMaterialId,
      'staged material is not used yet',
    );

    clock.advance(1000);
    const rotatedAt = clock.ms;
    assert.equal(await rotate(fx.kms, key.KeyId), key.Arn);
    meta = await describeKey(fx.kms, key.KeyId);
    assert.equal(meta.CurrentKeyMaterialId, staged.KeyMaterialId);
    assert.equal(meta.KeyState, 'Enabled');
    assert.equal(meta.ExpirationModel, 'KEY_MATERIAL_EXPIRES');
    assert.equal(meta.ValidTo?.getTime(), validTo2.getTime(), 'the earliest expiry among associated material');
    const rotatedEntry = {
      KeyId: key.KeyId,
      KeyMaterialId: staged.KeyMaterialId,
      KeyMaterialDescription: 'second',
      ImportState: 'IMPORTED',
      KeyMaterialState: 'CURRENT',
      ExpirationModel: 'KEY_MATERIAL_EXPIRES',
      ValidTo: validTo2,
      RotationDate: new Date(rotatedAt),
      RotationType: 'ON_DEMAND',
    };
    assert.deepEqual(await listRotations(fx.kms, key.KeyId), [rotatedEntry]);
    assert.deepEqual(await listRotations(fx.kms, key.KeyId, 'ALL_KEY_MATERIAL'), [
      {
        KeyId: key.KeyId,
        KeyMaterialId: first.KeyMaterialId,
        KeyMaterialDescription: 'first',
        ImportState: 'IMPORTED',
        KeyMaterialState: 'NON_CURRENT',
        ExpirationModel: 'KEY_MATERIAL_EXPIRES',
        ValidTo: validTo1,
      },
      rotatedEntry,
    ]);

    const old = await decrypt(fx.kms, c1);
    assert.deepEqual(old.plaintext, plaintext);
    assert.equal(old.materialId, first.KeyMaterialId);
    assert.equal((await decrypt(fx.kms, await encrypt(fx.kms, key.KeyId, plaintext))).materialId, staged.KeyMaterialId);
  });

  it('refuses a second staged material with the exact KMSInvalidStateException text', async () => {
    const key = await createExternalKey(fx.kms);
    await importMaterial(fx.kms, key.KeyId, randomBytes(32));
    const staged = await importMaterial(fx.kms, key.KeyId, randomBytes(32), { ImportType: 'NEW_KEY_MATERIAL' });
    const third = randomBytes(32);
    const error = await expectKmsError(
      async () => importMaterial(fx.kms, key.KeyId, third, { ImportType: 'NEW_KEY_MATERIAL' }),
      'KMSInvalidStateException',
    );
    const thirdId = /^New key material \(id: ([0-9a-f]{64})\)/.exec(error.message)?.[1];
    assert.equal(
      error.message,
      `New key material (id: ${thirdId}) cannot be imported into KMS key ${key.Arn}, because another key material (id: ${staged.KeyMaterialId}) is pending rotation.`,
    );
    assert.equal((await listRotations(fx.kms, key.KeyId, 'ALL_KEY_MATERIAL')).length, 2);
  });

  it('lets staged material be reimported as EXISTING_KEY_MATERIAL (to change its expiry) and deleted by id, which discards it', async () => {
    const key = await createExternalKey(fx.kms);
    const first = await importMaterial(fx.kms, key.KeyId, randomBytes(32));
    const m2 = randomBytes(32);
    const staged = await importMaterial(fx.kms, key.KeyId, m2, { ImportType: 'NEW_KEY_MATERIAL' });
    await importMaterial(fx.kms, key.KeyId, m2, {
      ImportType: 'EXISTING_KEY_MATERIAL',
      KeyMaterialId: staged.KeyMaterialId,
      ValidTo: new Date(clock.ms + DAY_MS),
    });
    assert.equal(
      (await listRotations(fx.kms, key.KeyId, 'ALL_KEY_MATERIAL'))[1]?.ExpirationModel,
      'KEY_MATERIAL_EXPIRES',
    );
    const out = await fx.kms.send(
      new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId, KeyMaterialId: staged.KeyMaterialId }),
    );
    assert.equal(out.KeyMaterialId, staged.KeyMaterialId);
    const meta = await describeKey(fx.kms, key.KeyId);
    assert.equal(meta.KeyState, 'Enabled');
    assert.equal(meta.CurrentKeyMaterialId, first.KeyMaterialId);
    assert.deepEqual(
      (await listRotations(fx.kms, key.KeyId, 'ALL_KEY_MATERIAL')).map((e) => e.KeyMaterialId),
      [first.KeyMaterialId],
    );
    await expectKmsError(
      async () => rotate(fx.kms, key.KeyId),
      'KMSInvalidStateException',
      `No available key material pending rotation for the key: ${key.Arn}.`,
    );
    await importMaterial(fx.kms, key.KeyId, randomBytes(32), { ImportType: 'NEW_KEY_MATERIAL' }); // the slot is free again
  });

  it('refuses RotateKeyOnDemand on an EXTERNAL key with nothing staged with the exact text', async () => {
    const key = await createExternalKey(fx.kms);
    await importMaterial(fx.kms, key.KeyId, randomBytes(32));
    await expectKmsError(
      async () => rotate(fx.kms, key.KeyId),
      'KMSInvalidStateException',
      `No available key material pending rotation for the key: ${key.Arn}.`,
    );
  });

  it('answers PendingImport before looking for staged material', async () => {
    const never = await createExternalKey(fx.kms);
    await expectKmsError(
      async () => rotate(fx.kms, never.KeyId),
      'KMSInvalidStateException',
      `${never.Arn} is pending import.`,
    );
    const key = await createExternalKey(fx.kms);
    await importMaterial(fx.kms, key.KeyId, randomBytes(32));
    await importMaterial(fx.kms, key.KeyId, randomBytes(32), { ImportType: 'NEW_KEY_MATERIAL' });
    await fx.kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }));
    await expectKmsError(
      async () => rotate(fx.kms, key.KeyId),
      'KMSInvalidStateException',
      `${key.Arn} is pending import.`,
    );
  });

  it('needs every associated material: deleting the NON_CURRENT one makes the key PendingImport until it is reimported', async () => {
    const key = await createExternalKey(fx.kms);
    const m1 = randomBytes(32);
    const first = await importMaterial(fx.kms, key.KeyId, m1);
    const plaintext = randomBytes(16);
    const c1 = await encrypt(fx.kms, key.KeyId, plaintext);
    await importMaterial(fx.kms, key.KeyId, randomBytes(32), { ImportType: 'NEW_KEY_MATERIAL' });
    await rotate(fx.kms, key.KeyId);
    await fx.kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId, KeyMaterialId: first.KeyMaterialId }));
    assert.equal((await describeKey(fx.kms, key.KeyId)).KeyState, 'PendingImport');
    await expectKmsError(
      async () => encrypt(fx.kms, key.KeyId, plaintext),
      'KMSInvalidStateException',
      `${key.Arn} is pending import.`,
    );
    const entries = await listRotations(fx.kms, key.KeyId, 'ALL_KEY_MATERIAL');
    assert.deepEqual(
      entries.map((e) => [e.KeyMaterialState, e.ImportState]),
      [
        ['NON_CURRENT', 'PENDING_IMPORT'],
        ['CURRENT', 'IMPORTED'],
      ],
    );
    await importMaterial(fx.kms, key.KeyId, m1, {
      ImportType: 'EXISTING_KEY_MATERIAL',
      KeyMaterialId: first.KeyMaterialId,
    });
    assert.equal((await describeKey(fx.kms, key.KeyId)).KeyState, 'Enabled');
    assert.deepEqual((await decrypt(fx.kms, c1)).plaintext, plaintext);
  });

  it('drops staged material when it expires, leaving the key as it was', async () => {
    const key = await createExternalKey(fx.kms);
    await importMaterial(fx.kms, key.KeyId, randomBytes(32));
    await importMaterial(fx.kms, key.KeyId, randomBytes(32), {
      ImportType: 'NEW_KEY_MATERIAL',
      ValidTo: new Date(clock.ms + DAY_MS),
    });
    clock.advance(DAY_MS);
    assert.equal((await describeKey(fx.kms, key.KeyId)).KeyState, 'Enabled');
    assert.equal((await listRotations(fx.kms, key.KeyId, 'ALL_KEY_MATERIAL')).length, 1);
    await expectKmsError(
      async () => rotate(fx.kms, key.KeyId),
      'KMSInvalidStateException',
      /No available key material pending rotation/,
    );
  });
});

describe('sandbox material rotation: ListKeyRotations', () => {
  const fx = useSandbox();

  it('pages with Limit and Marker, in rotation order, with Truncated and NextMarker', async () => {
    const key = await createKmsKey(fx.kms);
    for (let i = 0; i < 3; i++) {
      await rotate(fx.kms, key.KeyId);
    }
    const all = await listRotations(fx.kms, key.KeyId, 'ALL_KEY_MATERIAL');
    assert.equal(all.length, 4);
    const seen: string[] = [];
    let marker: string | undefined;
    for (let page = 0; page < 4; page++) {
      const out = await fx.kms.send(
        new ListKeyRotationsCommand({
          KeyId: key.KeyId,
          IncludeKeyMaterial: 'ALL_KEY_MATERIAL',
          Limit: 1,
          Marker: marker,
        }),
      );
      seen.push(...(out.Rotations ?? []).map((e) => e.KeyMaterialId as string));
      assert.equal(out.Truncated, page < 3);
      assert.equal(out.NextMarker === undefined, page === 3);
      marker = out.NextMarker;
    }
    assert.deepEqual(
      seen,
      all.map((e) => e.KeyMaterialId),
    );
  });

  it('refuses a foreign marker and a Limit outside 1–1000', async () => {
    const key = await createKmsKey(fx.kms);
    await expectKmsError(
      async () => fx.kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId, Marker: 'bm90LWEtbWFya2Vy' })),
      'InvalidMarkerException',
    );
    await expectKmsError(
      async () => fx.kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId, Limit: 0 })),
      'ValidationException',
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    await expectKmsError(
      async () => fx.kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId, IncludeKeyMaterial: 'SOME' as never })),
      'ValidationException',
      /Value 'SOME' at 'includeKeyMaterial' failed to satisfy constraint: Member must satisfy enum value set: \[ALL_KEY_MATERIAL, ROTATIONS_ONLY\]/,
    );
  });

  it('refuses keys that cannot rotate with UnsupportedOperationException', async () => {
    const { KeyMetadata: meta } = await fx.kms.send(
      new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }),
    );
    await expectKmsError(async () => listRotations(fx.kms, meta?.KeyId as string), 'UnsupportedOperationException');
  });

  it('answers in every key state, including PendingImport (empty) and PendingDeletion', async () => {
    const never = await createExternalKey(fx.kms);
    assert.deepEqual(await listRotations(fx.kms, never.KeyId, 'ALL_KEY_MATERIAL'), []);
    const doomed = await createKmsKey(fx.kms);
    await rotate(fx.kms, doomed.KeyId);
    await fx.kms.send(new ScheduleKeyDeletionCommand({ KeyId: doomed.KeyId, PendingWindowInDays: 7 }));
    assert.equal((await listRotations(fx.kms, doomed.KeyId)).length, 1);
  });

  it('takes a key id or ARN only', async () => {
    const key = await createKmsKey(fx.kms);
    assert.deepEqual(await listRotations(fx.kms, key.Arn), []);
    await expectKmsError(async () => listRotations(fx.kms, 'alias/x'), 'NotFoundException', "Invalid keyId 'alias/x'");
  });
});
