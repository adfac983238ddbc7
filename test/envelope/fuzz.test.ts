import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { access, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dearmor } from '../../src/core/armor';
import { KmsExtensionError } from '../../src/core/errors';
import { useFixture } from '../support/suiteFixture';
import { envelopeFixture } from './support';
import { mulberry32 } from '../support/prng';

/**
 * Mutated and truncated envelopes into decrypt: each must end in a clean KmsExtensionError with a known code,
 * never a crash, never an output file, never a temp file. 1,000 cases by default, 10,000 with STRESS=1
 * (FUZZ_SEED=n replays a run).
 */

const STRESS = process.env.STRESS === '1';
const CASES = STRESS ? 10_000 : 1_000;
const STREAMED_CASES = STRESS ? 100 : 8;
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

const EXPECTED_CODES = new Set([
  'NotEncrypted',
  'Truncated',
  'Tampered',
  'InvalidArmor',
  'UnsupportedMessage',
  'TooManyDataKeys',
  'FrameTooLarge',
  'NoMatchingKey',
  'KeyNotFound',
  'AccessDenied',
]);

function mutate(bytes: Buffer, random: () => number): { bytes: Buffer; how: string } {
  const at = Math.floor(random() * bytes.length);
  const out = Buffer.from(bytes);
  switch (Math.floor(random() * 7)) {
    case 0:
      out[at] ^= 1 << Math.floor(random() * 8);
      return { bytes: out, how: `flip bit at ${at}` };
    case 1:
      out[at] = (out[at] + 1 + Math.floor(random() * 255)) & 0xff;
      return { bytes: out, how: `set byte ${at}` };
    case 2:
      return { bytes: out.subarray(0, at), how: `truncate to ${at}` };
    case 3:
      return { bytes: Buffer.concat([out, randomBytes(1 + Math.floor(random() * 40))]), how: 'append' };
    case 4: {
      const length = 1 + Math.floor(random() * 64);
      return {
        bytes: Buffer.concat([out.subarray(0, at), out.subarray(at + length)]),
        how: `delete ${length} at ${at}`,
      };
    }
    case 5: {
      const length = 1 + Math.floor(random() * 64);
      return {
        bytes: Buffer.concat([out.subarray(0, at), out.subarray(at, at + length), out.subarray(at)]),
        how: `duplicate ${length} at ${at}`,
      };
    }
    default: {
      const positions = new Set(Array.from({ length: 4 }, () => Math.floor(random() * out.length)));
      for (const position of positions) {
        out[position] ^= 0xff;
      }
      return { bytes: out, how: `invert bytes ${[...positions].join(', ')}` };
    }
  }
}

describe('envelope fuzz: damaged files into decrypt', function () {
  this.timeout(STRESS ? 900_000 : 120_000);
  const f = useFixture(envelopeFixture);
  const seeds: Array<{ name: string; stored: Buffer; plaintext: Buffer; armoured: boolean }> = [];
  before(async () => {
    const [a, b] = [await f.createKey(), await f.createKey()];
    const specs = [
      { name: 'signed.bin', plaintext: randomBytes(3000), options: { frameLength: 1024 } },
      {
        name: 'unsigned.bin',
        plaintext: randomBytes(2000),
        options: { frameLength: 700, suite: 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY' as const },
      },
      {
        name: 'text.txt',
        plaintext: Buffer.from('armoured text\n'.repeat(150)),
        options: { keys: [a, b], context: { k: 'v' } },
      },
      { name: 'empty.bin', plaintext: Buffer.alloc(0), options: { armor: 'binary' as const } },
    ];
    for (const { name, plaintext, options } of specs) {
      const path = join(f.dir, `seed-${name}`);
      await writeFile(path, plaintext);
      const result = await f.engine.encryptFile(path, { keys: [a], ...options, destination: { inPlace: true } });
      seeds.push({ name, stored: await readFile(path), plaintext, armoured: result.encoding === 'base64' });
    }
  });

  async function attempt(
    stored: Buffer,
    how: string,
    seed: { stored: Buffer; plaintext: Buffer; armoured: boolean },
  ): Promise<'refused' | 'neutral'> {
    const input = join(f.dir, 'case');
    const output = join(f.dir, 'case.out');
    await writeFile(input, stored);
    try {
      await f.engine.decryptFile(input, { keys: { discovery: true }, destination: { path: output } });
    } catch (error) {
      if (!(error instanceof KmsExtensionError) || !EXPECTED_CODES.has(error.code)) {
        assert.fail(
          `seed ${SEED}, ${how}: unexpected ${error instanceof KmsExtensionError ? error.code : (error as Error).name}: ${(error as Error).message}`,
        );
      }
      await assert.rejects(access(output), `seed ${SEED}, ${how}: output left behind`);
      return 'refused';
    }
    // Only a change that decodes to the very same message may succeed (armour whitespace or unused padding bits).
    assert.ok(
      seed.armoured && dearmor(stored).equals(dearmor(seed.stored)),
      `seed ${SEED}, ${how}: a damaged file decrypted`,
    );
    assert.deepEqual(await readFile(output), seed.plaintext);
    await writeFile(output, '');
    await import('node:fs/promises').then(async ({ rm }) => rm(output));
    return 'neutral';
  }

  it(`refuses ${CASES} mutated or truncated small envelopes cleanly (seed ${SEED})`, async () => {
    const random = mulberry32(SEED);
    const outcomes = { refused: 0, neutral: 0 };
    for (let i = 0; i < CASES; i++) {
      const seed = seeds[i % seeds.length];
      const { bytes, how } = mutate(seed.stored, random);
      outcomes[await attempt(bytes, `${seed.name}: ${how}`, seed)]++;
    }
    assert.ok(outcomes.refused >= CASES * 0.95, JSON.stringify(outcomes));
    assert.deepEqual(
      (await readdir(f.dir)).filter((name) => name.endsWith('.kms-tmp')),
      [],
    );
  });

  it(`refuses ${STREAMED_CASES} damaged large (streamed) envelopes cleanly`, async () => {
    const random = mulberry32(SEED + 1);
    const path = join(f.dir, 'large.bin');
    const plaintext = randomBytes(5 * 1024 * 1024);
    await writeFile(path, plaintext);
    await f.engine.encryptFile(path, {
      keys: [await f.createKey()],
      frameLength: 64 * 1024,
      destination: { inPlace: true },
    });
    const seed = { stored: await readFile(path), plaintext, armoured: false };
    for (let i = 0; i < STREAMED_CASES; i++) {
      const { bytes, how } = mutate(seed.stored, random);
      assert.equal(await attempt(bytes, `large: ${how}`, seed), 'refused');
    }
    assert.deepEqual(
      (await readdir(f.dir)).filter((name) => name.endsWith('.kms-tmp')),
      [],
    );
  });
});
