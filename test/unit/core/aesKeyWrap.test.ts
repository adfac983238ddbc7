import assert from 'node:assert/strict';
import { createCipheriv, getCiphers, randomBytes } from 'node:crypto';
import { aesKeyUnwrapPad, aesKeyWrapPad, KeyUnwrapError } from '../../../src/core/aesKeyWrap';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s/g, ''), 'hex');

/** OpenSSL's own RFC 5649 implementation, as `openssl enc -id-aesNNN-wrap-pad` uses it: an independent reference. */
function opensslWrapPad(kek: Buffer, plaintext: Buffer): Buffer {
  const cipher = createCipheriv(`id-aes${kek.length * 8}-wrap-pad`, kek, hex('A65959A6'));
  return Buffer.concat([cipher.update(plaintext), cipher.final()]);
}

/** RFC 3394 wrap (no padding) with a chosen IV: lets a test build wrapped data with a forged length indicator or padding. */
function rfc3394Wrap(kek: Buffer, iv: Buffer, plaintext: Buffer): Buffer {
  const cipher = createCipheriv(`id-aes${kek.length * 8}-wrap`, kek, iv);
  return Buffer.concat([cipher.update(plaintext), cipher.final()]);
}

describe('AES key wrap with padding (RFC 5649)', () => {
  const kek192 = hex('5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8');

  it('wraps RFC 5649 §6 test vector 1 (20 octets, 192-bit KEK)', () => {
    const wrapped = aesKeyWrapPad(kek192, hex('c37b7e6492584340bed12207808941155068f738'));
    assert.equal(wrapped.toString('hex'), '138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a');
  });

  it('wraps RFC 5649 §6 test vector 2 (7 octets: the single-block case)', () => {
    assert.equal(aesKeyWrapPad(kek192, hex('466f7250617369')).toString('hex'), 'afbeb0f07dfbf5419200f2ccb50bb24f');
  });

  it('unwraps both RFC 5649 test vectors', () => {
    assert.equal(
      aesKeyUnwrapPad(kek192, hex('138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a')).toString('hex'),
      'c37b7e6492584340bed12207808941155068f738',
    );
    assert.equal(aesKeyUnwrapPad(kek192, hex('afbeb0f07dfbf5419200f2ccb50bb24f')).toString('hex'), '466f7250617369');
  });

  for (const kekBytes of [16, 24, 32]) {
    it(`matches OpenSSL id-aes${kekBytes * 8}-wrap-pad and round-trips for every length from 1 to 80 bytes and for 2374 bytes`, function () {
      if (!getCiphers().includes(`id-aes${kekBytes * 8}-wrap-pad`)) {
        this.skip();
      }
      const lengths = [...Array.from({ length: 80 }, (_, i) => i + 1), 2374];
      for (const length of lengths) {
        const kek = randomBytes(kekBytes);
        const plaintext = randomBytes(length);
        const wrapped = aesKeyWrapPad(kek, plaintext);
        assert.equal(wrapped.length, 8 + Math.ceil(length / 8) * 8, `length ${length}`);
        assert.deepEqual(wrapped, opensslWrapPad(kek, plaintext), `length ${length}`);
        assert.deepEqual(aesKeyUnwrapPad(kek, wrapped), plaintext, `length ${length}`);
      }
    });
  }

  it('refuses to unwrap under the wrong key-encryption key', () => {
    const wrapped = aesKeyWrapPad(randomBytes(32), randomBytes(32));
    assert.throws(() => aesKeyUnwrapPad(randomBytes(32), wrapped), KeyUnwrapError);
  });

  it('detects a change to any byte of the wrapped data', () => {
    const kek = randomBytes(32);
    const wrapped = aesKeyWrapPad(kek, randomBytes(45));
    for (let i = 0; i < wrapped.length; i++) {
      const tampered = Buffer.from(wrapped);
      tampered[i] = (tampered[i] as number) ^ 0x01;
      assert.throws(() => aesKeyUnwrapPad(kek, tampered), KeyUnwrapError, `byte ${i}`);
    }
  });

  it('refuses truncated, extended and misaligned input', () => {
    const kek = randomBytes(16);
    const wrapped = aesKeyWrapPad(kek, randomBytes(32));
    for (const bad of [
      wrapped.subarray(0, 32),
      wrapped.subarray(0, 39),
      Buffer.concat([wrapped, randomBytes(8)]),
      Buffer.alloc(0),
      Buffer.alloc(8),
    ]) {
      assert.throws(() => aesKeyUnwrapPad(kek, bad), KeyUnwrapError, `length ${bad.length}`);
    }
  });

  it('checks the length indicator against the number of blocks', () => {
    const kek = randomBytes(32);
    // Two semiblocks of data can carry 9 to 16 bytes; 8 and 17 are out of range even though the IV constant is right.
    assert.throws(
      () => aesKeyUnwrapPad(kek, rfc3394Wrap(kek, hex('A65959A6 00000008'), Buffer.alloc(16))),
      KeyUnwrapError,
    );
    assert.throws(
      () => aesKeyUnwrapPad(kek, rfc3394Wrap(kek, hex('A65959A6 00000011'), Buffer.alloc(16))),
      KeyUnwrapError,
    );
    assert.throws(
      () => aesKeyUnwrapPad(kek, rfc3394Wrap(kek, hex('A6A6A6A6 00000010'), Buffer.alloc(16))),
      KeyUnwrapError,
    );
  });

  it('checks that the padding bytes are zero', () => {
    const kek = randomBytes(32);
    const data = Buffer.alloc(16, 0);
    data.fill(7, 0, 9);
    assert.deepEqual(aesKeyUnwrapPad(kek, rfc3394Wrap(kek, hex('A65959A6 00000009'), data)), data.subarray(0, 9));
    data[15] = 1;
    assert.throws(() => aesKeyUnwrapPad(kek, rfc3394Wrap(kek, hex('A65959A6 00000009'), data)), KeyUnwrapError);
  });

  it('refuses key-encryption keys that are not 128, 192 or 256 bits, and empty plaintext', () => {
    assert.throws(() => aesKeyWrapPad(randomBytes(20), randomBytes(16)), RangeError);
    assert.throws(() => aesKeyUnwrapPad(randomBytes(8), randomBytes(24)), RangeError);
    assert.throws(() => aesKeyWrapPad(randomBytes(32), Buffer.alloc(0)), RangeError);
  });
});
