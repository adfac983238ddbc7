import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { armor, ArmorDecoder, ArmorEncoder, ArmorError, armorStream, dearmor } from '../../../src/core/armor';

/** coreutils `base64` wraps at 76 columns by default: an independent reference for the armour. */
function coreutilsBase64(bytes: Buffer): Buffer | undefined {
  try {
    return execFileSync('base64', [], { input: bytes });
  } catch {
    return undefined;
  }
}

/** Feeds `bytes` to a codec in random-sized pieces. */
function inPieces(codec: ArmorEncoder | ArmorDecoder, bytes: Buffer): Buffer {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length;) {
    const size = 1 + Math.floor(Math.random() * 100);
    out.push(codec.update(bytes.subarray(at, at + size)));
    at += size;
  }
  out.push(codec.final());
  return Buffer.concat(out);
}

describe('core/armor', () => {
  it('writes 76-column lines ending in LF, byte for byte as coreutils base64 does', function () {
    for (const size of [1, 56, 57, 58, 114, 1000, 4096]) {
      const bytes = randomBytes(size);
      const reference = coreutilsBase64(bytes);
      if (!reference) {
        this.skip();
      }
      assert.deepEqual(armor(bytes), reference, `size ${size}`);
    }
  });

  it('has only full 76-character lines but the last, and ends with LF', () => {
    const text = armor(randomBytes(1000)).toString('latin1');
    const lines = text.split('\n');
    assert.equal(lines.pop(), '');
    assert.ok(lines.slice(0, -1).every((line) => line.length === 76));
    assert.ok(lines.at(-1)!.length <= 76);
  });

  it('armours nothing as nothing', () => {
    assert.equal(armor(Buffer.alloc(0)).length, 0);
  });

  it('encodes and decodes the same whatever the chunking', () => {
    for (let size = 0; size < 400; size += 7) {
      const bytes = randomBytes(size);
      const armoured = inPieces(new ArmorEncoder(), bytes);
      assert.deepEqual(armoured, armor(bytes));
      assert.deepEqual(inPieces(new ArmorDecoder(), armoured), bytes);
    }
  });

  it('reads CRLF, other line lengths and a single line', () => {
    const bytes = randomBytes(500);
    const single = Buffer.from(bytes.toString('base64'));
    const crlf = Buffer.from(armor(bytes).toString('latin1').replace(/\n/g, '\r\n'));
    const width64 = Buffer.from(bytes.toString('base64').replace(/(.{64})/g, '$1\n'));
    for (const text of [single, crlf, width64]) {
      assert.deepEqual(dearmor(text), bytes);
    }
  });

  it('refuses characters outside the base64 alphabet, naming the offset', () => {
    const text = armor(randomBytes(100));
    text[10] = '*'.charCodeAt(0);
    assert.throws(
      () => dearmor(text),
      (error: ArmorError) =>
        error instanceof ArmorError && error.offset === 10 && /0x2a at offset 10/.test(error.message),
    );
    assert.throws(() => dearmor(Buffer.from('AAAA\u00e9AAA')), ArmorError);
  });

  it('refuses data after padding, more than two padding characters, and an unfinished group', () => {
    assert.throws(() => dearmor(Buffer.from('AA==AAAA')), /after its padding/);
    assert.throws(() => dearmor(Buffer.from('A===')), ArmorError);
    assert.throws(() => dearmor(Buffer.from('AAAAA')), /middle of a 4-character group/);
    assert.throws(() => dearmor(Buffer.from('AAA')), /middle of a 4-character group/);
  });

  it('fails the stream with an ArmorError, and passes data through otherwise', async () => {
    const bytes = randomBytes(10_000);
    const out: Buffer[] = [];
    await pipeline(
      Readable.from([armor(bytes)]),
      armorStream(new ArmorDecoder()),
      async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) {
          out.push(chunk);
        }
      },
    );
    assert.deepEqual(Buffer.concat(out), bytes);
    await assert.rejects(
      pipeline(
        Readable.from([Buffer.from('AAAA!')]),
        armorStream(new ArmorDecoder()),
        async (source: AsyncIterable<Buffer>) => {
          for await (const _ of source) {
            /* drain */
          }
        },
      ),
      ArmorError,
    );
  });
});
