import assert from 'node:assert/strict';
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { decrypt, encrypt, expectInvalidCiphertext, wrongUsage } from './cryptoSupport';
import { createKey, expectKmsError, keyIn, TEST_STATES } from './keyFixtures';
import { expectMissingMember, useSandbox } from './support';

/** Encrypt and Decrypt with symmetric keys (kms-api.md §7.11, §9); RSA in rsaEncryption.test.ts. */

describe('sandbox Encrypt and Decrypt (symmetric)', () => {
  let key: { KeyId: string; Arn: string };
  let other: { KeyId: string; Arn: string };
  const secret = Buffer.from('attack at dawn');

  const fx = useSandbox();
  before(async () => {
    key = await createKey(fx.kms);
    other = await createKey(fx.kms);
  });

  it('round-trips without a KeyId on Decrypt, answering with the key ARN and the material id', async () => {
    const out = await fx.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: secret }));
    assert.equal(out.KeyId, key.Arn);
    assert.equal(out.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
    assert.ok(out.CiphertextBlob && out.CiphertextBlob.length <= 6144);
    const back = await fx.kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob }));
    assert.deepEqual(Buffer.from(back.Plaintext ?? []), secret);
    assert.equal(back.KeyId, key.Arn);
    assert.equal(back.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
    const { KeyMetadata } = await fx.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }));
    assert.equal(back.KeyMaterialId, KeyMetadata?.CurrentKeyMaterialId);
  });

  it('produces a different ciphertext each time (random nonce)', async () => {
    assert.notDeepEqual(await encrypt(fx.kms, key.KeyId, secret), await encrypt(fx.kms, key.KeyId, secret));
  });

  it('accepts the key by id, ARN, alias name and alias ARN in Encrypt and Decrypt', async () => {
    await fx.kms.send(new CreateAliasCommand({ AliasName: 'alias/crypto-test', TargetKeyId: key.KeyId }));
    const aliasArn = key.Arn.replace(/key\/.*$/, 'alias/crypto-test');
    for (const id of [key.KeyId, key.Arn, 'alias/crypto-test', aliasArn]) {
      const blob = await encrypt(fx.kms, id, secret);
      const back = await fx.kms.send(new DecryptCommand({ CiphertextBlob: blob, KeyId: id }));
      assert.equal(back.KeyId, key.Arn, id);
    }
  });

  it('answers NotFoundException for an unknown key, alias or malformed id', async () => {
    await expectKmsError(
      async () => encrypt(fx.kms, 'not-a-key', secret),
      'NotFoundException',
      "Invalid keyId 'not-a-key'",
    );
    await expectKmsError(
      async () => encrypt(fx.kms, 'alias/nope', secret),
      'NotFoundException',
      `Alias ${key.Arn.replace(/key\/.*$/, 'alias/nope')} is not found.`,
    );
  });

  describe('encryption context', () => {
    it('must match exactly: same pairs in any order decrypt, anything else is InvalidCiphertextException', async () => {
      const blob = await encrypt(fx.kms, key.KeyId, secret, { purpose: 'test', user: 'ana' });
      assert.deepEqual(await decrypt(fx.kms, blob, { user: 'ana', purpose: 'test' }), secret);
      await expectInvalidCiphertext(async () => decrypt(fx.kms, blob));
      await expectInvalidCiphertext(async () => decrypt(fx.kms, blob, { purpose: 'test' }));
      await expectInvalidCiphertext(async () => decrypt(fx.kms, blob, { purpose: 'test', user: 'Ana' }));
      await expectInvalidCiphertext(async () => decrypt(fx.kms, blob, { purpose: 'test', user: 'ana', extra: '' }));
    });

    it('does not confuse {"ab":"c"} with {"a":"bc"}', async () => {
      const blob = await encrypt(fx.kms, key.KeyId, secret, { ab: 'c' });
      await expectInvalidCiphertext(async () => decrypt(fx.kms, blob, { a: 'bc' }));
      assert.deepEqual(await decrypt(fx.kms, blob, { ab: 'c' }), secret);
    });

    it('treats an empty context as no context', async () => {
      const blob = await encrypt(fx.kms, key.KeyId, secret, {});
      assert.deepEqual(await decrypt(fx.kms, blob), secret);
    });

    it('binds non-ASCII keys and values', async () => {
      const blob = await encrypt(fx.kms, key.KeyId, secret, { clé: 'värde ✓' });
      assert.deepEqual(await decrypt(fx.kms, blob, { clé: 'värde ✓' }), secret);
      await expectInvalidCiphertext(async () => decrypt(fx.kms, blob, { cle: 'värde ✓' }));
    });
  });

  it('answers IncorrectKeyException when the KeyId is not the key the blob names, even a signing key', async () => {
    const blob = await encrypt(fx.kms, key.KeyId, secret);
    const signing = await createKey(fx.kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    for (const wrong of [other.KeyId, signing.Arn]) {
      await expectKmsError(
        async () => fx.kms.send(new DecryptCommand({ CiphertextBlob: blob, KeyId: wrong })),
        'IncorrectKeyException',
        'The key ID in the request does not identify a CMK that can perform this operation.',
      );
    }
  });

  it('decrypts old ciphertext with NON_CURRENT material after a rotation and encrypts with the new material', async () => {
    const rotating = await createKey(fx.kms);
    const before = await fx.kms.send(new EncryptCommand({ KeyId: rotating.KeyId, Plaintext: secret }));
    const oldMaterial = (await fx.kms.send(new DecryptCommand({ CiphertextBlob: before.CiphertextBlob })))
      .KeyMaterialId;
    await fx.kms.send(new RotateKeyOnDemandCommand({ KeyId: rotating.KeyId }));
    const after = await fx.kms.send(new EncryptCommand({ KeyId: rotating.KeyId, Plaintext: secret }));
    const oldBack = await fx.kms.send(new DecryptCommand({ CiphertextBlob: before.CiphertextBlob }));
    const newBack = await fx.kms.send(new DecryptCommand({ CiphertextBlob: after.CiphertextBlob }));
    assert.deepEqual(Buffer.from(oldBack.Plaintext ?? []), secret);
    assert.equal(oldBack.KeyMaterialId, oldMaterial);
    const { KeyMetadata } = await fx.kms.send(new DescribeKeyCommand({ KeyId: rotating.KeyId }));
    assert.equal(newBack.KeyMaterialId, KeyMetadata?.CurrentKeyMaterialId);
    assert.notEqual(newBack.KeyMaterialId, oldMaterial);
  });

  describe('input limits', () => {
    it('takes 1 to 4096 bytes of plaintext, with the exact texts and without echoing the value', async () => {
      assert.deepEqual(
        await decrypt(fx.kms, await encrypt(fx.kms, key.KeyId, Buffer.alloc(4096, 7))),
        Buffer.alloc(4096, 7),
      );
      await expectKmsError(
        async () => encrypt(fx.kms, key.KeyId, Buffer.alloc(4097)),
        'ValidationException',
        "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
      );
      await expectKmsError(
        async () => encrypt(fx.kms, key.KeyId, Buffer.alloc(0)),
        'ValidationException',
        "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
    });

    it('takes at most 6144 bytes of ciphertext and requires it', async () => {
      await expectKmsError(
        async () => decrypt(fx.kms, Buffer.alloc(6145)),
        'ValidationException',
        "1 validation error detected: Value at 'ciphertextBlob' failed to satisfy constraint: Member must have length less than or equal to 6144",
      );
      await expectMissingMember(async () => fx.kms.send(new DecryptCommand({ KeyId: key.KeyId })), 'ciphertextBlob');
    });

    it('rejects an unknown EncryptionAlgorithm with the enum text', async () => {
      await expectKmsError(
        async () =>
          fx.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: secret, EncryptionAlgorithm: 'AES' as never })),
        'ValidationException',
        /^1 validation error detected: Value 'AES' at 'encryptionAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: \[/,
      );
    });
  });

  describe('key usage and algorithm', () => {
    it('refuses keys whose usage is not ENCRYPT_DECRYPT with the exact text', async () => {
      const signing = await createKey(fx.kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      const mac = await createKey(fx.kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
      await expectKmsError(
        async () => encrypt(fx.kms, signing.KeyId, secret),
        'InvalidKeyUsageException',
        wrongUsage(signing.Arn, 'SIGN_VERIFY', 'Encrypt'),
      );
      await expectKmsError(
        async () => encrypt(fx.kms, mac.KeyId, secret),
        'InvalidKeyUsageException',
        wrongUsage(mac.Arn, 'GENERATE_VERIFY_MAC', 'Encrypt'),
      );
      await expectKmsError(
        async () => fx.kms.send(new DecryptCommand({ CiphertextBlob: Buffer.alloc(32, 1), KeyId: mac.KeyId })),
        'InvalidKeyUsageException',
        wrongUsage(mac.Arn, 'GENERATE_VERIFY_MAC', 'Decrypt'),
      );
    });

    it('refuses an RSA algorithm on a symmetric key', async () => {
      await expectKmsError(
        async () =>
          fx.kms.send(
            new EncryptCommand({ KeyId: key.KeyId, Plaintext: secret, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }),
          ),
        'InvalidKeyUsageException',
        'Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.',
      );
    });

    it('refuses Recipient (Nitro Enclaves attestation) clearly', async () => {
      const blob = await encrypt(fx.kms, key.KeyId, secret);
      const recipient = {
        KeyEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' as const,
        AttestationDocument: Buffer.from('doc'),
      };
      await expectKmsError(
        async () => fx.kms.send(new DecryptCommand({ CiphertextBlob: blob, Recipient: recipient })),
        'UnsupportedOperationException',
        /Recipient/,
      );
    });
  });

  describe('DryRun', () => {
    const dryRunText = 'The request would have succeeded, but the DryRun option is set.';

    it('answers DryRunOperationException for requests that would succeed, and the real error otherwise', async () => {
      await expectKmsError(
        async () => fx.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: secret, DryRun: true })),
        'DryRunOperationException',
        dryRunText,
      );
      const blob = await encrypt(fx.kms, key.KeyId, secret);
      await expectKmsError(
        async () => fx.kms.send(new DecryptCommand({ CiphertextBlob: blob, DryRun: true })),
        'DryRunOperationException',
        dryRunText,
      );
      await expectInvalidCiphertext(async () =>
        fx.kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { a: 'b' }, DryRun: true })),
      );
      await expectKmsError(
        async () => fx.kms.send(new EncryptCommand({ KeyId: 'alias/none', Plaintext: secret, DryRun: true })),
        'NotFoundException',
      );
    });

    it('checks only the key with IGNORE_CIPHERTEXT, which needs a KeyId', async () => {
      await expectKmsError(
        async () =>
          fx.kms.send(new DecryptCommand({ KeyId: key.KeyId, DryRun: true, DryRunModifiers: ['IGNORE_CIPHERTEXT'] })),
        'DryRunOperationException',
        dryRunText,
      );
      await expectKmsError(
        async () => fx.kms.send(new DecryptCommand({ DryRun: true, DryRunModifiers: ['IGNORE_CIPHERTEXT'] })),
        'ValidationException',
      );
    });
  });

  describe('key states (§5.3)', () => {
    for (const state of TEST_STATES.filter((s) => s !== 'Enabled')) {
      it(`refuses Encrypt on a ${state} key with the standard text`, async () => {
        const target = await keyIn(fx.kms, state);
        const text = {
          Disabled: 'is disabled.',
          PendingDeletion: 'is pending deletion.',
          PendingImport: 'is pending import.',
        }[state];
        const name = state === 'Disabled' ? 'DisabledException' : 'KMSInvalidStateException';
        await expectKmsError(async () => encrypt(fx.kms, target.KeyId, secret), name, `${target.Arn} ${text}`);
      });
    }

    it('refuses to decrypt while the key is disabled or pending deletion, and decrypts again once enabled', async () => {
      const target = await createKey(fx.kms);
      const blob = await encrypt(fx.kms, target.KeyId, secret);
      await fx.kms.send(new DisableKeyCommand({ KeyId: target.KeyId }));
      await expectKmsError(async () => decrypt(fx.kms, blob), 'DisabledException', `${target.Arn} is disabled.`);
      await fx.kms.send(new ScheduleKeyDeletionCommand({ KeyId: target.KeyId, PendingWindowInDays: 7 }));
      await expectKmsError(
        async () => decrypt(fx.kms, blob),
        'KMSInvalidStateException',
        `${target.Arn} is pending deletion.`,
      );
      await fx.kms.send(new CancelKeyDeletionCommand({ KeyId: target.KeyId }));
      await fx.kms.send(new EnableKeyCommand({ KeyId: target.KeyId }));
      assert.deepEqual(await decrypt(fx.kms, blob), secret);
    });
  });
});
