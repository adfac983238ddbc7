import assert from 'node:assert/strict';
import { createPublicKey, randomBytes } from 'node:crypto';
import {
  CreateKeyCommand,
  DeleteImportedKeyMaterialCommand,
  DisableKeyCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { wrapKeyMaterial } from '../../src/core/keyMaterialWrap';
import { decrypt, encrypt } from './cryptoSupport';
import { createKey } from './keyFixtures';
import { expectMissingMember, openSandbox, useSandbox } from './support';
import {
  createExternalKey,
  DAY_MS,
  describeKey,
  expectKmsError,
  getParameters,
  HEX64,
  importMaterial,
  importWrapped,
  listRotations,
  storedMaterials,
  TestClock,
} from './importSupport';

/** GetParametersForImport, ImportKeyMaterial, DeleteImportedKeyMaterial and material expiry (kms-api.md §7.12, §8). */

describe('sandbox import: GetParametersForImport', function () {
  this.timeout(60_000); // RSA_4096 wrapping keys take seconds to generate, occasionally more than ten
  const clock = new TestClock();
  const fx = useSandbox({ now: clock.now });

  it('returns the key ARN, a DER SubjectPublicKeyInfo RSA key of the requested size, a token and ParametersValidTo = now + 24 h', async () => {
    const key = await createExternalKey(fx.kms);
    for (const [spec, bits] of [
      ['RSA_2048', 2048],
      ['RSA_3072', 3072],
      ['RSA_4096', 4096],
    ] as const) {
      const params = await getParameters(fx.kms, key.KeyId, 'RSA_AES_KEY_WRAP_SHA_256', spec);
      assert.equal(params.keyId, key.Arn);
      const publicKey = createPublicKey({ key: params.publicKey, format: 'der', type: 'spki' });
      assert.equal(publicKey.asymmetricKeyType, 'rsa');
      assert.equal(publicKey.asymmetricKeyDetails?.modulusLength, bits);
      assert.equal(publicKey.asymmetricKeyDetails?.publicExponent, 65537n);
      assert.ok(params.token.length > 0 && params.token.length <= 6144, `token of ${params.token.length} bytes`);
      assert.equal(params.validTo.getTime(), clock.ms + DAY_MS);
    }
  });

  it('generates a fresh wrapping key pair and token on every call', async () => {
    const key = await createExternalKey(fx.kms);
    const a = await getParameters(fx.kms, key.KeyId);
    const b = await getParameters(fx.kms, key.Arn);
    assert.notDeepEqual(a.publicKey, b.publicKey);
    assert.notDeepEqual(a.token, b.token);
  });

  it('refuses a key whose origin is not EXTERNAL with the exact UnsupportedOperationException text', async () => {
    const { KeyMetadata: meta } = await fx.kms.send(new CreateKeyCommand({}));
    await expectKmsError(
      async () => getParameters(fx.kms, meta?.KeyId as string),
      'UnsupportedOperationException',
      `${meta?.Arn} origin is AWS_KMS which is not valid for this operation.`,
    );
  });

  it('checks the origin before the state: an AWS_KMS key pending deletion is still UNOTEXT', async () => {
    const { KeyMetadata: meta } = await fx.kms.send(new CreateKeyCommand({}));
    await fx.kms.send(new ScheduleKeyDeletionCommand({ KeyId: meta?.KeyId, PendingWindowInDays: 7 }));
    await expectKmsError(
      async () => getParameters(fx.kms, meta?.KeyId as string),
      'UnsupportedOperationException',
      /origin is AWS_KMS/,
    );
  });

  it('refuses an EXTERNAL key pending deletion', async () => {
    const key = await createExternalKey(fx.kms);
    await fx.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    await expectKmsError(
      async () => getParameters(fx.kms, key.KeyId),
      'KMSInvalidStateException',
      `${key.Arn} is pending deletion.`,
    );
  });

  it('works for an enabled and for a disabled EXTERNAL key (to reimport)', async () => {
    const key = await createExternalKey(fx.kms);
    await importMaterial(fx.kms, key.KeyId, randomBytes(32));
    await getParameters(fx.kms, key.KeyId);
    await fx.kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    await getParameters(fx.kms, key.KeyId);
  });

  it('takes a key id or ARN only: an alias name and unknown keys are NotFoundException', async () => {
    await expectKmsError(
      async () => getParameters(fx.kms, 'alias/some-key'),
      'NotFoundException',
      "Invalid keyId 'alias/some-key'",
    );
    const unknown = '11111111-2222-4333-8444-555555555555';
    await expectKmsError(
      async () => getParameters(fx.kms, unknown),
      'NotFoundException',
      `Key 'arn:aws:kms:${fx.sandbox.region}:${fx.sandbox.accountId}:key/${unknown}' does not exist`,
    );
  });

  it('validates the required members and their enums in Coral style', async () => {
    const key = await createExternalKey(fx.kms);
    await expectMissingMember(
      async () =>
        fx.kms.send(new GetParametersForImportCommand({ KeyId: key.KeyId, WrappingKeySpec: 'RSA_2048' } as never)),
      'wrappingAlgorithm',
    );
    await expectKmsError(
      async () =>
        fx.kms.send(
          new GetParametersForImportCommand({
            KeyId: key.KeyId,
            WrappingAlgorithm: 'RSAES_OAEP_SHA_256',
            WrappingKeySpec: 'RSA_1024' as never,
          }),
        ),
      'ValidationException',
      "1 validation error detected: Value 'RSA_1024' at 'wrappingKeySpec' failed to satisfy constraint: Member must satisfy enum value set: [RSA_2048, RSA_3072, RSA_4096, SM2]",
    );
  });

  it('refuses the deprecated RSAES_PKCS1_V1_5 wrapping algorithm', async () => {
    const key = await createExternalKey(fx.kms);
    await expectKmsError(
      async () => getParameters(fx.kms, key.KeyId, 'RSAES_PKCS1_V1_5' as never, 'RSA_2048'),
      'ValidationException',
      /RSAES_PKCS1_V1_5 .*no longer supported/,
    );
  });

  it('looks the key up before the wrapping choice: an unknown key is NotFoundException, an AWS_KMS key UnsupportedOperation', async () => {
    const unknown = '11111111-2222-4333-8444-555555555556';
    for (const algorithm of ['RSAES_PKCS1_V1_5', 'SM2PKE'] as never[]) {
      await expectKmsError(
        async () => getParameters(fx.kms, unknown, algorithm, 'RSA_2048'),
        'NotFoundException',
        `Key 'arn:aws:kms:${fx.sandbox.region}:${fx.sandbox.accountId}:key/${unknown}' does not exist`,
      );
    }
    const kmsKey = await createKey(fx.kms);
    await expectKmsError(
      async () => getParameters(fx.kms, kmsKey.KeyId, 'RSAES_PKCS1_V1_5' as never, 'RSA_2048'),
      'UnsupportedOperationException',
      /origin is AWS_KMS which is not valid for this operation/,
    );
  });

  it('refuses SM2PKE and the SM2 wrapping key spec outside China Regions', async () => {
    const key = await createExternalKey(fx.kms);
    await expectKmsError(
      async () => getParameters(fx.kms, key.KeyId, 'SM2PKE' as never, 'SM2' as never),
      'ValidationException',
      /only in China Regions/,
    );
    await expectKmsError(
      async () => getParameters(fx.kms, key.KeyId, 'RSAES_OAEP_SHA_256', 'SM2' as never),
      'ValidationException',
      /only in China Regions/,
    );
  });
});

describe('sandbox import: GetParametersForImport in a China Region', () => {
  const fx = useSandbox({ region: 'cn-north-1', config: { partition: 'aws-cn' } });

  it('refuses RSA_AES_KEY_WRAP (not offered in China Regions) but accepts RSAES_OAEP', async () => {
    const key = await createExternalKey(fx.kms);
    await expectKmsError(
      async () => getParameters(fx.kms, key.KeyId, 'RSA_AES_KEY_WRAP_SHA_256'),
      'ValidationException',
      /not supported in China Regions/,
    );
    await getParameters(fx.kms, key.KeyId, 'RSAES_OAEP_SHA_1');
  });

  it('says plainly that SM2PKE wrapping is not implemented by the sandbox, and that SM2 and SM2PKE go together', async () => {
    const key = await createExternalKey(fx.kms);
    await expectKmsError(
      async () => getParameters(fx.kms, key.KeyId, 'SM2PKE' as never, 'SM2' as never),
      'UnsupportedOperationException',
      /sandbox/,
    );
    await expectKmsError(
      async () => getParameters(fx.kms, key.KeyId, 'SM2PKE' as never, 'RSA_2048'),
      'ValidationException',
      /requires the SM2 wrapping key spec/,
    );
  });
});

describe('sandbox import: ImportKeyMaterial', () => {
  const clock = new TestClock();
  const fx = useSandbox({ now: clock.now });

  it('imports symmetric material: returns the ARN and a 64-hex KeyMaterialId, and the key becomes Enabled', async () => {
    const key = await createExternalKey(fx.kms, { Description: 'byok' });
    const out = await importMaterial(fx.kms, key.KeyId, randomBytes(32));
    assert.equal(out.KeyId, key.Arn);
    assert.match(out.KeyMaterialId ?? '', HEX64);
    const meta = await describeKey(fx.kms, key.KeyId);
    assert.equal(meta.KeyState, 'Enabled');
    assert.equal(meta.Enabled, true);
    assert.equal(meta.ExpirationModel, 'KEY_MATERIAL_DOES_NOT_EXPIRE');
    assert.equal(meta.ValidTo, undefined);
    assert.equal(meta.CurrentKeyMaterialId, out.KeyMaterialId);
  });

  it('encrypts and decrypts with the imported material', async () => {
    const key = await createExternalKey(fx.kms);
    await importMaterial(fx.kms, key.KeyId, randomBytes(32));
    const plaintext = randomBytes(100);
    assert.deepEqual(await decrypt(fx.kms, await encrypt(fx.kms, key.KeyId, plaintext)), plaintext);
  });

  it('defaults to KEY_MATERIAL_EXPIRES, refuses it without ValidTo with the AWS text, and accepts the same token on a corrected retry', async () => {
    const key = await createExternalKey(fx.kms);
    const params = await getParameters(fx.kms, key.KeyId);
    const material = randomBytes(32);
    const send = async (extra: object): Promise<unknown> =>
      fx.kms.send(
        new ImportKeyMaterialCommand({
          KeyId: key.KeyId,
          ImportToken: params.token,
          EncryptedKeyMaterial: wrapKeyMaterial(material, params.publicKey, 'RSAES_OAEP_SHA_256'),
          ...extra,
        }),
      );
    await expectKmsError(
      async () => send({}),
      'ValidationException',
      'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES',
    );
    assert.equal((await describeKey(fx.kms, key.KeyId)).KeyState, 'PendingImport');
    const validTo = new Date(clock.ms + 30 * DAY_MS);
    await send({ ValidTo: validTo });
    const meta = await describeKey(fx.kms, key.KeyId);
    assert.equal(meta.KeyState, 'Enabled');
    assert.equal(meta.ExpirationModel, 'KEY_MATERIAL_EXPIRES');
    assert.equal(meta.ValidTo?.getTime(), validTo.getTime());
  });

  it('refuses ValidTo with KEY_MATERIAL_DOES_NOT_EXPIRE', async () => {
    const key = await createExternalKey(fx.kms);
    await expectKmsError(
      async () =>
        importMaterial(fx.kms, key.KeyId, randomBytes(32), {
          ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
          ValidTo: new Date(clock.ms + DAY_MS),
        }),
      'ValidationException',
      /must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE/,
    );
  });

  it('accepts ValidTo up to exactly 365 days ahead and refuses the past, now and anything later', async () => {
    const key = await createExternalKey(fx.kms);
    const material = randomBytes(32);
    const params = await getParameters(fx.kms, key.KeyId);
    for (const validTo of [clock.ms - 1000, clock.ms, clock.ms + 365 * DAY_MS + 1000]) {
      await expectKmsError(
        async () => importMaterial(fx.kms, key.KeyId, material, { parameters: params, ValidTo: new Date(validTo) }),
        'ValidationException',
        /validTo date must be/,
      );
    }
    assert.equal((await describeKey(fx.kms, key.KeyId)).KeyState, 'PendingImport');
    await importMaterial(fx.kms, key.KeyId, material, {
      parameters: params,
      ValidTo: new Date(clock.ms + 365 * DAY_MS),
    });
    assert.equal((await describeKey(fx.kms, key.KeyId)).ValidTo?.getTime(), clock.ms + 365 * DAY_MS);
  });

  it('derives KeyMaterialId from key and material: the same bytes give the same id in one key and different ids in two keys', async () => {
    const material = randomBytes(32);
    const a = await createExternalKey(fx.kms);
    const b = await createExternalKey(fx.kms);
    const first = await importMaterial(fx.kms, a.KeyId, material);
    const again = await importMaterial(fx.kms, a.KeyId, material);
    const other = await importMaterial(fx.kms, b.KeyId, material);
    assert.equal(again.KeyMaterialId, first.KeyMaterialId);
    assert.notEqual(other.KeyMaterialId, first.KeyMaterialId);
  });

  it('lets one import token serve several imports until it expires', async () => {
    const key = await createExternalKey(fx.kms);
    const params = await getParameters(fx.kms, key.KeyId);
    const material = randomBytes(32);
    await importMaterial(fx.kms, key.KeyId, material, { parameters: params });
    await importMaterial(fx.kms, key.KeyId, material, { parameters: params, ValidTo: new Date(clock.ms + DAY_MS) });
    assert.equal((await describeKey(fx.kms, key.KeyId)).ExpirationModel, 'KEY_MATERIAL_EXPIRES');
  });

  it('refuses a token issued for another key with InvalidImportTokenException', async () => {
    const a = await createExternalKey(fx.kms);
    const b = await createExternalKey(fx.kms);
    const paramsA = await getParameters(fx.kms, a.KeyId);
    await expectKmsError(
      async () => importMaterial(fx.kms, b.KeyId, randomBytes(32), { parameters: paramsA }),
      'InvalidImportTokenException',
      /different KMS key/,
    );
    assert.equal((await describeKey(fx.kms, b.KeyId)).KeyState, 'PendingImport');
  });

  it('refuses material wrapped under the public key of another GetParametersForImport call with InvalidCiphertextException', async () => {
    const key = await createExternalKey(fx.kms);
    const first = await getParameters(fx.kms, key.KeyId);
    const second = await getParameters(fx.kms, key.KeyId);
    await expectKmsError(
      async () => importMaterial(fx.kms, key.KeyId, randomBytes(32), { parameters: { ...second, token: first.token } }),
      'InvalidCiphertextException',
    );
  });

  it('refuses garbage, truncated, altered and forged tokens with InvalidImportTokenException', async () => {
    const key = await createExternalKey(fx.kms);
    const params = await getParameters(fx.kms, key.KeyId);
    const altered = Buffer.from(params.token);
    altered[40] = (altered[40] as number) ^ 0x01;
    const foreignServer = await openSandbox();
    try {
      const foreignKey = await createExternalKey(foreignServer.kms);
      const foreign = await getParameters(foreignServer.kms, foreignKey.KeyId);
      for (const token of [
        randomBytes(300),
        params.token.subarray(0, params.token.length - 1),
        params.token.subarray(0, 20),
        altered,
        foreign.token,
      ]) {
        await expectKmsError(
          async () => importMaterial(fx.kms, key.KeyId, randomBytes(32), { parameters: { ...params, token } }),
          'InvalidImportTokenException',
        );
      }
    } finally {
      await foreignServer.close();
    }
  });

  it('accepts a token until ParametersValidTo and refuses it afterwards with ExpiredImportTokenException', async () => {
    const key = await createExternalKey(fx.kms);
    const params = await getParameters(fx.kms, key.KeyId);
    const material = randomBytes(32);
    clock.advance(DAY_MS);
    await importMaterial(fx.kms, key.KeyId, material, { parameters: params });
    clock.advance(1);
    await expectKmsError(
      async () => importMaterial(fx.kms, key.KeyId, material, { parameters: params }),
      'ExpiredImportTokenException',
      /expired/,
    );
  });

  it('refuses undecryptable EncryptedKeyMaterial with InvalidCiphertextException and no message', async () => {
    const key = await createExternalKey(fx.kms);
    const params = await getParameters(fx.kms, key.KeyId);
    const error = await expectKmsError(
      async () => importWrapped(fx.kms, key.KeyId, params.token, randomBytes(256)),
      'InvalidCiphertextException',
    );
    assert.match(error.message, /^Unknown(Error)?$/, 'the server sent no message');
  });

  it('refuses a direct-OAEP blob that is not modulus-length with "Invalid encrypted key size."', async () => {
    const key = await createExternalKey(fx.kms);
    const params = await getParameters(fx.kms, key.KeyId);
    await expectKmsError(
      async () => importWrapped(fx.kms, key.KeyId, params.token, randomBytes(300)),
      'ValidationException',
      'Invalid encrypted key size.',
    );
  });

  it('refuses material wrapped with a different algorithm than the token names', async () => {
    const key = await createExternalKey(fx.kms);
    const params = await getParameters(fx.kms, key.KeyId, 'RSAES_OAEP_SHA_1');
    await expectKmsError(
      async () =>
        importWrapped(
          fx.kms,
          key.KeyId,
          params.token,
          wrapKeyMaterial(randomBytes(32), params.publicKey, 'RSAES_OAEP_SHA_256'),
        ),
      'InvalidCiphertextException',
    );
  });

  it('refuses symmetric material that is not exactly 32 bytes with IncorrectKeyMaterialException, changing nothing', async () => {
    const key = await createExternalKey(fx.kms);
    for (const bytes of [16, 31, 33, 64]) {
      await expectKmsError(
        async () => importMaterial(fx.kms, key.KeyId, randomBytes(bytes)),
        'IncorrectKeyMaterialException',
        /must be 32 bytes/,
      );
    }
    assert.equal((await describeKey(fx.kms, key.KeyId)).KeyState, 'PendingImport');
    assert.deepEqual(storedMaterials(fx.sandbox, key.KeyId), []);
  });

  it('refuses different material on reimport (default EXISTING_KEY_MATERIAL) with IncorrectKeyMaterialException', async () => {
    const key = await createExternalKey(fx.kms);
    const first = await importMaterial(fx.kms, key.KeyId, randomBytes(32));
    await expectKmsError(
      async () => importMaterial(fx.kms, key.KeyId, randomBytes(32)),
      'IncorrectKeyMaterialException',
    );
    await expectKmsError(
      async () => importMaterial(fx.kms, key.KeyId, randomBytes(32), { ImportType: 'EXISTING_KEY_MATERIAL' }),
      'IncorrectKeyMaterialException',
    );
    const meta = await describeKey(fx.kms, key.KeyId);
    assert.equal(meta.CurrentKeyMaterialId, first.KeyMaterialId);
    assert.equal((await listRotations(fx.kms, key.KeyId, 'ALL_KEY_MATERIAL')).length, 1);
  });

  it('checks KeyMaterialId on an EXISTING_KEY_MATERIAL reimport', async () => {
    const key = await createExternalKey(fx.kms);
    const material = randomBytes(32);
    const first = await importMaterial(fx.kms, key.KeyId, material);
    const out = await importMaterial(fx.kms, key.KeyId, material, {
      ImportType: 'EXISTING_KEY_MATERIAL',
      KeyMaterialId: first.KeyMaterialId,
    });
    assert.equal(out.KeyMaterialId, first.KeyMaterialId);
    await expectKmsError(
      async () =>
        importMaterial(fx.kms, key.KeyId, material, {
          ImportType: 'EXISTING_KEY_MATERIAL',
          KeyMaterialId: 'a'.repeat(64),
        }),
      'IncorrectKeyMaterialException',
    );
  });

  it('refuses EXISTING_KEY_MATERIAL for a key that never had material', async () => {
    const key = await createExternalKey(fx.kms);
    await expectKmsError(
      async () => importMaterial(fx.kms, key.KeyId, randomBytes(32), { ImportType: 'EXISTING_KEY_MATERIAL' }),
      'IncorrectKeyMaterialException',
    );
    assert.equal((await describeKey(fx.kms, key.KeyId)).KeyState, 'PendingImport');
  });

  it('refuses NEW_KEY_MATERIAL with a KeyMaterialId, and NEW_KEY_MATERIAL that is already associated with the key', async () => {
    const key = await createExternalKey(fx.kms);
    const material = randomBytes(32);
    await expectKmsError(
      async () =>
        importMaterial(fx.kms, key.KeyId, material, { ImportType: 'NEW_KEY_MATERIAL', KeyMaterialId: 'b'.repeat(64) }),
      'ValidationException',
      /KeyMaterialId can only be specified with ImportType EXISTING_KEY_MATERIAL/,
    );
    await importMaterial(fx.kms, key.KeyId, material);
    await expectKmsError(
      async () => importMaterial(fx.kms, key.KeyId, material, { ImportType: 'NEW_KEY_MATERIAL' }),
      'IncorrectKeyMaterialException',
      /already been imported/,
    );
  });

  it('validates KeyMaterialId and KeyMaterialDescription shapes', async () => {
    const key = await createExternalKey(fx.kms);
    await expectKmsError(
      async () => importMaterial(fx.kms, key.KeyId, randomBytes(32), { KeyMaterialId: 'ABC' }),
      'ValidationException',
      /Value 'ABC' at 'keyMaterialId' failed to satisfy constraint: Member must have length greater than or equal to 64/,
    );
    await expectKmsError(
      async () => importMaterial(fx.kms, key.KeyId, randomBytes(32), { KeyMaterialDescription: 'no <tags>' }),
      'ValidationException',
      /at 'keyMaterialDescription' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
    await expectKmsError(
      async () => importMaterial(fx.kms, key.KeyId, randomBytes(32), { KeyMaterialDescription: 'x'.repeat(257) }),
      'ValidationException',
      /Member must have length less than or equal to 256/,
    );
  });

  it('keeps KeyMaterialDescription on a reimport without one and replaces it when a new one is given', async () => {
    const key = await createExternalKey(fx.kms);
    const material = randomBytes(32);
    await importMaterial(fx.kms, key.KeyId, material, { KeyMaterialDescription: 'hsm export 2026-01' });
    await importMaterial(fx.kms, key.KeyId, material);
    assert.equal(
      (await listRotations(fx.kms, key.KeyId, 'ALL_KEY_MATERIAL'))[0]?.KeyMaterialDescription,
      'hsm export 2026-01',
    );
    await importMaterial(fx.kms, key.KeyId, material, { KeyMaterialDescription: 'renamed' });
    assert.equal((await listRotations(fx.kms, key.KeyId, 'ALL_KEY_MATERIAL'))[0]?.KeyMaterialDescription, 'renamed');
  });

  it('refuses ImportType, KeyMaterialId and KeyMaterialDescription for a non-symmetric key', async () => {
    const key = await createExternalKey(fx.kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    await expectKmsError(
      async () => importMaterial(fx.kms, key.KeyId, randomBytes(32), { ImportType: 'NEW_KEY_MATERIAL' }),
      'ValidationException',
      /symmetric encryption KMS keys/,
    );
    await expectKmsError(
      async () => importMaterial(fx.kms, key.KeyId, randomBytes(32), { KeyMaterialDescription: 'mac' }),
      'ValidationException',
      /symmetric encryption KMS keys/,
    );
  });

  it('refuses a key whose origin is not EXTERNAL, and an EXTERNAL key pending deletion', async () => {
    const { KeyMetadata: meta } = await fx.kms.send(new CreateKeyCommand({}));
    await expectKmsError(
      async () =>
        fx.kms.send(
          new ImportKeyMaterialCommand({
            KeyId: meta?.KeyId,
            ImportToken: randomBytes(10),
            EncryptedKeyMaterial: randomBytes(10),
          }),
        ),
      'UnsupportedOperationException',
      `${meta?.Arn} origin is AWS_KMS which is not valid for this operation.`,
    );
    const key = await createExternalKey(fx.kms);
    const params = await getParameters(fx.kms, key.KeyId);
    await fx.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    await expectKmsError(
      async () => importMaterial(fx.kms, key.KeyId, randomBytes(32), { parameters: params }),
      'KMSInvalidStateException',
      `${key.Arn} is pending deletion.`,
    );
  });

  it('validates blobs: missing members, empty and oversized ones', async () => {
    const key = await createExternalKey(fx.kms);
    await expectKmsError(
      async () => fx.kms.send(new ImportKeyMaterialCommand({ KeyId: key.KeyId } as never)),
      'ValidationException',
      /^2 validation errors detected: Value null at 'importToken' failed to satisfy constraint: Member must not be null; Value null at 'encryptedKeyMaterial'/,
    );
    await expectKmsError(
      async () =>
        fx.kms.send(
          new ImportKeyMaterialCommand({
            KeyId: key.KeyId,
            ImportToken: randomBytes(6145),
            EncryptedKeyMaterial: randomBytes(10),
          }),
        ),
      'ValidationException',
      "1 validation error detected: Value at 'importToken' failed to satisfy constraint: Member must have length less than or equal to 6144",
    );
  });

  it('reimports into a disabled key without enabling it', async () => {
    const key = await createExternalKey(fx.kms);
    const material = randomBytes(32);
    await importMaterial(fx.kms, key.KeyId, material);
    await fx.kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    await importMaterial(fx.kms, key.KeyId, material, { ValidTo: new Date(clock.ms + DAY_MS) });
    const meta = await describeKey(fx.kms, key.KeyId);
    assert.equal(meta.KeyState, 'Disabled');
    assert.equal(meta.ExpirationModel, 'KEY_MATERIAL_EXPIRES');
  });
});

describe('sandbox import: DeleteImportedKeyMaterial', () => {
  const fx = useSandbox();

  it('deletes the current material: PendingImport, no ExpirationModel, CurrentKeyMaterialId kept, ImportState PENDING_IMPORT', async () => {
    const key = await createExternalKey(fx.kms);
    const imported = await importMaterial(fx.kms, key.KeyId, randomBytes(32), { KeyMaterialDescription: 'first' });
    const out = await fx.kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }));
    assert.equal(out.KeyId, key.Arn);
    assert.equal(out.KeyMaterialId, imported.KeyMaterialId);
    const meta = await describeKey(fx.kms, key.KeyId);
    assert.equal(meta.KeyState, 'PendingImport');
    assert.equal(meta.Enabled, false);
    assert.equal(meta.ExpirationModel, undefined);
    assert.equal(meta.ValidTo, undefined);
    assert.equal(meta.CurrentKeyMaterialId, imported.KeyMaterialId);
    assert.deepEqual(await listRotations(fx.kms, key.KeyId, 'ALL_KEY_MATERIAL'), [
      {
        KeyId: key.KeyId,
        KeyMaterialId: imported.KeyMaterialId,
        KeyMaterialDescription: 'first',
        ImportState: 'PENDING_IMPORT',
        KeyMaterialState: 'CURRENT',
      },
    ]);
    assert.equal(storedMaterials(fx.sandbox, key.KeyId)[0]?.material, undefined, 'the bytes are gone');
  });

  it('makes the key unusable, then the same bytes (and only they) bring it back and old ciphertexts decrypt again', async () => {
    const key = await createExternalKey(fx.kms);
    const material = randomBytes(32);
    await importMaterial(fx.kms, key.KeyId, material);
    const plaintext = randomBytes(64);
    const ciphertext = await encrypt(fx.kms, key.KeyId, plaintext);
    await fx.kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.Arn }));
    await expectKmsError(
      async () => decrypt(fx.kms, ciphertext),
      'KMSInvalidStateException',
      `${key.Arn} is pending import.`,
    );
    await expectKmsError(
      async () => encrypt(fx.kms, key.KeyId, plaintext),
      'KMSInvalidStateException',
      `${key.Arn} is pending import.`,
    );
    await expectKmsError(
      async () => importMaterial(fx.kms, key.KeyId, randomBytes(32)),
      'IncorrectKeyMaterialException',
    );
    await importMaterial(fx.kms, key.KeyId, material);
    assert.equal((await describeKey(fx.kms, key.KeyId)).KeyState, 'Enabled');
    assert.deepEqual(await decrypt(fx.kms, ciphertext), plaintext);
  });

  it('has no further effect on a key already pending import, and answers an empty KeyMaterialId for a key that never had material', async () => {
    const key = await createExternalKey(fx.kms);
    const never = await fx.kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }));
    assert.equal(never.KeyMaterialId, '');
    const imported = await importMaterial(fx.kms, key.KeyId, randomBytes(32));
    await fx.kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }));
    const again = await fx.kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }));
    assert.equal(again.KeyMaterialId, imported.KeyMaterialId);
    assert.equal((await describeKey(fx.kms, key.KeyId)).KeyState, 'PendingImport');
  });

  it('leaves a key pending deletion in PendingDeletion', async () => {
    const key = await createExternalKey(fx.kms);
    await importMaterial(fx.kms, key.KeyId, randomBytes(32));
    await fx.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    await fx.kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }));
    const meta = await describeKey(fx.kms, key.KeyId);
    assert.equal(meta.KeyState, 'PendingDeletion');
    assert.equal(meta.ExpirationModel, undefined);
  });

  it('moves a disabled key to PendingImport; a reimport then enables it', async () => {
    const key = await createExternalKey(fx.kms);
    const material = randomBytes(32);
    await importMaterial(fx.kms, key.KeyId, material);
    await fx.kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    await fx.kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }));
    assert.equal((await describeKey(fx.kms, key.KeyId)).KeyState, 'PendingImport');
    await importMaterial(fx.kms, key.KeyId, material);
    assert.equal((await describeKey(fx.kms, key.KeyId)).KeyState, 'Enabled');
  });

  it('refuses a key whose origin is not EXTERNAL', async () => {
    const { KeyMetadata: meta } = await fx.kms.send(new CreateKeyCommand({}));
    await expectKmsError(
      async () => fx.kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: meta?.KeyId })),
      'UnsupportedOperationException',
      `${meta?.Arn} origin is AWS_KMS which is not valid for this operation.`,
    );
  });

  it('refuses an unknown KeyMaterialId, a malformed one, and one given for a non-symmetric key', async () => {
    const key = await createExternalKey(fx.kms);
    await importMaterial(fx.kms, key.KeyId, randomBytes(32));
    await expectKmsError(
      async () =>
        fx.kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId, KeyMaterialId: 'c'.repeat(64) })),
      'NotFoundException',
    );
    await expectKmsError(
      async () =>
        fx.kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId, KeyMaterialId: 'C'.repeat(64) })),
      'ValidationException',
      /at 'keyMaterialId' failed to satisfy constraint: Member must satisfy regular expression pattern: \^\[a-f0-9\]\+\$/,
    );
    assert.equal((await describeKey(fx.kms, key.KeyId)).KeyState, 'Enabled');
    const hmac = await createExternalKey(fx.kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    await expectKmsError(
      async () =>
        fx.kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: hmac.KeyId, KeyMaterialId: 'c'.repeat(64) })),
      'ValidationException',
    );
  });

  it('deletes HMAC and asymmetric material too, answering an empty KeyMaterialId', async () => {
    const key = await createExternalKey(fx.kms, { KeySpec: 'HMAC_384', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const material = randomBytes(48);
    const imported = await importMaterial(fx.kms, key.KeyId, material);
    assert.equal(imported.KeyMaterialId, undefined);
    const out = await fx.kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }));
    assert.equal(out.KeyMaterialId, '');
    const meta = await describeKey(fx.kms, key.KeyId);
    assert.equal(meta.KeyState, 'PendingImport');
    assert.equal(meta.CurrentKeyMaterialId, undefined);
    await expectKmsError(
      async () => importMaterial(fx.kms, key.KeyId, randomBytes(48)),
      'IncorrectKeyMaterialException',
    );
    await importMaterial(fx.kms, key.KeyId, material);
    assert.equal((await describeKey(fx.kms, key.KeyId)).KeyState, 'Enabled');
  });
});

describe('sandbox import: material expiry (fx.kms-api.md §8.5)', () => {
  const clock = new TestClock();
  const fx = useSandbox({ now: clock.now });

  it('deletes expired material: the key goes PendingImport without ExpirationModel/ValidTo; reimporting the same bytes restores it', async () => {
    const key = await createExternalKey(fx.kms);
    const material = randomBytes(32);
    const imported = await importMaterial(fx.kms, key.KeyId, material, { ValidTo: new Date(clock.ms + DAY_MS) });
    const plaintext = randomBytes(32);
    const ciphertext = await encrypt(fx.kms, key.KeyId, plaintext);
    clock.advance(DAY_MS - 1);
    assert.equal((await describeKey(fx.kms, key.KeyId)).KeyState, 'Enabled');
    clock.advance(1);
    const meta = await describeKey(fx.kms, key.KeyId);
    assert.equal(meta.KeyState, 'PendingImport');
    assert.equal(meta.ExpirationModel, undefined);
    assert.equal(meta.ValidTo, undefined);
    assert.equal(meta.CurrentKeyMaterialId, imported.KeyMaterialId);
    assert.equal((await listRotations(fx.kms, key.KeyId, 'ALL_KEY_MATERIAL'))[0]?.ImportState, 'PENDING_IMPORT');
    await expectKmsError(
      async () => decrypt(fx.kms, ciphertext),
      'KMSInvalidStateException',
      `${key.Arn} is pending import.`,
    );
    await importMaterial(fx.kms, key.KeyId, material, { ValidTo: new Date(clock.ms + 10 * DAY_MS) });
    assert.equal((await describeKey(fx.kms, key.KeyId)).KeyState, 'Enabled');
    assert.deepEqual(await decrypt(fx.kms, ciphertext), plaintext);
  });

  it('never expires KEY_MATERIAL_DOES_NOT_EXPIRE material', async () => {
    const key = await createExternalKey(fx.kms);
    await importMaterial(fx.kms, key.KeyId, randomBytes(32));
    clock.advance(3 * 365 * DAY_MS);
    assert.equal((await describeKey(fx.kms, key.KeyId)).KeyState, 'Enabled');
  });

  it('keeps a key pending deletion in PendingDeletion when its material expires', async () => {
    const key = await createExternalKey(fx.kms);
    await importMaterial(fx.kms, key.KeyId, randomBytes(32), { ValidTo: new Date(clock.ms + DAY_MS) });
    await fx.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 30 }));
    clock.advance(2 * DAY_MS);
    const meta = await describeKey(fx.kms, key.KeyId);
    assert.equal(meta.KeyState, 'PendingDeletion');
    assert.equal(meta.ExpirationModel, undefined);
    assert.equal(storedMaterials(fx.sandbox, key.KeyId)[0]?.material, undefined);
  });

  it('expires asymmetric material the same way', async () => {
    const key = await createExternalKey(fx.kms, { KeySpec: 'HMAC_224', KeyUsage: 'GENERATE_VERIFY_MAC' });
    await importMaterial(fx.kms, key.KeyId, randomBytes(28), { ValidTo: new Date(clock.ms + DAY_MS) });
    clock.advance(DAY_MS);
    assert.equal((await describeKey(fx.kms, key.KeyId)).KeyState, 'PendingImport');
  });
});
