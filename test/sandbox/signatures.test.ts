import * as assert from 'node:assert/strict';
import { constants, createHash, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { signDigestEcdsa, verifyDigestEcdsa } from '../../src/sandbox/signatures/ecdsaDigest';
import { signEd25519ph, verifyEd25519ph } from '../../src/sandbox/signatures/ed25519ph';
import {
  signDigestPkcs1,
  signDigestPss,
  verifyDigestPkcs1,
  verifyDigestPss,
  type RsaHash,
} from '../../src/sandbox/signatures/rsaDigest';

/** The sandbox's own signature encoders (MessageType DIGEST, Ed25519ph), checked against Node/OpenSSL and RFC 8032. */

const message = Buffer.from('the sandbox signs what it is given');
const digestOf = (hash: string, data: Buffer): Buffer => createHash(hash).update(data).digest();

describe('sandbox signature primitives', () => {
  describe('ECDSA over a caller digest', () => {
    const curves = {
      'P-256': 'prime256v1',
      'P-384': 'secp384r1',
      'P-521': 'secp521r1',
      secp256k1: 'secp256k1',
    } as const;

    for (const [name, openssl] of Object.entries(curves)) {
      for (const hash of ['sha256', 'sha384', 'sha512']) {
        it(`signs a ${hash} digest on ${name} so that Node verifies it over the message, and back`, () => {
          const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: openssl });
          const ours = signDigestEcdsa(privateKey, digestOf(hash, message));
          assert.ok(verify(hash, message, { key: publicKey, dsaEncoding: 'der' }, ours));
          const theirs = sign(hash, message, { key: privateKey, dsaEncoding: 'der' });
          assert.ok(verifyDigestEcdsa(publicKey, digestOf(hash, message), theirs));
          assert.ok(!verifyDigestEcdsa(publicKey, digestOf(hash, Buffer.from('other')), theirs));
        });
      }
    }

    it('rejects signatures that are not strict DER', () => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const digest = digestOf('sha256', message);
      const good = signDigestEcdsa(privateKey, digest);
      assert.ok(!verifyDigestEcdsa(publicKey, digest, Buffer.concat([good, Buffer.from([0])])));
      assert.ok(!verifyDigestEcdsa(publicKey, digest, good.subarray(0, good.length - 1)));
      assert.ok(!verifyDigestEcdsa(publicKey, digest, Buffer.alloc(0)));
    });
  });

  describe('RSA over a caller digest', () => {
    let keys: { privateKey: KeyObject; publicKey: KeyObject };
    before(() => {
      keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    });

    for (const hash of ['sha256', 'sha384', 'sha512'] as RsaHash[]) {
      it(`PKCS#1 v1.5 with ${hash} matches Node both ways`, () => {
        const ours = signDigestPkcs1(keys.privateKey, hash, digestOf(hash, message));
        assert.ok(verify(hash, message, keys.publicKey, ours));
        assert.ok(
          verifyDigestPkcs1(keys.publicKey, hash, digestOf(hash, message), sign(hash, message, keys.privateKey)),
        );
        assert.ok(!verifyDigestPkcs1(keys.publicKey, hash, digestOf(hash, Buffer.from('x')), ours));
      });

      it(`PSS with ${hash} and salt length = hash length matches Node both ways`, () => {
        const pss = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
        const ours = signDigestPss(keys.privateKey, hash, digestOf(hash, message));
        assert.ok(verify(hash, message, { key: keys.publicKey, ...pss }, ours));
        const theirs = sign(hash, message, { key: keys.privateKey, ...pss });
        assert.ok(verifyDigestPss(keys.publicKey, hash, digestOf(hash, message), theirs));
        assert.ok(!verifyDigestPss(keys.publicKey, hash, digestOf(hash, Buffer.from('x')), theirs));
      });
    }

    it('handles a modulus whose bit length is 1 mod 8 (PSS encoding one byte shorter)', () => {
      const odd = generateKeyPairSync('rsa', { modulusLength: 1025 });
      const pss = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
      const ours = signDigestPss(odd.privateKey, 'sha256', digestOf('sha256', message));
      assert.ok(verify('sha256', message, { key: odd.publicKey, ...pss }, ours));
      assert.ok(verifyDigestPss(odd.publicKey, 'sha256', digestOf('sha256', message), ours));
    });
  });

  describe('Ed25519ph', () => {
    it('reproduces the RFC 8032 §7.3 test vector', () => {
      const seed = Buffer.from('833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42', 'hex');
      const publicKey = Buffer.from('ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf', 'hex');
      const signature = signEd25519ph(seed, Buffer.from('abc'));
      assert.equal(
        signature.toString('hex'),
        '98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae41' +
          '31f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406',
      );
      assert.ok(verifyEd25519ph(publicKey, Buffer.from('abc'), signature));
      assert.ok(!verifyEd25519ph(publicKey, Buffer.from('abd'), signature));
    });

    it('does not accept a pure Ed25519 signature as Ed25519ph', () => {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
      assert.ok(!verifyEd25519ph(raw, message, sign(null, message, privateKey)));
    });
  });
});
