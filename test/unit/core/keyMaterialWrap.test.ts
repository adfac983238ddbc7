import assert from 'node:assert/strict';
import {
  constants,
  createCipheriv,
  generateKeyPairSync,
  privateDecrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import {
  canWrap,
  KeyMaterialUnwrapError,
  maxDirectWrapBytes,
  unwrapKeyMaterial,
  WRAPPING_ALGORITHMS,
  wrapKeyMaterial,
  type WrappingAlgorithm,
} from '../../../src/core/keyMaterialWrap';

interface WrappingPair {
  publicDer: Buffer;
  privateDer: Buffer;
  privateKey: KeyObject;
}

function wrappingPair(modulusLength: number): WrappingPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength });
  return {
    publicDer: publicKey.export({ format: 'der', type: 'spki' }),
    privateDer: privateKey.export({ format: 'der', type: 'pkcs8' }),
    privateKey,
  };
}

const hashOf = (algorithm: WrappingAlgorithm): string => (algorithm.endsWith('SHA_1') ? 'sha1' : 'sha256');

describe('key material wrapping for ImportKeyMaterial', () => {
  let rsa2048: WrappingPair;
  let other2048: WrappingPair;
  before(() => {
    rsa2048 = wrappingPair(2048);
    other2048 = wrappingPair(2048);
  });

  for (const algorithm of WRAPPING_ALGORITHMS) {
    it(`${algorithm}: wraps with the DER public key and unwraps with the PKCS#8 private key`, () => {
      const material = randomBytes(32);
      const wrapped = wrapKeyMaterial(material, rsa2048.publicDer, algorithm);
      assert.deepEqual(unwrapKeyMaterial(wrapped, rsa2048.privateDer, algorithm), material);
      assert.deepEqual(unwrapKeyMaterial(wrapped, rsa2048.privateKey, algorithm), material);
    });

    it(`${algorithm}: fails to unwrap with another wrapping key`, () => {
      const wrapped = wrapKeyMaterial(randomBytes(32), rsa2048.publicDer, algorithm);
      assert.throws(
        () => unwrapKeyMaterial(wrapped, other2048.privateDer, algorithm),
        (e: unknown) => e instanceof KeyMaterialUnwrapError && e.reason === 'integrity',
      );
    });
  }

  for (const algorithm of ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] as const) {
    it(`${algorithm} is plain RSA-OAEP with MGF1 on the same hash, as any OAEP implementation reads it`, () => {
      const material = randomBytes(32);
      const wrapped = wrapKeyMaterial(material, rsa2048.publicDer, algorithm);
      assert.equal(wrapped.length, 256);
      assert.deepEqual(
        privateDecrypt(
          { key: rsa2048.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hashOf(algorithm) },
          wrapped,
        ),
        material,
      );
    });
  }

  for (const algorithm of ['RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256'] as const) {
    it(`${algorithm} is RSA-OAEP(AES key) followed by OpenSSL's id-aes256-wrap-pad of the material`, () => {
      const material = randomBytes(1217);
      const aesKey = randomBytes(32);
      const wrapped = wrapKeyMaterial(material, rsa2048.publicDer, algorithm, { aesKey });
      assert.equal(wrapped.length, 256 + 8 + Math.ceil(material.length / 8) * 8);
      const oaep = { key: rsa2048.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hashOf(algorithm) };
      assert.deepEqual(privateDecrypt(oaep, wrapped.subarray(0, 256)), aesKey);
      const kwp = createCipheriv('id-aes256-wrap-pad', aesKey, Buffer.from('A65959A6', 'hex'));
      assert.deepEqual(wrapped.subarray(256), Buffer.concat([kwp.update(material), kwp.final()]));
    });

    it(`${algorithm}: unwraps blobs made with 128- and 192-bit AES keys too`, () => {
      for (const bytes of [16, 24]) {
        const material = randomBytes(48);
        const wrapped = wrapKeyMaterial(material, rsa2048.publicDer, algorithm, { aesKey: randomBytes(bytes) });
        assert.deepEqual(unwrapKeyMaterial(wrapped, rsa2048.privateDer, algorithm), material);
      }
    });
  }

  it("does not leave the caller's AES key zeroed (it copies it) and never reuses it between calls", () => {
    const aesKey = randomBytes(32);
    const copy = Buffer.from(aesKey);
    wrapKeyMaterial(randomBytes(32), rsa2048.publicDer, 'RSA_AES_KEY_WRAP_SHA_256', { aesKey });
    assert.deepEqual(aesKey, copy);
    const a = wrapKeyMaterial(Buffer.alloc(32), rsa2048.publicDer, 'RSA_AES_KEY_WRAP_SHA_256');
    const b = wrapKeyMaterial(Buffer.alloc(32), rsa2048.publicDer, 'RSA_AES_KEY_WRAP_SHA_256');
    assert.notDeepEqual(a.subarray(256), b.subarray(256));
  });

  it('needs the same hash to unwrap as to wrap', () => {
    const wrapped = wrapKeyMaterial(randomBytes(32), rsa2048.publicDer, 'RSAES_OAEP_SHA_256');
    assert.throws(() => unwrapKeyMaterial(wrapped, rsa2048.privateDer, 'RSAES_OAEP_SHA_1'), KeyMaterialUnwrapError);
    const hybrid = wrapKeyMaterial(randomBytes(32), rsa2048.publicDer, 'RSA_AES_KEY_WRAP_SHA_1');
    assert.throws(
      () => unwrapKeyMaterial(hybrid, rsa2048.privateDer, 'RSA_AES_KEY_WRAP_SHA_256'),
      KeyMaterialUnwrapError,
    );
  });

  it('reports a direct OAEP blob that is not exactly modulus-length as a size failure', () => {
    const wrapped = wrapKeyMaterial(randomBytes(32), rsa2048.publicDer, 'RSAES_OAEP_SHA_256');
    for (const bad of [wrapped.subarray(0, 255), Buffer.concat([wrapped, Buffer.alloc(1)])]) {
      assert.throws(
        () => unwrapKeyMaterial(bad, rsa2048.privateDer, 'RSAES_OAEP_SHA_256'),
        (e: unknown) => e instanceof KeyMaterialUnwrapError && e.reason === 'size',
      );
    }
  });

  it('reports truncated or tampered RSA_AES_KEY_WRAP blobs as integrity failures', () => {
    const wrapped = wrapKeyMaterial(randomBytes(64), rsa2048.publicDer, 'RSA_AES_KEY_WRAP_SHA_256');
    const tampered = Buffer.from(wrapped);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 0x80;
    const rsaPartOnly = wrapped.subarray(0, 256);
    const misaligned = wrapped.subarray(0, wrapped.length - 3);
    for (const bad of [
      tampered,
      rsaPartOnly,
      misaligned,
      Buffer.concat([wrapped.subarray(256), wrapped.subarray(0, 256)]),
    ]) {
      assert.throws(
        () => unwrapKeyMaterial(bad, rsa2048.privateDer, 'RSA_AES_KEY_WRAP_SHA_256'),
        (e: unknown) => e instanceof KeyMaterialUnwrapError && e.reason === 'integrity',
      );
    }
  });

  it('refuses an RSA part that carries something other than an AES key', () => {
    const notAnAesKey = wrapKeyMaterial(randomBytes(20), rsa2048.publicDer, 'RSAES_OAEP_SHA_256'); // 20 bytes under OAEP
    const blob = Buffer.concat([notAnAesKey, randomBytes(40)]);
    assert.throws(
      () => unwrapKeyMaterial(blob, rsa2048.privateDer, 'RSA_AES_KEY_WRAP_SHA_256'),
      (e: unknown) => e instanceof KeyMaterialUnwrapError && e.reason === 'integrity',
    );
  });

  it('knows the direct OAEP limits of kms-api.md §8.1 (k − 2·hLen − 2)', () => {
    const expected: Array<[number, WrappingAlgorithm, number]> = [
      [2048, 'RSAES_OAEP_SHA_1', 214],
      [2048, 'RSAES_OAEP_SHA_256', 190],
      [3072, 'RSAES_OAEP_SHA_1', 342],
      [3072, 'RSAES_OAEP_SHA_256', 318],
      [4096, 'RSAES_OAEP_SHA_1', 470],
      [4096, 'RSAES_OAEP_SHA_256', 446],
    ];
    for (const [bits, algorithm, limit] of expected) {
      assert.equal(maxDirectWrapBytes(bits, algorithm), limit, `${bits} ${algorithm}`);
    }
    assert.equal(canWrap(241, 'RSA_2048', 'RSAES_OAEP_SHA_256'), false); // P-521 PKCS#8
    assert.equal(canWrap(241, 'RSA_3072', 'RSAES_OAEP_SHA_256'), true);
    assert.equal(canWrap(2374, 'RSA_2048', 'RSA_AES_KEY_WRAP_SHA_1'), true); // RSA_4096 PKCS#8
  });

  it('wraps exactly up to the OAEP limit and refuses one byte more with advice', () => {
    assert.equal(wrapKeyMaterial(randomBytes(190), rsa2048.publicDer, 'RSAES_OAEP_SHA_256').length, 256);
    assert.throws(
      () => wrapKeyMaterial(randomBytes(191), rsa2048.publicDer, 'RSAES_OAEP_SHA_256'),
      /can wrap at most 190 bytes of key material, not 191\. Use an RSA_AES_KEY_WRAP algorithm/,
    );
  });

  it('wraps a 2374-byte RSA_4096 PKCS#8 private key with RSA_AES_KEY_WRAP under every wrapping key size', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 4096 });
    const material = privateKey.export({ format: 'der', type: 'pkcs8' });
    for (const bits of [2048, 3072]) {
      const pair = wrappingPair(bits);
      const wrapped = wrapKeyMaterial(material, pair.publicDer, 'RSA_AES_KEY_WRAP_SHA_256');
      assert.ok(wrapped.length <= 6144, `${wrapped.length} bytes fit KMS's EncryptedKeyMaterial limit`);
      assert.deepEqual(unwrapKeyMaterial(wrapped, pair.privateDer, 'RSA_AES_KEY_WRAP_SHA_256'), material);
    }
  });

  it('refuses a wrapping public key that is not RSA', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    assert.throws(
      () => wrapKeyMaterial(randomBytes(32), publicKey.export({ format: 'der', type: 'spki' }), 'RSAES_OAEP_SHA_256'),
      TypeError,
    );
  });
});
