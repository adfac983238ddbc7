import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkKeyMaterial,
  defaultWrappingChoice,
  generateKeyMaterial,
  isAllowedChoice,
  loadedSizeNote,
  materialFormat,
  wrappingChoices,
} from '../../../src/core/keyMaterialSpecs';
import {
  unwrapKeyMaterial,
  WRAPPING_ALGORITHMS,
  WRAPPING_KEY_SPECS,
  wrapKeyMaterial,
  wrappingKeyBits,
  type WrappingKeySpec,
} from '../../../src/core/keyMaterialWrap';
import { ECC_CURVE_KEY_SPECS, HMAC_KEY_SPECS, RSA_KEY_SPECS } from '../../../src/sandbox/model';
import { hasOpenssl, opensslOaepEncrypt, opensslRsaAesKeyWrap } from '../../support/openssl';

/** The key specs whose material the extension makes and checks: SM2 and ML-DSA are not importable here. */
const KEY_SPECS = [
  'SYMMETRIC_DEFAULT',
  ...HMAC_KEY_SPECS,
  ...RSA_KEY_SPECS,
  ...ECC_CURVE_KEY_SPECS,
  'ECC_NIST_EDWARDS25519',
] as const;

describe('key material per key spec', function () {
  this.timeout(120_000);
  const generated = new Map<string, Buffer>();
  before(async () => {
    for (const spec of KEY_SPECS) {
      generated.set(spec, await generateKeyMaterial(spec));
    }
  });

  it('generates the format KMS takes for every key spec, and accepts it', async () => {
    const expected: Record<string, (m: Buffer) => boolean> = {
      SYMMETRIC_DEFAULT: (m) => m.length === 32,
      HMAC_224: (m) => m.length === 28,
      HMAC_256: (m) => m.length === 32,
      HMAC_384: (m) => m.length === 48,
      HMAC_512: (m) => m.length === 64,
    };
    for (const spec of KEY_SPECS) {
      const material = generated.get(spec) as Buffer;
      if (expected[spec]) {
        assert.ok(expected[spec](material), `${spec}: ${material.length} bytes`);
      } else {
        const key = createPrivateKey({ key: material, format: 'der', type: 'pkcs8' });
        if (spec.startsWith('RSA_')) {
          assert.equal(key.asymmetricKeyDetails?.modulusLength, Number(spec.slice(4)));
        }
        if (spec === 'ECC_NIST_EDWARDS25519') {
          assert.equal(key.asymmetricKeyType, 'ed25519');
        }
        if (spec.startsWith('ECC_') && spec !== 'ECC_NIST_EDWARDS25519') {
          assert.equal(key.asymmetricKeyType, 'ec');
        }
      }
      assert.doesNotThrow(() => checkKeyMaterial(spec, material), spec);
    }
    assert.notDeepEqual(
      await generateKeyMaterial('SYMMETRIC_DEFAULT'),
      generated.get('SYMMETRIC_DEFAULT'),
      'fresh random bytes each time',
    );
  });

  it('refuses material of the wrong size or kind, saying what the key spec takes', () => {
    assert.throws(() => checkKeyMaterial('SYMMETRIC_DEFAULT', randomBytes(16)), {
      code: 'wrongKeyMaterial',
      message:
        'This is not key material for a SYMMETRIC_DEFAULT key: it has 16 bytes. It must be 32 random bytes (a 256-bit AES key).',
    });
    assert.throws(
      () => checkKeyMaterial('HMAC_384', randomBytes(47)),
      /HMAC_384 key: it has 47 bytes\. It must be 48–128 random bytes/,
    );
    assert.throws(() => checkKeyMaterial('HMAC_224', randomBytes(65)), /it has 65 bytes/);
    assert.doesNotThrow(() => checkKeyMaterial('HMAC_224', randomBytes(64)));
    assert.throws(
      () => checkKeyMaterial('RSA_3072', generated.get('RSA_2048') as Buffer),
      /RSA_3072 key: it is a rsa key of 2048 bits\./,
    );
    assert.throws(
      () => checkKeyMaterial('ECC_NIST_P384', generated.get('ECC_NIST_P256') as Buffer),
      /ECC_NIST_P384 key: it is a ec key on prime256v1\./,
    );
    assert.throws(() => checkKeyMaterial('ECC_NIST_P256', generated.get('RSA_2048') as Buffer), /it is a rsa key/);
    assert.throws(
      () => checkKeyMaterial('ECC_NIST_EDWARDS25519', generated.get('ECC_NIST_P256') as Buffer),
      /it is a ec key/,
    );
    assert.throws(
      () => checkKeyMaterial('RSA_2048', randomBytes(32)),
      /RSA_2048 key: it is not a DER PKCS#8 private key\. It must be an RSA 2048-bit private key, PKCS#8 DER\./,
    );
  });

  it('offers the wrapping combinations KMS allows: RSA keys only with the AES key wrap, P-521 not directly under RSA_2048', () => {
    const allowed = (spec: string): string[] =>
      wrappingChoices(spec)
        .filter((c) => !c.refused)
        .map((c) => `${c.spec}/${c.algorithm}`);
    for (const spec of [
      'SYMMETRIC_DEFAULT',
      'HMAC_512',
      'ECC_NIST_P256',
      'ECC_NIST_P384',
      'ECC_SECG_P256K1',
      'ECC_NIST_EDWARDS25519',
    ]) {
      assert.equal(allowed(spec).length, 12, spec);
    }
    for (const spec of ['RSA_2048', 'RSA_3072', 'RSA_4096']) {
      assert.deepEqual(
        allowed(spec),
        WRAPPING_KEY_SPECS.flatMap((w) => [`${w}/RSA_AES_KEY_WRAP_SHA_1`, `${w}/RSA_AES_KEY_WRAP_SHA_256`]),
        spec,
      );
      assert.match(
        wrappingChoices(spec).find((c) => c.refused)?.refused ?? '',
        /too large to wrap directly: use RSA_AES_KEY_WRAP/,
      );
    }
    assert.deepEqual(
      wrappingChoices('ECC_NIST_P521')
        .filter((c) => c.refused)
        .map((c) => `${c.spec}/${c.algorithm}`),
      ['RSA_2048/RSAES_OAEP_SHA_1', 'RSA_2048/RSAES_OAEP_SHA_256'],
    );
    assert.deepEqual(defaultWrappingChoice('SYMMETRIC_DEFAULT'), { spec: 'RSA_2048', algorithm: 'RSAES_OAEP_SHA_256' });
    assert.deepEqual(defaultWrappingChoice('RSA_4096'), { spec: 'RSA_4096', algorithm: 'RSA_AES_KEY_WRAP_SHA_256' });
    assert.equal(isAllowedChoice('ECC_NIST_P521', 'RSA_3072', 'RSAES_OAEP_SHA_1'), true);
    assert.equal(materialFormat('ECC_NIST_P256'), 'an ECC_NIST_P256 private key, PKCS#8 DER');
  });

  it('states the size of loaded material only where the key spec leaves it open: the page\'s hint says "32 random bytes" once', () => {
    assert.equal(materialFormat('SYMMETRIC_DEFAULT'), '32 random bytes (a 256-bit AES key)');
    assert.equal(loadedSizeNote('SYMMETRIC_DEFAULT', 32), '');
    assert.equal(loadedSizeNote('RSA_2048', 1217), '');
    assert.equal(loadedSizeNote('HMAC_256', 48), ' (48 bytes)');
  });

  describe('wrapping every algorithm × wrapping key spec, checked by unwrapping with the private key', () => {
    for (const wrappingSpec of WRAPPING_KEY_SPECS) {
      it(wrappingSpec, () => {
        const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: wrappingKeyBits(wrappingSpec) });
        const publicDer = publicKey.export({ format: 'der', type: 'spki' });
        for (const algorithm of WRAPPING_ALGORITHMS) {
          for (const keySpec of KEY_SPECS) {
            if (!isAllowedChoice(keySpec, wrappingSpec, algorithm)) {
              continue;
            }
            const material = generated.get(keySpec) as Buffer;
            const wrapped = wrapKeyMaterial(material, publicDer, algorithm);
            assert.deepEqual(
              unwrapKeyMaterial(wrapped, privateKey, algorithm),
              material,
              `${keySpec} ${algorithm} ${wrappingSpec}`,
            );
          }
        }
      });
    }
  });

  describe('material wrapped by the openssl CLI unwraps, for every algorithm × wrapping key spec', () => {
    let dir: string;
    before(function () {
      if (!hasOpenssl) {
        this.skip();
      }
      dir = mkdtempSync(join(tmpdir(), 'kms-wrap-openssl-'));
    });
    after(() => {
      if (dir) {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    for (const wrappingSpec of WRAPPING_KEY_SPECS) {
      it(wrappingSpec, () => {
        const { publicKey, privateKey } = generateKeyPairSync('rsa', {
          modulusLength: wrappingKeyBits(wrappingSpec as WrappingKeySpec),
        });
        writeFileSync(join(dir, 'WrappingPublicKey.der'), publicKey.export({ format: 'der', type: 'spki' }));
        for (const algorithm of WRAPPING_ALGORITHMS) {
          const hash = algorithm.endsWith('SHA_1') ? 'sha1' : 'sha256';
          const keySpec = algorithm.startsWith('RSA_AES') ? 'RSA_2048' : 'SYMMETRIC_DEFAULT';
          const material = generated.get(keySpec) as Buffer;
          writeFileSync(join(dir, 'PlaintextKeyMaterial.bin'), material);
          let blob: Buffer;
          if (algorithm.startsWith('RSA_AES')) {
            blob = opensslRsaAesKeyWrap(dir, 'WrappingPublicKey.der', 'PlaintextKeyMaterial.bin', hash);
          } else {
            opensslOaepEncrypt(
              dir,
              'WrappingPublicKey.der',
              'PlaintextKeyMaterial.bin',
              'EncryptedKeyMaterial.bin',
              hash,
            );
            blob = readFileSync(join(dir, 'EncryptedKeyMaterial.bin'));
          }
          assert.deepEqual(unwrapKeyMaterial(blob, privateKey, algorithm), material, `${algorithm} ${wrappingSpec}`);
        }
      });
    }
  });
});
