import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import {
  DescribeKeyCommand,
  DisableKeyCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyPairCommand,
  GenerateDataKeyPairWithoutPlaintextCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateRandomCommand,
  type DataKeyPairSpec,
} from '@aws-sdk/client-kms';
import { KEY_SPECS } from '../../src/sandbox/model';
import { decrypt, expectInvalidCiphertext, wrongUsage } from './cryptoSupport';
import { createKey, expectKmsError } from './keyFixtures';
import { expectMissingMember, useSandbox } from './support';

/** GenerateDataKey*, GenerateDataKeyPair* and GenerateRandom (kms-api.md §7.11). */

const PAIR_SPECS: Array<{ spec: DataKeyPairSpec; type: string; detail?: string | number }> = [
  { spec: 'RSA_2048', type: 'rsa', detail: 2048 },
  { spec: 'RSA_3072', type: 'rsa', detail: 3072 },
  { spec: 'RSA_4096', type: 'rsa', detail: 4096 },
  { spec: 'ECC_NIST_P256', type: 'ec', detail: 'prime256v1' },
  { spec: 'ECC_NIST_P384', type: 'ec', detail: 'secp384r1' },
  { spec: 'ECC_NIST_P521', type: 'ec', detail: 'secp521r1' },
  { spec: 'ECC_SECG_P256K1', type: 'ec', detail: 'secp256k1' },
  { spec: 'ECC_NIST_EDWARDS25519', type: 'ed25519' },
];

describe('sandbox data keys and GenerateRandom', () => {
  let key: { KeyId: string; Arn: string };
  const context = { file: 'report.pdf' };

  const fx = useSandbox();
  before(async () => {
    key = await createKey(fx.kms);
  });

  describe('GenerateDataKey', () => {
    it('returns a data key whose ciphertext Decrypt turns back into the same bytes, under the same context only', async () => {
      const out = await fx.kms.send(
        new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_256', EncryptionContext: context }),
      );
      assert.equal(out.KeyId, key.Arn);
      assert.equal(out.Plaintext?.length, 32);
      const { KeyMetadata } = await fx.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }));
      assert.equal(out.KeyMaterialId, KeyMetadata?.CurrentKeyMaterialId);
      assert.deepEqual(
        await decrypt(fx.kms, Buffer.from(out.CiphertextBlob ?? []), context),
        Buffer.from(out.Plaintext ?? []),
      );
      await expectInvalidCiphertext(async () => decrypt(fx.kms, Buffer.from(out.CiphertextBlob ?? [])));
    });

    it('sizes the key by KeySpec (AES_128, AES_256) or NumberOfBytes (1 to 1024)', async () => {
      for (const [input, length] of [
        [{ KeySpec: 'AES_128' }, 16],
        [{ NumberOfBytes: 1 }, 1],
        [{ NumberOfBytes: 1024 }, 1024],
      ] as const) {
        const out = await fx.kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, ...input }));
        assert.equal(out.Plaintext?.length, length);
        assert.equal((await decrypt(fx.kms, Buffer.from(out.CiphertextBlob ?? []))).length, length);
      }
    });

    it('needs exactly one of KeySpec and NumberOfBytes', async () => {
      for (const input of [{}, { KeySpec: 'AES_256' as const, NumberOfBytes: 32 }]) {
        await expectKmsError(
          async () => fx.kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, ...input })),
          'ValidationException',
          'Please specify either number of bytes or key spec.',
        );
      }
    });

    it('rejects out-of-range sizes with the standard texts, and a bad KeySpec with the CreateKey enum list', async () => {
      await expectKmsError(
        async () => fx.kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, NumberOfBytes: 1025 })),
        'ValidationException',
        "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
      );
      await expectKmsError(
        async () => fx.kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_512' as never })),
        'ValidationException',
        `1 validation error detected: Value 'AES_512' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [${KEY_SPECS.join(', ')}]`,
      );
    });

    it('WithoutPlaintext returns only the ciphertext, which decrypts to a key of the asked size', async () => {
      const out = await fx.kms.send(
        new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.Arn, NumberOfBytes: 48, EncryptionContext: context }),
      );
      assert.ok(!('Plaintext' in out));
      assert.equal(out.KeyId, key.Arn);
      assert.ok(out.KeyMaterialId);
      assert.equal((await decrypt(fx.kms, Buffer.from(out.CiphertextBlob ?? []), context)).length, 48);
    });

    it('refuses asymmetric and HMAC keys', async () => {
      const rsa = await createKey(fx.kms, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
      const mac = await createKey(fx.kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
      await expectKmsError(
        async () => fx.kms.send(new GenerateDataKeyCommand({ KeyId: rsa.KeyId, KeySpec: 'AES_256' })),
        'InvalidKeyUsageException',
        `${rsa.Arn} key KeySpec is RSA_2048 which is not valid for GenerateDataKey.`,
      );
      await expectKmsError(
        async () => fx.kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: mac.KeyId, KeySpec: 'AES_256' })),
        'InvalidKeyUsageException',
        wrongUsage(mac.Arn, 'GENERATE_VERIFY_MAC', 'GenerateDataKeyWithoutPlaintext'),
      );
    });

    it('answers DryRun, refuses Recipient and disabled keys', async () => {
      await expectKmsError(
        async () => fx.kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_256', DryRun: true })),
        'DryRunOperationException',
        'The request would have succeeded, but the DryRun option is set.',
      );
      const recipient = {
        KeyEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' as const,
        AttestationDocument: Buffer.from('doc'),
      };
      await expectKmsError(
        async () =>
          fx.kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_256', Recipient: recipient })),
        'UnsupportedOperationException',
        /Recipient/,
      );
      const disabled = await createKey(fx.kms);
      await fx.kms.send(new DisableKeyCommand({ KeyId: disabled.KeyId }));
      await expectKmsError(
        async () => fx.kms.send(new GenerateDataKeyCommand({ KeyId: disabled.KeyId, KeySpec: 'AES_256' })),
        'DisabledException',
        `${disabled.Arn} is disabled.`,
      );
    });
  });

  describe('GenerateDataKeyPair', () => {
    for (const { spec, type, detail } of PAIR_SPECS) {
      it(`${spec}: a PKCS#8 private key, its SPKI public key, and the private key encrypted under the KMS key`, async () => {
        const out = await fx.kms.send(
          new GenerateDataKeyPairCommand({ KeyId: key.KeyId, KeyPairSpec: spec, EncryptionContext: context }),
        );
        assert.deepEqual([out.KeyId, out.KeyPairSpec], [key.Arn, spec]);
        assert.ok(out.KeyMaterialId);
        const privateDer = Buffer.from(out.PrivateKeyPlaintext ?? []);
        const privateKey = createPrivateKey({ key: privateDer, format: 'der', type: 'pkcs8' });
        assert.equal(privateKey.asymmetricKeyType, type);
        if (typeof detail === 'number') {
          assert.equal(privateKey.asymmetricKeyDetails?.modulusLength, detail);
        }
        if (typeof detail === 'string') {
          assert.equal(privateKey.asymmetricKeyDetails?.namedCurve, detail);
        }
        assert.deepEqual(
          Buffer.from(out.PublicKey ?? []),
          createPublicKey(privateKey).export({ format: 'der', type: 'spki' }),
        );
        assert.deepEqual(await decrypt(fx.kms, Buffer.from(out.PrivateKeyCiphertextBlob ?? []), context), privateDer);
      });
    }

    it('WithoutPlaintext: the encrypted private key matches the returned public key', async () => {
      const out = await fx.kms.send(
        new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: key.KeyId, KeyPairSpec: 'ECC_NIST_P256' }),
      );
      assert.ok(!('PrivateKeyPlaintext' in out));
      const privateDer = await decrypt(fx.kms, Buffer.from(out.PrivateKeyCiphertextBlob ?? []));
      const publicDer = createPublicKey(createPrivateKey({ key: privateDer, format: 'der', type: 'pkcs8' })).export({
        format: 'der',
        type: 'spki',
      });
      assert.deepEqual(Buffer.from(out.PublicKey ?? []), publicDer);
    });

    it('refuses SM2 and ML-KEM pairs, asymmetric KMS keys and a missing KeyPairSpec', async () => {
      for (const spec of ['SM2', 'ML_KEM_768'] as const) {
        await expectKmsError(
          async () => fx.kms.send(new GenerateDataKeyPairCommand({ KeyId: key.KeyId, KeyPairSpec: spec })),
          'UnsupportedOperationException',
          new RegExp(`KeyPairSpec ${spec} is not supported`),
        );
      }
      const rsa = await createKey(fx.kms, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
      await expectKmsError(
        async () => fx.kms.send(new GenerateDataKeyPairCommand({ KeyId: rsa.KeyId, KeyPairSpec: 'ECC_NIST_P256' })),
        'InvalidKeyUsageException',
        `${rsa.Arn} key KeySpec is RSA_2048 which is not valid for GenerateDataKeyPair.`,
      );
      await expectMissingMember(
        async () => fx.kms.send(new GenerateDataKeyPairCommand({ KeyId: key.KeyId, KeyPairSpec: undefined })),
        'keyPairSpec',
      );
      await expectKmsError(
        async () =>
          fx.kms.send(
            new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: key.KeyId, KeyPairSpec: 'RSA_2048', DryRun: true }),
          ),
        'DryRunOperationException',
      );
    });
  });

  describe('GenerateRandom', () => {
    it('returns exactly NumberOfBytes random bytes, 1 to 1024', async () => {
      for (const n of [1, 12, 44, 1024]) {
        const { Plaintext } = await fx.kms.send(new GenerateRandomCommand({ NumberOfBytes: n }));
        assert.equal(Plaintext?.length, n);
      }
      const [a, b] = await Promise.all(
        [1, 2].map(async () => (await fx.kms.send(new GenerateRandomCommand({ NumberOfBytes: 32 }))).Plaintext),
      );
      assert.notDeepEqual(a, b);
    });

    it('requires NumberOfBytes and rejects 0 and 1025 with the AWS texts', async () => {
      await expectKmsError(
        async () => fx.kms.send(new GenerateRandomCommand({})),
        'ValidationException',
        'NumberOfBytes is required.',
      );
      await expectKmsError(
        async () => fx.kms.send(new GenerateRandomCommand({ NumberOfBytes: 0 })),
        'ValidationException',
        "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
      );
      await expectKmsError(
        async () => fx.kms.send(new GenerateRandomCommand({ NumberOfBytes: 1025 })),
        'ValidationException',
        "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
      );
    });

    it('knows no custom key store', async () => {
      await expectKmsError(
        async () =>
          fx.kms.send(new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: 'cks-1234567890abcdef0' })),
        'CustomKeyStoreNotFoundException',
      );
    });
  });
});
