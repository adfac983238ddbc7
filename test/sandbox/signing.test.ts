import assert from 'node:assert/strict';
import { constants, createHash, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import {
  DisableKeyCommand,
  GetPublicKeyCommand,
  SignCommand,
  VerifyCommand,
  type KeySpec,
  type MessageType,
  type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms';
import { verifyEd25519ph } from '../../src/sandbox/signatures/ed25519ph';
import { expectSilentError, wrongUsage } from './cryptoSupport';
import { importMaterial } from './importSupport';
import { createKey, expectKmsError } from './keyFixtures';
import { expectMissingMember, useSandbox } from './support';

/** Sign and Verify for every key spec and algorithm, cross-checked with Node and the public key from GetPublicKey. */

/** The six RSASSA algorithms: PSS then PKCS1_V1_5, each with SHA-256, -384 and -512. */
const RSA_ALGORITHMS = ['PSS', 'PKCS1_V1_5'].flatMap((padding) =>
  ['256', '384', '512'].map((bits) => `RSASSA_${padding}_SHA_${bits}` as SigningAlgorithmSpec),
);

const CASES: Array<{ spec: KeySpec; algorithms: SigningAlgorithmSpec[] }> = [
  { spec: 'RSA_2048', algorithms: RSA_ALGORITHMS },
  { spec: 'ECC_NIST_P256', algorithms: ['ECDSA_SHA_256'] },
  { spec: 'ECC_NIST_P384', algorithms: ['ECDSA_SHA_384'] },
  { spec: 'ECC_NIST_P521', algorithms: ['ECDSA_SHA_512'] },
  { spec: 'ECC_SECG_P256K1', algorithms: ['ECDSA_SHA_256'] },
];

const hashOf = (algorithm: string): string => `sha${algorithm.slice(-3)}`;

/** Node's view of a KMS signing algorithm over a RAW message. */
function nodeOptions(
  algorithm: string,
  key: KeyObject,
): { key: KeyObject; padding?: number; saltLength?: number; dsaEncoding?: 'der' } {
  if (algorithm.startsWith('RSASSA_PSS')) {
    return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
  }
  if (algorithm.startsWith('RSASSA_PKCS1')) {
    return { key, padding: constants.RSA_PKCS1_PADDING };
  }
  return { key, dsaEncoding: 'der' };
}

describe('sandbox Sign and Verify', () => {
  const keys = new Map<string, { KeyId: string; Arn: string; publicKey: KeyObject }>();
  const message = Buffer.from('a message worth signing');

  const fx = useSandbox();
  before(async () => {
    for (const spec of [...CASES.map((c) => c.spec), 'ECC_NIST_EDWARDS25519' as const]) {
      const key = await createKey(fx.kms, { KeySpec: spec, KeyUsage: 'SIGN_VERIFY' });
      const { PublicKey } = await fx.kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
      keys.set(spec, {
        ...key,
        publicKey: createPublicKey({ key: Buffer.from(PublicKey ?? []), format: 'der', type: 'spki' }),
      });
    }
  });

  const kmsSign = async (
    keyId: string,
    algorithm: SigningAlgorithmSpec,
    data: Buffer,
    type?: MessageType,
  ): Promise<Buffer> => {
    const out = await fx.kms.send(
      new SignCommand({ KeyId: keyId, SigningAlgorithm: algorithm, Message: data, MessageType: type }),
    );
    assert.equal(out.SigningAlgorithm, algorithm);
    return Buffer.from(out.Signature ?? []);
  };
  const kmsVerify = async (
    keyId: string,
    algorithm: SigningAlgorithmSpec,
    data: Buffer,
    signature: Buffer,
    type?: MessageType,
  ) =>
    fx.kms.send(
      new VerifyCommand({
        KeyId: keyId,
        SigningAlgorithm: algorithm,
        Message: data,
        MessageType: type,
        Signature: signature,
      }),
    );

  for (const { spec, algorithms } of CASES) {
    for (const algorithm of algorithms) {
      it(`${spec} ${algorithm}: RAW and DIGEST signatures verify in Node and in KMS; altered ones do not`, async () => {
        const key = keys.get(spec);
        assert.ok(key);
        const hash = hashOf(algorithm);
        const digest = createHash(hash).update(message).digest();
        for (const [data, type] of [
          [message, 'RAW'],
          [digest, 'DIGEST'],
        ] as const) {
          const signature = await kmsSign(key.Arn, algorithm, data, type);
          assert.ok(
            verify(hash, message, nodeOptions(algorithm, key.publicKey), signature),
            `${type} signature verifies in Node`,
          );
          const out = await kmsVerify(key.KeyId, algorithm, data, signature, type);
          assert.deepEqual([out.KeyId, out.SignatureValid, out.SigningAlgorithm], [key.Arn, true, algorithm]);
        }
        const rawSignature = await kmsSign(key.KeyId, algorithm, message);
        assert.equal(
          (await kmsVerify(key.KeyId, algorithm, digest, rawSignature, 'DIGEST')).SignatureValid,
          true,
          'RAW = DIGEST of the message',
        );
        await expectSilentError(
          async () => kmsVerify(key.KeyId, algorithm, Buffer.from('another message'), rawSignature),
          'KMSInvalidSignatureException',
        );
        const tampered = Buffer.from(rawSignature);
        tampered[tampered.length - 5] ^= 0x01;
        await expectSilentError(
          async () => kmsVerify(key.KeyId, algorithm, message, tampered),
          'KMSInvalidSignatureException',
        );
        await expectSilentError(
          async () => kmsVerify(key.KeyId, algorithm, digest, tampered, 'DIGEST'),
          'KMSInvalidSignatureException',
        );
      });
    }
  }

  it('verifies signatures made outside KMS with the same private key (imported ECC material)', async () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
    const key = await createKey(fx.kms, { KeySpec: 'ECC_SECG_P256K1', KeyUsage: 'SIGN_VERIFY', Origin: 'EXTERNAL' });
    await importMaterial(fx.kms, key.KeyId, pair.privateKey.export({ format: 'der', type: 'pkcs8' }));
    const outside = sign('sha256', message, { key: pair.privateKey, dsaEncoding: 'der' });
    assert.equal((await kmsVerify(key.KeyId, 'ECDSA_SHA_256', message, outside)).SignatureValid, true);
    const digest = createHash('sha256').update(message).digest();
    assert.equal((await kmsVerify(key.KeyId, 'ECDSA_SHA_256', digest, outside, 'DIGEST')).SignatureValid, true);
    assert.ok(
      verify(
        'sha256',
        message,
        { key: pair.publicKey, dsaEncoding: 'der' },
        await kmsSign(key.KeyId, 'ECDSA_SHA_256', message),
      ),
    );
  });

  describe('Ed25519', () => {
    it('ED25519_SHA_512 signs RAW messages as pure Ed25519', async () => {
      const key = keys.get('ECC_NIST_EDWARDS25519');
      assert.ok(key);
      const signature = await kmsSign(key.KeyId, 'ED25519_SHA_512', message, 'RAW');
      assert.ok(verify(null, message, key.publicKey, signature));
      assert.equal((await kmsVerify(key.KeyId, 'ED25519_SHA_512', message, signature)).SignatureValid, true);
      await expectKmsError(
        async () => kmsSign(key.KeyId, 'ED25519_SHA_512', createHash('sha512').update(message).digest(), 'DIGEST'),
        'ValidationException',
        'Message type DIGEST is incompatible with algorithm ED25519_SHA_512.',
      );
    });

    it('ED25519_PH_SHA_512 signs a 64-byte DIGEST as Ed25519ph, prehashing it once more as KMS does', async () => {
      const key = keys.get('ECC_NIST_EDWARDS25519');
      assert.ok(key);
      const digest = createHash('sha512').update(message).digest();
      const signature = await kmsSign(key.KeyId, 'ED25519_PH_SHA_512', digest, 'DIGEST');
      const raw = Buffer.from(key.publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
      assert.ok(verifyEd25519ph(raw, digest, signature));
      assert.equal(
        (await kmsVerify(key.KeyId, 'ED25519_PH_SHA_512', digest, signature, 'DIGEST')).SignatureValid,
        true,
      );
      await expectKmsError(
        async () => kmsSign(key.KeyId, 'ED25519_PH_SHA_512', message, 'RAW'),
        'ValidationException',
        'Message type RAW is incompatible with algorithm ED25519_PH_SHA_512.',
      );
      await expectKmsError(
        async () => kmsSign(key.KeyId, 'ED25519_PH_SHA_512', digest.subarray(1), 'DIGEST'),
        'ValidationException',
        'Digest is invalid length for algorithm ED25519_PH_SHA_512.',
      );
    });
  });

  describe('checks', () => {
    it('refuses a digest of the wrong length with the exact text', async () => {
      const key = keys.get('ECC_NIST_P256');
      assert.ok(key);
      await expectKmsError(
        async () => kmsSign(key.KeyId, 'ECDSA_SHA_256', Buffer.alloc(31), 'DIGEST'),
        'ValidationException',
        'Digest is invalid length for algorithm ECDSA_SHA_256.',
      );
    });

    it('refuses an algorithm the key spec does not offer', async () => {
      const key = keys.get('ECC_NIST_P256');
      assert.ok(key);
      await expectKmsError(
        async () => kmsSign(key.KeyId, 'ECDSA_SHA_384', message),
        'InvalidKeyUsageException',
        'Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.',
      );
      await expectKmsError(
        async () => kmsSign(key.KeyId, 'RSASSA_PSS_SHA_256', message),
        'InvalidKeyUsageException',
        'Algorithm RSASSA_PSS_SHA_256 is incompatible with key spec ECC_NIST_P256.',
      );
    });

    it('refuses EXTERNAL_MU, which only ML-DSA keys take', async () => {
      const key = keys.get('RSA_2048');
      assert.ok(key);
      await expectKmsError(
        async () => kmsSign(key.KeyId, 'RSASSA_PSS_SHA_256', Buffer.alloc(64), 'EXTERNAL_MU'),
        'ValidationException',
        'Message type EXTERNAL_MU is incompatible with key spec RSA_2048.',
      );
    });

    it('refuses keys whose usage is not SIGN_VERIFY', async () => {
      const encryption = await createKey(fx.kms, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
      const mac = await createKey(fx.kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
      await expectKmsError(
        async () => kmsSign(encryption.KeyId, 'RSASSA_PSS_SHA_256', message),
        'InvalidKeyUsageException',
        wrongUsage(encryption.Arn, 'ENCRYPT_DECRYPT', 'Sign'),
      );
      await expectKmsError(
        async () => kmsVerify(mac.KeyId, 'RSASSA_PSS_SHA_256', message, Buffer.alloc(256)),
        'InvalidKeyUsageException',
        wrongUsage(mac.Arn, 'GENERATE_VERIFY_MAC', 'Verify'),
      );
    });

    it('takes a message of 1 to 4096 bytes and requires SigningAlgorithm', async () => {
      const key = keys.get('ECC_NIST_P256');
      assert.ok(key);
      await kmsSign(key.KeyId, 'ECDSA_SHA_256', Buffer.alloc(4096));
      await expectKmsError(
        async () => kmsSign(key.KeyId, 'ECDSA_SHA_256', Buffer.alloc(4097)),
        'ValidationException',
        "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096",
      );
      await expectMissingMember(
        async () => fx.kms.send(new SignCommand({ KeyId: key.KeyId, Message: message, SigningAlgorithm: undefined })),
        'signingAlgorithm',
      );
    });

    it('answers DryRun only for requests that would succeed, and refuses disabled keys', async () => {
      const key = await createKey(fx.kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      await expectKmsError(
        async () =>
          fx.kms.send(
            new SignCommand({ KeyId: key.KeyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_256', DryRun: true }),
          ),
        'DryRunOperationException',
        'The request would have succeeded, but the DryRun option is set.',
      );
      await expectSilentError(
        async () =>
          fx.kms.send(
            new VerifyCommand({
              KeyId: key.KeyId,
              Message: message,
              SigningAlgorithm: 'ECDSA_SHA_256',
              Signature: Buffer.alloc(70, 1),
              DryRun: true,
            }),
          ),
        'KMSInvalidSignatureException',
      );
      await fx.kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
      await expectKmsError(
        async () => kmsSign(key.KeyId, 'ECDSA_SHA_256', message),
        'DisabledException',
        `${key.Arn} is disabled.`,
      );
    });
  });
});
