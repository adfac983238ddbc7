import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureEnvelopeCliBuilt, runEnvelopeCli, sandboxEnv } from './cliSupport';
import { useFixture } from '../support/suiteFixture';
import { envelopeFixture, sha256 } from './support';

/**
 * Faults: `kill -9` the CLI at random moments while it encrypts or decrypts a large file in place. Whatever the
 * moment, the file must be the intact original or a complete, valid result; temp files a killed run leaves are
 * removed by the next run. 8 kills by default, 50 with STRESS=1.
 */

const KILLS = process.env.STRESS === '1' ? 50 : 8;
const MIB = 1024 * 1024;

describe('envelope faults: kill -9 during in-place encrypt/decrypt', function () {
  this.timeout(KILLS * 10_000 + 60_000);
  const f = useFixture(envelopeFixture);
  let key: string;
  before(async () => {
    key = await f.createKey();
    await ensureEnvelopeCliBuilt();
  });

  it(`leaves the original or a complete result, over ${KILLS} random kills`, async () => {
    const path = join(f.dir, 'victim.bin');
    const handle = await open(path, 'w');
    for (let i = 0; i < 4; i++) {
      await handle.write(randomBytes(8 * MIB));
    }
    await handle.close();
    const original = await sha256(path);
    const env = sandboxEnv(f.sandbox, f.dir);
    const check = join(f.dir, 'check.out');
    let encrypted = false;

    const run = (): ReturnType<typeof runEnvelopeCli> =>
      runEnvelopeCli(
        encrypted ? ['decrypt', path, '--in-place', '--key', key] : ['encrypt', path, '--in-place', '--key', key],
        env,
      );

    /** Which state the file is in now: the original plaintext, or a valid envelope of it. */
    const state = async (moment: string): Promise<boolean> => {
      if ((await sha256(path)) === original) {
        return false;
      }
      try {
        await f.engine.decryptFile(path, { keys: { keyArns: [key] }, destination: { path: check, overwrite: true } });
      } catch (error) {
        assert.fail(
          `after a kill ${moment}, the file is neither the original nor a valid envelope: ${(error as Error).message}`,
        );
      }
      assert.equal(await sha256(check), original, `after a kill ${moment}, the envelope does not hold the original`);
      await rm(check);
      return true;
    };

    // Calibrate: how long one full run takes, startup included.
    const started = Date.now();
    const first = await run().done;
    assert.equal(first.code, 0, first.stderr);
    const duration = Date.now() - started;
    encrypted = await state('(none: calibration)');
    assert.equal(encrypted, true);

    const outcomes = { original: 0, result: 0 };
    for (let i = 0; i < KILLS; i++) {
      const before = encrypted;
      const delay = Math.floor(Math.random() * duration * 1.2);
      const cli = run();
      const timer = setTimeout(() => cli.child.kill('SIGKILL'), delay);
      await cli.done;
      clearTimeout(timer);
      encrypted = await state(`${delay} ms into ${before ? 'decrypt' : 'encrypt'}`);
      outcomes[encrypted === before ? 'original' : 'result']++;
    }

    // A run that completes removes the temp files killed runs left behind.
    const last = await run().done;
    assert.equal(last.code, 0, last.stderr);
    await state('(none: final run)');
    assert.deepEqual(
      (await readdir(f.dir)).filter((name) => name.endsWith('.kms-tmp')),
      [],
    );
    assert.equal(outcomes.original + outcomes.result, KILLS);
    assert.ok(outcomes.original > 0, `no kill landed before the rename: ${JSON.stringify(outcomes)}`);
  });
});
