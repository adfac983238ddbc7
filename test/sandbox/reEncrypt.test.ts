import assert from 'node:assert/strict';
import { DescribeKeyCommand, DisableKeyCommand, EncryptCommand, ReEncryptCommand } from '@aws-sdk/client-kms';
import { decrypt, encrypt, expectInvalidCiphertext, wrongUsage } from './cryptoSupport';
import { createKey, expectKmsError } from './keyFixtures';
import { expectMissingMember, useSandbox } from './support';

/** ReEncrypt: Decrypt under the source, Encrypt under the destination, server-side (kms-api.md §7.11). */

describe('sandbox ReEncrypt', () => {
  let source: { KeyId: string; Arn: string };
  let destination: { KeyId: string; Arn: string };
  let rsa: { KeyId: string; Arn: string };
  const secret = Buffer.from('move me');

  const fx = useSandbox();
  before(async () => {
    source = await createKey(fx.kms);
    destination = await createKey(fx.kms);
    rsa = await createKey(fx.kms, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
  });

  const materialOf = async (keyId: string): Promise<string | undefined> =>
    (await fx.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.CurrentKeyMaterialId;

  it('moves a ciphertext to another key and context, reporting both keys, algorithms and materials', async () => {
    const blob = await encrypt(fx.kms, source.KeyId, secret, { stage: 'one' });
    const out = await fx.kms.send(
      new ReEncryptCommand({
        CiphertextBlob: blob,
        SourceEncryptionContext: { stage: 'one' },
        DestinationKeyId: destination.KeyId,
        DestinationEncryptionContext: { stage: 'two' },
      }),
    );
    assert.equal(out.SourceKeyId, source.Arn);
    assert.equal(out.KeyId, destination.Arn);
    assert.equal(out.SourceEncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
    assert.equal(out.DestinationEncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
    assert.equal(out.SourceKeyMaterialId, await materialOf(source.KeyId));
    assert.equal(out.DestinationKeyMaterialId, await materialOf(destination.KeyId));
    const moved = Buffer.from(out.CiphertextBlob ?? []);
    assert.deepEqual(await decrypt(fx.kms, moved, { stage: 'two' }), secret);
    await expectInvalidCiphertext(async () => decrypt(fx.kms, moved, { stage: 'one' }));
  });

  it('can change only the context, keeping the key', async () => {
    const blob = await encrypt(fx.kms, source.KeyId, secret);
    const out = await fx.kms.send(
      new ReEncryptCommand({
        CiphertextBlob: blob,
        DestinationKeyId: source.Arn,
        DestinationEncryptionContext: { v: '2' },
      }),
    );
    assert.equal(out.KeyId, source.Arn);
    assert.deepEqual(await decrypt(fx.kms, Buffer.from(out.CiphertextBlob ?? []), { v: '2' }), secret);
  });

  it('needs the source context, and the source KeyId must be the key the blob names', async () => {
    const blob = await encrypt(fx.kms, source.KeyId, secret, { a: '1' });
    await expectInvalidCiphertext(async () =>
      fx.kms.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: destination.KeyId })),
    );
    await expectKmsError(
      async () =>
        fx.kms.send(
          new ReEncryptCommand({
            CiphertextBlob: blob,
            SourceEncryptionContext: { a: '1' },
            SourceKeyId: destination.KeyId,
            DestinationKeyId: destination.KeyId,
          }),
        ),
      'IncorrectKeyException',
      'The key ID in the request does not identify a CMK that can perform this operation.',
    );
  });

  it('moves between symmetric and RSA keys, with the destination size limit', async () => {
    const toRsa = await fx.kms.send(
      new ReEncryptCommand({
        CiphertextBlob: await encrypt(fx.kms, source.KeyId, secret),
        DestinationKeyId: rsa.KeyId,
        DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
      }),
    );
    assert.equal(toRsa.DestinationEncryptionAlgorithm, 'RSAES_OAEP_SHA_256');
    assert.equal(toRsa.DestinationKeyMaterialId, undefined);
    const back = await fx.kms.send(
      new ReEncryptCommand({
        CiphertextBlob: toRsa.CiphertextBlob,
        SourceKeyId: rsa.Arn,
        SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
        DestinationKeyId: destination.KeyId,
      }),
    );
    assert.equal(back.SourceKeyId, rsa.Arn);
    assert.equal(back.SourceKeyMaterialId, undefined);
    assert.deepEqual(await decrypt(fx.kms, Buffer.from(back.CiphertextBlob ?? [])), secret);
    const big = await encrypt(fx.kms, source.KeyId, Buffer.alloc(191));
    await expectKmsError(
      async () =>
        fx.kms.send(
          new ReEncryptCommand({
            CiphertextBlob: big,
            DestinationKeyId: rsa.KeyId,
            DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
          }),
        ),
      'ValidationException',
      'Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than 190 bytes.',
    );
  });

  it('requires a usable ENCRYPT_DECRYPT destination and a DestinationKeyId', async () => {
    const blob = await encrypt(fx.kms, source.KeyId, secret);
    const signing = await createKey(fx.kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    await expectKmsError(
      async () => fx.kms.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: signing.KeyId })),
      'InvalidKeyUsageException',
      wrongUsage(signing.Arn, 'SIGN_VERIFY', 'ReEncrypt'),
    );
    const disabled = await createKey(fx.kms);
    await fx.kms.send(new DisableKeyCommand({ KeyId: disabled.KeyId }));
    await expectKmsError(
      async () => fx.kms.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: disabled.KeyId })),
      'DisabledException',
      `${disabled.Arn} is disabled.`,
    );
    await expectMissingMember(
      async () => fx.kms.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: undefined })),
      'destinationKeyId',
    );
  });

  it('refuses a disabled source key', async () => {
    const disabled = await createKey(fx.kms);
    const blob = await encrypt(fx.kms, disabled.KeyId, secret);
    await fx.kms.send(new DisableKeyCommand({ KeyId: disabled.KeyId }));
    await expectKmsError(
      async () => fx.kms.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: destination.KeyId })),
      'DisabledException',
      `${disabled.Arn} is disabled.`,
    );
  });

  it('answers DryRun after every check, and with IGNORE_CIPHERTEXT checks only the keys', async () => {
    const blob = Buffer.from(
      (await fx.kms.send(new EncryptCommand({ KeyId: source.KeyId, Plaintext: secret }))).CiphertextBlob ?? [],
    );
    const text = 'The request would have succeeded, but the DryRun option is set.';
    await expectKmsError(
      async () =>
        fx.kms.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: destination.KeyId, DryRun: true })),
      'DryRunOperationException',
      text,
    );
    await expectInvalidCiphertext(async () =>
      fx.kms.send(
        new ReEncryptCommand({
          CiphertextBlob: blob.subarray(1),
          DestinationKeyId: destination.KeyId,
          DryRun: true,
        }),
      ),
    );
    await expectKmsError(
      async () =>
        fx.kms.send(
          new ReEncryptCommand({
            SourceKeyId: source.KeyId,
            DestinationKeyId: destination.KeyId,
            DryRun: true,
            DryRunModifiers: ['IGNORE_CIPHERTEXT'],
          }),
        ),
      'DryRunOperationException',
      text,
    );
  });
});
