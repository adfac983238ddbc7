import assert from 'node:assert/strict';
import { constants, createPublicKey, generateKeyPairSync, publicEncrypt } from 'node:crypto';
import {
  DecryptCommand,
  DisableKeyCommand,
  EncryptCommand,
  GetPublicKeyCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { expectInvalidCiphertext, wrongUsage } from './cryptoSupport';
import { importMaterial } from './importSupport';
import { createKey, expectKmsError } from './keyFixtures';
import { useSandbox } from './support';

/** RSA encryption (real RSA-OAEP) and GetPublicKey (kms-api.md §7.11, §9). Signing is in signing.test.ts. */

type Key = { KeyId: string; Arn: string };
const RSA_SPECS = ['RSA_2048', 'RSA_3072', 'RSA_4096'] as const;
const OAEP = {
  RSAES_OAEP_SHA_1: { hash: 'sha1', bytes: 20 },
  RSAES_OAEP_SHA_256: { hash: 'sha256', bytes: 32 },
} as const;
type OaepAlgorithm = keyof typeof OAEP;

async function publicKeyOf(kms: KMSClient, keyId: string): Promise<Buffer> {
  const out = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
  assert.ok(out.PublicKey);
  return Buffer.from(out.PublicKey);
}

describe('sandbox RSA encryption and GetPublicKey', () => {
  const rsa: Partial<Record<(typeof RSA_SPECS)[number], Key>> = {};
  let rsa2048: Key;

  const fx = useSandbox();
  before(async () => {
    await Promise.all(
      RSA_SPECS.map(async (spec) => {
        rsa[spec] = await createKey(fx.kms, { KeySpec: spec, KeyUsage: 'ENCRYPT_DECRYPT' });
      }),
    );
    rsa2048 = rsa.RSA_2048 as Key;
  });

  const encryptRsa = async (keyId: string, plaintext: Buffer, algorithm: OaepAlgorithm): Promise<Buffer> => {
    const out = await fx.kms.send(
      new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionAlgorithm: algorithm }),
    );
    assert.equal(out.EncryptionAlgorithm, algorithm);
    return Buffer.from(out.CiphertextBlob ?? []);
  };
  const decryptRsa = async (
    keyId: string | undefined,
    ciphertext: Buffer,
    algorithm?: OaepAlgorithm,
  ): Promise<Buffer> => {
    const out = await fx.kms.send(
      new DecryptCommand({ KeyId: keyId, CiphertextBlob: ciphertext, EncryptionAlgorithm: algorithm }),
    );
    return Buffer.from(out.Plaintext ?? []);
  };

  for (const spec of RSA_SPECS) {
    for (const algorithm of Object.keys(OAEP) as OaepAlgorithm[]) {
      it(`${spec} with ${algorithm}: round-trips the largest plaintext and refuses one byte more with the exact text`, async () => {
        const key = rsa[spec] as Key;
        const limit = Number(spec.slice(4)) / 8 - 2 * OAEP[algorithm].bytes - 2;
        const plaintext = Buffer.alloc(limit, 0x5a);
        const ciphertext = await encryptRsa(key.KeyId, plaintext, algorithm);
        assert.equal(ciphertext.length, Number(spec.slice(4)) / 8);
        const out = await fx.kms.send(
          new DecryptCommand({ KeyId: key.Arn, CiphertextBlob: ciphertext, EncryptionAlgorithm: algorithm }),
        );
        assert.deepEqual(Buffer.from(out.Plaintext ?? []), plaintext);
        assert.equal(out.KeyId, key.Arn);
        assert.equal(out.KeyMaterialId, undefined);
        await expectKmsError(
          async () => encryptRsa(key.KeyId, Buffer.alloc(limit + 1), algorithm),
          'ValidationException',
          `Algorithm ${algorithm} and key spec ${spec} cannot encrypt data larger than ${limit} bytes.`,
        );
      });
    }
  }

  it('decrypts ciphertext made outside KMS with the public key from GetPublicKey', async () => {
    const publicKey = createPublicKey({ key: await publicKeyOf(fx.kms, rsa2048.KeyId), format: 'der', type: 'spki' });
    for (const [algorithm, { hash }] of Object.entries(OAEP) as Array<[OaepAlgorithm, { hash: string }]>) {
      const ciphertext = publicEncrypt(
        { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash },
        Buffer.from('offline'),
      );
      assert.equal((await decryptRsa(rsa2048.KeyId, ciphertext, algorithm)).toString(), 'offline');
    }
  });

  it('answers InvalidCiphertextException for the wrong OAEP hash, a changed byte, a wrong length or no KeyId', async () => {
    const ciphertext = await encryptRsa(rsa2048.KeyId, Buffer.from('x'), 'RSAES_OAEP_SHA_1');
    await expectInvalidCiphertext(async () => decryptRsa(rsa2048.KeyId, ciphertext, 'RSAES_OAEP_SHA_256'));
    const changed = Buffer.from(ciphertext);
    changed[100] ^= 1;
    await expectInvalidCiphertext(async () => decryptRsa(rsa2048.KeyId, changed, 'RSAES_OAEP_SHA_1'));
    await expectInvalidCiphertext(async () => decryptRsa(rsa2048.KeyId, ciphertext.subarray(1), 'RSAES_OAEP_SHA_1'));
    await expectInvalidCiphertext(async () => decryptRsa(undefined, ciphertext, 'RSAES_OAEP_SHA_1'));
  });

  it('refuses SYMMETRIC_DEFAULT (the default algorithm) on an RSA key, in Encrypt and Decrypt', async () => {
    const text = 'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.';
    await expectKmsError(
      async () => fx.kms.send(new EncryptCommand({ KeyId: rsa2048.KeyId, Plaintext: Buffer.from('x') })),
      'InvalidKeyUsageException',
      text,
    );
    const ciphertext = await encryptRsa(rsa2048.KeyId, Buffer.from('x'), 'RSAES_OAEP_SHA_256');
    await expectKmsError(async () => decryptRsa(rsa2048.KeyId, ciphertext), 'InvalidKeyUsageException', text);
  });

  it('refuses an EncryptionContext with an asymmetric key', async () => {
    await expectKmsError(
      async () =>
        fx.kms.send(
          new EncryptCommand({
            KeyId: rsa2048.KeyId,
            Plaintext: Buffer.from('x'),
            EncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
            EncryptionContext: { a: 'b' },
          }),
        ),
      'ValidationException',
      'EncryptionContext is not supported with asymmetric KMS keys.',
    );
  });

  it('refuses an RSA signing key for encryption', async () => {
    const signing = await createKey(fx.kms, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    await expectKmsError(
      async () => encryptRsa(signing.KeyId, Buffer.from('x'), 'RSAES_OAEP_SHA_256'),
      'InvalidKeyUsageException',
      wrongUsage(signing.Arn, 'SIGN_VERIFY', 'Encrypt'),
    );
  });

  describe('GetPublicKey', () => {
    it('returns the SPKI public key and the key facts for an RSA encryption key', async () => {
      const out = await fx.kms.send(new GetPublicKeyCommand({ KeyId: rsa2048.KeyId }));
      assert.equal(out.KeyId, rsa2048.Arn);
      assert.equal(out.KeySpec, 'RSA_2048');
      assert.equal(out.CustomerMasterKeySpec, 'RSA_2048');
      assert.equal(out.KeyUsage, 'ENCRYPT_DECRYPT');
      assert.deepEqual(out.EncryptionAlgorithms, ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']);
      assert.equal(out.SigningAlgorithms, undefined);
      const parsed = createPublicKey({ key: Buffer.from(out.PublicKey ?? []), format: 'der', type: 'spki' });
      assert.equal(parsed.asymmetricKeyDetails?.modulusLength, 2048);
    });

    it('lists the signing or key-agreement algorithms of ECC and Ed25519 keys', async () => {
      const cases = [
        {
          KeySpec: 'ECC_NIST_P384',
          KeyUsage: 'SIGN_VERIFY',
          field: 'SigningAlgorithms',
          value: ['ECDSA_SHA_384'],
          curve: 'secp384r1',
        },
        {
          KeySpec: 'ECC_NIST_P256',
          KeyUsage: 'KEY_AGREEMENT',
          field: 'KeyAgreementAlgorithms',
          value: ['ECDH'],
          curve: 'prime256v1',
        },
        {
          KeySpec: 'ECC_NIST_EDWARDS25519',
          KeyUsage: 'SIGN_VERIFY',
          field: 'SigningAlgorithms',
          value: ['ED25519_SHA_512', 'ED25519_PH_SHA_512'],
        },
      ] as const;
      for (const c of cases) {
        const key = await createKey(fx.kms, { KeySpec: c.KeySpec, KeyUsage: c.KeyUsage });
        const out = await fx.kms.send(new GetPublicKeyCommand({ KeyId: key.Arn }));
        assert.deepEqual(out[c.field], c.value, c.KeySpec);
        const parsed = createPublicKey({ key: Buffer.from(out.PublicKey ?? []), format: 'der', type: 'spki' });
        if ('curve' in c) {
          assert.equal(parsed.asymmetricKeyDetails?.namedCurve, c.curve);
        } else {
          assert.equal(parsed.asymmetricKeyType, 'ed25519');
        }
      }
    });

    it('returns the public half of imported private key material', async () => {
      const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const key = await createKey(fx.kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Origin: 'EXTERNAL' });
      await expectKmsError(
        async () => publicKeyOf(fx.kms, key.KeyId),
        'KMSInvalidStateException',
        `${key.Arn} is pending import.`,
      );
      await importMaterial(fx.kms, key.KeyId, pair.privateKey.export({ format: 'der', type: 'pkcs8' }));
      assert.deepEqual(await publicKeyOf(fx.kms, key.KeyId), pair.publicKey.export({ format: 'der', type: 'spki' }));
    });

    it('refuses symmetric and HMAC keys, and disabled keys', async () => {
      for (const input of [{}, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }] as const) {
        const key = await createKey(fx.kms, input);
        await expectKmsError(
          async () => publicKeyOf(fx.kms, key.KeyId),
          'UnsupportedOperationException',
          `${key.Arn} key KeySpec is ${'KeySpec' in input ? input.KeySpec : 'SYMMETRIC_DEFAULT'} which is not valid for GetPublicKey.`,
        );
      }
      const disabled = await createKey(fx.kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      await fx.kms.send(new DisableKeyCommand({ KeyId: disabled.KeyId }));
      await expectKmsError(
        async () => publicKeyOf(fx.kms, disabled.KeyId),
        'DisabledException',
        `${disabled.Arn} is disabled.`,
      );
    });
  });
});
