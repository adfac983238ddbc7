import assert from 'node:assert/strict';
import {
  CreateAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  ListKeysCommand,
  type KeySpec,
  type KeyUsageType,
} from '@aws-sdk/client-kms';
import { createKey, expectKmsError, TestClock } from './keyFixtures';
import { expectMissingMember, useSandbox } from './support';

const REGION_ARN = /^arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]{36}$/;

describe('sandbox keys: CreateKey and DescribeKey', () => {
  const clock = new TestClock();
  const fx = useSandbox({ now: clock.now });

  const keyCount = async (): Promise<number> =>
    (await fx.kms.send(new ListKeysCommand({ Limit: 1000 }))).Keys?.length ?? 0;

  describe('CreateKey', () => {
    it('creates an Enabled symmetric ENCRYPT_DECRYPT key by default, with the full KeyMetadata', async () => {
      const meta = await createKey(fx.kms);
      assert.match(meta.Arn, REGION_ARN);
      assert.equal(meta.Arn, `arn:aws:kms:us-east-1:111122223333:key/${meta.KeyId}`);
      assert.equal(meta.AWSAccountId, '111122223333');
      assert.equal(meta.Enabled, true);
      assert.equal(meta.KeyState, 'Enabled');
      assert.equal(meta.Description, '');
      assert.equal(meta.KeyUsage, 'ENCRYPT_DECRYPT');
      assert.equal(meta.KeySpec, 'SYMMETRIC_DEFAULT');
      assert.equal(meta.CustomerMasterKeySpec, 'SYMMETRIC_DEFAULT');
      assert.equal(meta.Origin, 'AWS_KMS');
      assert.equal(meta.KeyManager, 'CUSTOMER');
      assert.equal(meta.MultiRegion, false);
      assert.deepEqual(meta.EncryptionAlgorithms, ['SYMMETRIC_DEFAULT']);
      assert.match(meta.CurrentKeyMaterialId ?? '', /^[0-9a-f]{64}$/);
      assert.equal(meta.CreationDate?.getTime(), clock.ms);
      assert.equal(meta.DeletionDate, undefined);
      assert.equal(meta.ExpirationModel, undefined);
    });

    it('stores the description', async () => {
      const meta = await createKey(fx.kms, { Description: 'orders table' });
      assert.equal(meta.Description, 'orders table');
    });

    it('refuses a description over 8192 characters and creates nothing', async () => {
      const before = await keyCount();
      await expectKmsError(
        async () => createKey(fx.kms, { Description: 'd'.repeat(8193) }),
        'ValidationException',
        /^1 validation error detected: Value 'd+' at 'description' failed to satisfy constraint: Member must have length less than or equal to 8192$/,
      );
      assert.equal(await keyCount(), before);
    });

    // Every spec the sandbox holds material for, against every usage: allowed pairs succeed, the rest are refused (§4.2).
    const matrix: Record<string, readonly KeyUsageType[]> = {
      SYMMETRIC_DEFAULT: ['ENCRYPT_DECRYPT'],
      HMAC_224: ['GENERATE_VERIFY_MAC'],
      HMAC_256: ['GENERATE_VERIFY_MAC'],
      HMAC_384: ['GENERATE_VERIFY_MAC'],
      HMAC_512: ['GENERATE_VERIFY_MAC'],
      RSA_2048: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
      RSA_3072: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
      RSA_4096: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
      ECC_NIST_P256: ['SIGN_VERIFY', 'KEY_AGREEMENT'],
      ECC_NIST_P384: ['SIGN_VERIFY', 'KEY_AGREEMENT'],
      ECC_NIST_P521: ['SIGN_VERIFY', 'KEY_AGREEMENT'],
      ECC_SECG_P256K1: ['SIGN_VERIFY'],
      ECC_NIST_EDWARDS25519: ['SIGN_VERIFY'],
    };
    const usages: readonly KeyUsageType[] = ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'];
    for (const [spec, allowed] of Object.entries(matrix)) {
      for (const usage of usages) {
        if (allowed.includes(usage)) {
          // Large RSA keys take seconds to generate; an EXTERNAL key goes through the same checks without generation.
          const origin = spec === 'RSA_3072' || spec === 'RSA_4096' ? 'EXTERNAL' : 'AWS_KMS';
          it(`creates a ${spec} key for ${usage}`, async () => {
            const meta = await createKey(fx.kms, { KeySpec: spec as KeySpec, KeyUsage: usage, Origin: origin });
            assert.equal(meta.KeySpec, spec);
            assert.equal(meta.KeyUsage, usage);
            assert.equal(meta.KeyState, origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled');
          });
        } else {
          it(`refuses ${spec} with ${usage}`, async () => {
            await expectKmsError(
              async () => createKey(fx.kms, { KeySpec: spec as KeySpec, KeyUsage: usage }),
              'ValidationException',
              `KeyUsage ${usage} is not compatible with KeySpec ${spec}`,
            );
          });
        }
      }
    }

    it('lists the algorithms that fit the usage', async () => {
      const sign = await createKey(fx.kms, { KeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY' });
      assert.deepEqual(sign.SigningAlgorithms, ['ECDSA_SHA_384']);
      assert.equal(sign.EncryptionAlgorithms, undefined);
      assert.equal(sign.CurrentKeyMaterialId, undefined);
      const mac = await createKey(fx.kms, { KeySpec: 'HMAC_384', KeyUsage: 'GENERATE_VERIFY_MAC' });
      assert.deepEqual(mac.MacAlgorithms, ['HMAC_SHA_384']);
      const agree = await createKey(fx.kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' });
      assert.deepEqual(agree.KeyAgreementAlgorithms, ['ECDH']);
    });

    it('requires a KeyUsage for every spec but SYMMETRIC_DEFAULT', async () => {
      await expectKmsError(
        async () => createKey(fx.kms, { KeySpec: 'HMAC_256' }),
        'ValidationException',
        'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.',
      );
    });

    it('refuses an unknown KeySpec with the Coral enum message', async () => {
      await expectKmsError(
        async () => createKey(fx.kms, { KeySpec: 'AES_256' as KeySpec }),
        'ValidationException',
        /^1 validation error detected: Value 'AES_256' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: \[RSA_2048, .*SYMMETRIC_DEFAULT.*\]$/,
      );
    });

    it('accepts the deprecated CustomerMasterKeySpec, but not together with KeySpec', async () => {
      const meta = await createKey(fx.kms, { CustomerMasterKeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
      assert.equal(meta.KeySpec, 'HMAC_256');
      await expectKmsError(
        async () =>
          createKey(fx.kms, {
            KeySpec: 'HMAC_256',
            CustomerMasterKeySpec: 'HMAC_256',
            KeyUsage: 'GENERATE_VERIFY_MAC',
          }),
        'ValidationException',
        'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.',
      );
    });

    it('refuses SM2 outside China regions and the ML-DSA specs the sandbox cannot hold', async () => {
      await expectKmsError(
        async () => createKey(fx.kms, { KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' }),
        'UnsupportedOperationException',
        'KeySpec SM2 is not supported in region us-east-1.',
      );
      await expectKmsError(
        async () => createKey(fx.kms, { KeySpec: 'ML_DSA_44', KeyUsage: 'SIGN_VERIFY' }),
        'UnsupportedOperationException',
        'KeySpec ML_DSA_44 is not supported by the sandbox.',
      );
    });

    it('creates an EXTERNAL key PendingImport, disabled, without material fields', async () => {
      const meta = await createKey(fx.kms, { Origin: 'EXTERNAL' });
      assert.equal(meta.Origin, 'EXTERNAL');
      assert.equal(meta.KeyState, 'PendingImport');
      assert.equal(meta.Enabled, false);
      assert.equal(meta.CurrentKeyMaterialId, undefined);
      assert.equal(meta.ExpirationModel, undefined);
      assert.deepEqual(meta.EncryptionAlgorithms, ['SYMMETRIC_DEFAULT']);
      const hmac = await createKey(fx.kms, {
        Origin: 'EXTERNAL',
        KeySpec: 'HMAC_256',
        KeyUsage: 'GENERATE_VERIFY_MAC',
      });
      assert.equal(hmac.KeyState, 'PendingImport');
    });

    it('refuses custom key stores and creates nothing', async () => {
      const before = await keyCount();
      const message = 'Custom key stores are not supported by the sandbox.';
      await expectKmsError(
        async () => createKey(fx.kms, { Origin: 'AWS_CLOUDHSM' }),
        'UnsupportedOperationException',
        message,
      );
      await expectKmsError(
        async () => createKey(fx.kms, { Origin: 'EXTERNAL_KEY_STORE', XksKeyId: 'x' }),
        'UnsupportedOperationException',
        message,
      );
      await expectKmsError(
        async () => createKey(fx.kms, { CustomKeyStoreId: 'cks-1234567890abcdef0' }),
        'UnsupportedOperationException',
        message,
      );
      assert.equal(await keyCount(), before);
    });

    it('creates a multi-Region key with an mrk- id', async () => {
      const meta = await createKey(fx.kms, { MultiRegion: true });
      assert.match(meta.KeyId, /^mrk-[0-9a-f]{32}$/);
      assert.equal(meta.MultiRegion, true);
      assert.equal(meta.MultiRegionConfiguration?.MultiRegionKeyType, 'PRIMARY');
      const described = await fx.kms.send(new DescribeKeyCommand({ KeyId: meta.KeyId }));
      assert.equal(described.KeyMetadata?.Arn, meta.Arn);
    });
  });

  describe('DescribeKey and identifiers (§3)', () => {
    let key: { KeyId: string; Arn: string };
    before(async () => {
      key = await createKey(fx.kms);
      await fx.kms.send(new CreateAliasCommand({ AliasName: 'alias/describe-me', TargetKeyId: key.KeyId }));
    });

    for (const form of ['key id', 'key ARN', 'alias name', 'alias ARN'] as const) {
      it(`finds the key by ${form}`, async () => {
        const id = {
          'key id': key.KeyId,
          'key ARN': key.Arn,
          'alias name': 'alias/describe-me',
          'alias ARN': 'arn:aws:kms:us-east-1:111122223333:alias/describe-me',
        }[form];
        const { KeyMetadata } = await fx.kms.send(new DescribeKeyCommand({ KeyId: id }));
        assert.equal(KeyMetadata?.KeyId, key.KeyId);
      });
    }

    it('names an unknown key by its synthesized ARN', async () => {
      const id = '11111111-2222-4333-8444-555555555555';
      await expectKmsError(
        async () => fx.kms.send(new DescribeKeyCommand({ KeyId: id })),
        'NotFoundException',
        `Key 'arn:aws:kms:us-east-1:111122223333:key/${id}' does not exist`,
      );
    });

    it('refuses a malformed key id', async () => {
      await expectKmsError(
        async () => fx.kms.send(new DescribeKeyCommand({ KeyId: 'not-a-key' })),
        'NotFoundException',
        "Invalid keyId 'not-a-key'",
      );
      const undashed = key.KeyId.replaceAll('-', '');
      await expectKmsError(
        async () => fx.kms.send(new DescribeKeyCommand({ KeyId: undashed })),
        'NotFoundException',
        `Invalid keyId '${undashed}'`,
      );
    });

    it('refuses an ARN from another region', async () => {
      await expectKmsError(
        async () => fx.kms.send(new DescribeKeyCommand({ KeyId: key.Arn.replace('us-east-1', 'eu-west-1') })),
        'NotFoundException',
        'Invalid arn eu-west-1',
      );
    });

    it('names an unknown alias by its ARN', async () => {
      await expectKmsError(
        async () => fx.kms.send(new DescribeKeyCommand({ KeyId: 'alias/nobody' })),
        'NotFoundException',
        'Alias arn:aws:kms:us-east-1:111122223333:alias/nobody is not found.',
      );
    });

    it('refuses alias forms where only a key id or ARN is allowed', async () => {
      await expectKmsError(
        async () => fx.kms.send(new DisableKeyCommand({ KeyId: 'alias/describe-me' })),
        'NotFoundException',
        "Invalid keyId 'alias/describe-me'",
      );
      const aliasArn = 'arn:aws:kms:us-east-1:111122223333:alias/describe-me';
      await expectKmsError(
        async () => fx.kms.send(new DisableKeyCommand({ KeyId: aliasArn })),
        'NotFoundException',
        `Invalid keyId '${aliasArn}'`,
      );
      const { KeyMetadata } = await fx.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }));
      assert.equal(KeyMetadata?.KeyState, 'Enabled');
    });

    it('requires KeyId', async () => {
      await expectMissingMember(async () => fx.kms.send(new DescribeKeyCommand({} as never)), 'keyId');
    });
  });
});
