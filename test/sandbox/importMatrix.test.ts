import assert from 'node:assert/strict';
import {
  constants,
  createCipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  publicEncrypt,
  randomBytes,
  verify,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import { DecryptCommand, EncryptCommand, GetPublicKeyCommand, SignCommand, type KeySpec } from '@aws-sdk/client-kms';
import { WRAPPING_ALGORITHMS, WRAPPING_KEY_SPECS, type WrappingAlgorithm } from '../../src/core/keyMaterialWrap';
import { kmsError, useSandbox } from './support';
import {
  createExternalKey,
  describeKey,
  expectKmsError,
  getParameters,
  importMaterial,
  importWrapped,
  storedMaterials,
  type ImportParameters,
} from './importSupport';

/** Every wrapping algorithm × wrapping key spec × key spec the sandbox accepts or refuses (kms-api.md §8.1, §8.3). */

const generateKeyPairAsync = promisify(generateKeyPair);

/** Wraps exactly as kms-api.md §8.2 describes, with node:crypto only: an implementation independent of src/core. */
function wrapWithNodeCrypto(material: Buffer, params: ImportParameters, algorithm: WrappingAlgorithm): Buffer {
  const oaep = {
    key: createPublicKey({ key: params.publicKey, format: 'der', type: 'spki' }),
    padding: constants.RSA_PKCS1_OAEP_PADDING,
    oaepHash: algorithm.endsWith('SHA_1') ? 'sha1' : 'sha256',
  };
  if (algorithm.startsWith('RSAES_OAEP')) {
    return publicEncrypt(oaep, material);
  }
  const aesKey = randomBytes(32);
  const kwp = createCipheriv('id-aes256-wrap-pad', aesKey, Buffer.from('A65959A6', 'hex'));
  return Buffer.concat([publicEncrypt(oaep, aesKey), kwp.update(material), kwp.final()]);
}

/** A fresh private key of `spec`, as DER PKCS#8: the import format of asymmetric key material. */
async function pkcs8(spec: KeySpec): Promise<Buffer> {
  const der = (pair: { privateKey: KeyObject }): Buffer => pair.privateKey.export({ format: 'der', type: 'pkcs8' });
  if (spec.startsWith('RSA_')) {
    return der(await generateKeyPairAsync('rsa', { modulusLength: Number(spec.slice(4)) }));
  }
  if (spec === 'ECC_NIST_EDWARDS25519') {
    return der(await generateKeyPairAsync('ed25519', undefined));
  }
  const namedCurve = {
    ECC_NIST_P256: 'prime256v1',
    ECC_NIST_P384: 'secp384r1',
    ECC_NIST_P521: 'secp521r1',
    ECC_SECG_P256K1: 'secp256k1',
  }[spec as string];
  assert.ok(namedCurve, spec);
  return der(await generateKeyPairAsync('ec', { namedCurve }));
}

/** GetPublicKey and Sign are another helper's operations; until they exist, these checks skip themselves. */
async function unlessUnknownOperation<T>(context: Mocha.Context, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if ((error as Error).name === 'UnknownOperationException') {
      context.skip();
    }
    throw error;
  }
}

describe('sandbox import matrix: symmetric keys under every wrapping algorithm and wrapping key spec', function () {
  this.timeout(60_000);
  const fx = useSandbox();

  for (const algorithm of WRAPPING_ALGORITHMS) {
    for (const spec of WRAPPING_KEY_SPECS) {
      it(`${algorithm} with ${spec}: material wrapped by node:crypto and by src/core imports, with the same KeyMaterialId`, async () => {
        const key = await createExternalKey(fx.kms);
        const params = await getParameters(fx.kms, key.KeyId, algorithm, spec);
        const material = randomBytes(32);
        const first = (
          await importWrapped(fx.kms, key.KeyId, params.token, wrapWithNodeCrypto(material, params, algorithm))
        ).KeyMaterialId;
        const again = (await importMaterial(fx.kms, key.KeyId, material, { parameters: params, algorithm }))
          .KeyMaterialId;
        assert.equal(again, first);
        assert.deepEqual(Buffer.from(storedMaterials(fx.sandbox, key.KeyId)[0]?.material ?? '', 'base64'), material);
        const plaintext = randomBytes(48);
        const { CiphertextBlob } = await fx.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: plaintext }));
        const { Plaintext } = await fx.kms.send(new DecryptCommand({ CiphertextBlob }));
        assert.deepEqual(Buffer.from(Plaintext ?? []), plaintext);
      });
    }
  }
});

describe('sandbox import matrix: HMAC material sizes (kms-api.md §8.3)', function () {
  this.timeout(60_000);
  const fx = useSandbox();

  const sizes: Array<[KeySpec, number, number]> = [
    ['HMAC_224', 28, 64],
    ['HMAC_256', 32, 64],
    ['HMAC_384', 48, 128],
    ['HMAC_512', 64, 128],
  ];
  for (const [spec, min, max] of sizes) {
    it(`${spec}: accepts ${min} and ${max} bytes, refuses ${min - 1} and ${max + 1}`, async () => {
      const refused = await createExternalKey(fx.kms, { KeySpec: spec, KeyUsage: 'GENERATE_VERIFY_MAC' });
      const params = await getParameters(fx.kms, refused.KeyId, 'RSAES_OAEP_SHA_256', 'RSA_2048');
      for (const bytes of [min - 1, max + 1]) {
        await expectKmsError(
          async () => importMaterial(fx.kms, refused.KeyId, randomBytes(bytes), { parameters: params }),
          'IncorrectKeyMaterialException',
          `Key material for ${spec} must be ${min}-${max} bytes, not ${bytes}.`,
        );
      }
      assert.equal((await describeKey(fx.kms, refused.KeyId)).KeyState, 'PendingImport');
      for (const bytes of [min, max]) {
        const key = await createExternalKey(fx.kms, { KeySpec: spec, KeyUsage: 'GENERATE_VERIFY_MAC' });
        const out = await importMaterial(fx.kms, key.KeyId, randomBytes(bytes), { algorithm: 'RSAES_OAEP_SHA_1' });
        assert.equal(out.KeyMaterialId, undefined, 'KeyMaterialId is for symmetric keys only');
        const meta = await describeKey(fx.kms, key.KeyId);
        assert.equal(meta.KeyState, 'Enabled');
        assert.equal(meta.CurrentKeyMaterialId, undefined);
      }
    });
  }
});

describe('sandbox import matrix: asymmetric private keys (PKCS#8)', function () {
  this.timeout(120_000);
  const fx = useSandbox();

  const cases: Array<{
    spec: KeySpec;
    usage: 'SIGN_VERIFY' | 'ENCRYPT_DECRYPT';
    algorithm: WrappingAlgorithm;
    wrapping: 'RSA_2048' | 'RSA_3072' | 'RSA_4096';
  }> = [
    { spec: 'RSA_2048', usage: 'SIGN_VERIFY', algorithm: 'RSA_AES_KEY_WRAP_SHA_256', wrapping: 'RSA_2048' },
    { spec: 'RSA_3072', usage: 'ENCRYPT_DECRYPT', algorithm: 'RSA_AES_KEY_WRAP_SHA_1', wrapping: 'RSA_3072' },
    { spec: 'RSA_4096', usage: 'SIGN_VERIFY', algorithm: 'RSA_AES_KEY_WRAP_SHA_256', wrapping: 'RSA_4096' },
    { spec: 'ECC_NIST_P256', usage: 'SIGN_VERIFY', algorithm: 'RSAES_OAEP_SHA_256', wrapping: 'RSA_2048' },
    { spec: 'ECC_NIST_P384', usage: 'SIGN_VERIFY', algorithm: 'RSA_AES_KEY_WRAP_SHA_1', wrapping: 'RSA_2048' },
    { spec: 'ECC_NIST_P521', usage: 'SIGN_VERIFY', algorithm: 'RSA_AES_KEY_WRAP_SHA_256', wrapping: 'RSA_2048' },
    { spec: 'ECC_NIST_P521', usage: 'SIGN_VERIFY', algorithm: 'RSAES_OAEP_SHA_256', wrapping: 'RSA_3072' },
    { spec: 'ECC_SECG_P256K1', usage: 'SIGN_VERIFY', algorithm: 'RSAES_OAEP_SHA_1', wrapping: 'RSA_4096' },
    { spec: 'ECC_NIST_EDWARDS25519', usage: 'SIGN_VERIFY', algorithm: 'RSAES_OAEP_SHA_256', wrapping: 'RSA_2048' },
  ];

  for (const { spec, usage, algorithm, wrapping } of cases) {
    it(`${spec} private key via ${algorithm} under ${wrapping}: imported, Enabled, the public key derived from it`, async function () {
      const key = await createExternalKey(fx.kms, { KeySpec: spec, KeyUsage: usage });
      const material = await pkcs8(spec);
      const out = await importMaterial(fx.kms, key.KeyId, material, { algorithm, spec: wrapping });
      assert.equal(out.KeyId, key.Arn);
      assert.equal(out.KeyMaterialId, undefined);
      const meta = await describeKey(fx.kms, key.KeyId);
      assert.equal(meta.KeyState, 'Enabled');
      assert.equal(meta.CurrentKeyMaterialId, undefined);
      assert.equal(meta.ExpirationModel, 'KEY_MATERIAL_DOES_NOT_EXPIRE');
      assert.deepEqual(Buffer.from(storedMaterials(fx.sandbox, key.KeyId)[0]?.material ?? '', 'base64'), material);
      const expected = createPublicKey(createPrivateKey({ key: material, format: 'der', type: 'pkcs8' })).export({
        format: 'der',
        type: 'spki',
      });
      const { PublicKey } = await unlessUnknownOperation(this, async () =>
        fx.kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId })),
      );
      assert.deepEqual(Buffer.from(PublicKey ?? []), expected);
    });
  }

  it('signs with an imported ECC key so that the original public key verifies the signature', async function () {
    const key = await createExternalKey(fx.kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const material = await pkcs8('ECC_NIST_P256');
    await importMaterial(fx.kms, key.KeyId, material, { algorithm: 'RSA_AES_KEY_WRAP_SHA_256' });
    const message = Buffer.from('imported key, local signature');
    const { Signature } = await unlessUnknownOperation(this, async () =>
      fx.kms.send(
        new SignCommand({ KeyId: key.KeyId, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }),
      ),
    );
    const publicKey = createPublicKey(createPrivateKey({ key: material, format: 'der', type: 'pkcs8' }));
    assert.equal(verify('sha256', message, publicKey, Buffer.from(Signature ?? [])), true);
  });

  it('refuses a private key of the wrong size or curve, and bytes that are not PKCS#8, with IncorrectKeyMaterialException', async () => {
    const rsa = await createExternalKey(fx.kms, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    const rsaParams = await getParameters(fx.kms, rsa.KeyId, 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_2048');
    for (const wrongSpec of ['RSA_3072', 'ECC_NIST_P256'] as const) {
      await expectKmsError(
        async () =>
          importMaterial(fx.kms, rsa.KeyId, await pkcs8(wrongSpec), {
            parameters: rsaParams,
            algorithm: 'RSA_AES_KEY_WRAP_SHA_256',
          }),
        'IncorrectKeyMaterialException',
        'The private key does not match key spec RSA_2048.',
      );
    }
    const ecc = await createExternalKey(fx.kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const eccParams = await getParameters(fx.kms, ecc.KeyId);
    await expectKmsError(
      async () => importMaterial(fx.kms, ecc.KeyId, await pkcs8('ECC_NIST_P384'), { parameters: eccParams }),
      'IncorrectKeyMaterialException',
      'The private key does not match key spec ECC_NIST_P256.',
    );
    await expectKmsError(
      async () => importMaterial(fx.kms, ecc.KeyId, await pkcs8('ECC_SECG_P256K1'), { parameters: eccParams }),
      'IncorrectKeyMaterialException',
      'The private key does not match key spec ECC_NIST_P256.',
    );
    await expectKmsError(
      async () => importMaterial(fx.kms, ecc.KeyId, randomBytes(32), { parameters: eccParams }),
      'IncorrectKeyMaterialException',
      'Key material for ECC_NIST_P256 must be a DER-encoded PKCS#8 private key.',
    );
    assert.equal((await describeKey(fx.kms, ecc.KeyId)).KeyState, 'PendingImport');
  });

  it('holds one private key for life: a different one is refused, the same one reimports', async () => {
    const key = await createExternalKey(fx.kms, { KeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY' });
    const material = await pkcs8('ECC_NIST_P384');
    await importMaterial(fx.kms, key.KeyId, material);
    await expectKmsError(
      async () => importMaterial(fx.kms, key.KeyId, await pkcs8('ECC_NIST_P384')),
      'IncorrectKeyMaterialException',
      /previously imported/,
    );
    await importMaterial(fx.kms, key.KeyId, material, { ValidTo: new Date(Date.now() + 86_400_000) });
    assert.equal((await describeKey(fx.kms, key.KeyId)).ExpirationModel, 'KEY_MATERIAL_EXPIRES');
  });
});

describe('sandbox import matrix: combinations KMS refuses at GetParametersForImport', () => {
  const fx = useSandbox();

  for (const algorithm of ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] as const) {
    it(`refuses ${algorithm} for an RSA key under every wrapping key spec: RSA private keys need RSA_AES_KEY_WRAP`, async () => {
      const key = await createExternalKey(fx.kms, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
      for (const spec of WRAPPING_KEY_SPECS) {
        await expectKmsError(
          async () => getParameters(fx.kms, key.KeyId, algorithm, spec),
          'ValidationException',
          'Key material for KeySpec RSA_2048 is an RSA private key, which must be wrapped with RSA_AES_KEY_WRAP_SHA_1 or RSA_AES_KEY_WRAP_SHA_256.',
        );
      }
    });

    it(`refuses ${algorithm} with RSA_2048 for ECC_NIST_P521 material, allows it with RSA_3072`, async () => {
      const key = await createExternalKey(fx.kms, { KeySpec: 'ECC_NIST_P521', KeyUsage: 'SIGN_VERIFY' });
      await expectKmsError(
        async () => getParameters(fx.kms, key.KeyId, algorithm, 'RSA_2048'),
        'ValidationException',
        /cannot wrap ECC_NIST_P521 key material/,
      );
      await getParameters(fx.kms, key.KeyId, algorithm, 'RSA_3072');
    });
  }

  it('checks the combination only after the key: an unknown key is still NotFoundException', async () => {
    const error = await kmsError(async () =>
      getParameters(fx.kms, '11111111-2222-4333-8444-555555555555', 'RSAES_OAEP_SHA_256'),
    );
    assert.equal(error.name, 'NotFoundException');
  });
});
