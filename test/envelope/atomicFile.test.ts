import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecryptCommand } from '@aws-sdk/client-kms';
import { commitTemp, discardTemp, openTempBeside, sweepStaleTemps } from '../../src/core/atomicFile';
import { parseEnvelopeHeader } from '../../src/core/envelopeHeader';
import { ConcurrentVerifier, VerifierFailed } from '../../src/aws/envelope/concurrentVerify';
import { useFixture } from '../support/suiteFixture';
import { envelopeFixture } from './support';

describe('core/atomicFile: temp beside, commit, discard, sweep', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kms-atomic-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('writes a private temp file and commits it over the target with the given mode', async () => {
    const target = join(dir, 'target.txt');
    await writeFile(target, 'old');
    const temp = await openTempBeside(target);
    assert.equal((await stat(temp.path)).mode & 0o777, 0o600);
    await temp.handle.write('new');
    assert.equal(await readFile(target, 'utf8'), 'old', 'the target is untouched until the commit');
    await commitTemp(temp, target, { mode: 0o640, overwrite: true });
    assert.equal(await readFile(target, 'utf8'), 'new');
    assert.equal((await stat(target)).mode & 0o777, 0o640);
    assert.deepEqual(await readdir(dir), ['target.txt']);
  });

  it('refuses to replace an existing target unless asked, and discards cleanly', async () => {
    const target = join(dir, 'exists.txt');
    await writeFile(target, 'keep');
    const temp = await openTempBeside(target);
    await assert.rejects(
      commitTemp(temp, target, { mode: 0o644, overwrite: false }),
      (error: NodeJS.ErrnoException) => error.code === 'EEXIST',
    );
    assert.equal(await readFile(target, 'utf8'), 'keep');
    await discardTemp(temp);
    await discardTemp(temp); // twice is harmless: it runs on error paths
    assert.deepEqual(await readdir(dir), ['exists.txt']);
  });

  it('sweeps temp files of processes that no longer run, and keeps those of live ones', async () => {
    const target = join(dir, 'data.bin');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    }).stdout;
    const stale = join(dir, `.data.bin.${dead}.0badf00d.kms-tmp`);
    const live = join(dir, `.data.bin.${process.pid}.0badf00d.kms-tmp`);
    const other = join(dir, `.other.bin.${dead}.0badf00d.kms-tmp`);
    for (const path of [stale, live, other]) {
      await writeFile(path, 'x');
    }
    assert.deepEqual(await sweepStaleTemps(target), [stale]);
    assert.deepEqual((await readdir(dir)).sort(), [
      `.data.bin.${process.pid}.0badf00d.kms-tmp`,
      `.other.bin.${dead}.0badf00d.kms-tmp`,
    ]);
  });
});

describe('envelope concurrent verifier thread', function () {
  this.timeout(60_000);
  const f = useFixture(envelopeFixture);

  it('decrypts the file behind the writer with the given data key, and refuses a wrong key', async () => {
    const key = await f.createKey();
    const plaintext = randomBytes(3 * 1024 * 1024);
    const path = join(f.dir, 'verified.bin');
    await writeFile(path, plaintext);
    await f.engine.encryptFile(path, {
      keys: [key],
      verify: 'off',
      frameLength: 64 * 1024,
      destination: { inPlace: true },
    });
    const stored = await readFile(path);
    const header = parseEnvelopeHeader(stored)!;
    const edk = header.encryptedDataKeys[0];
    const { Plaintext } = await f.kms.send(
      new DecryptCommand({
        KeyId: edk.providerInfo,
        CiphertextBlob: edk.blob,
        EncryptionContext: header.encryptionContext,
      }),
    );

    const good = ConcurrentVerifier.open({ path, maxBodySize: 1 << 20, maxEncryptedDataKeys: 10 })!;
    try {
      good.written(1000); // in steps, as a writer reports them
      good.giveKey(edk.providerInfo, Plaintext!);
      good.written(stored.length);
      assert.deepEqual(Buffer.from(await good.finish(stored.length)), createHash('sha256').update(plaintext).digest());
    } finally {
      await good.dispose();
    }

    const bad = ConcurrentVerifier.open({ path, maxBodySize: 1 << 20, maxEncryptedDataKeys: 10 })!;
    try {
      bad.giveKey(edk.providerInfo, randomBytes(32));
      await assert.rejects(
        bad.finish(stored.length),
        (error: Error) => error instanceof VerifierFailed && bad.signal.aborted,
      );
    } finally {
      await bad.dispose();
    }
  });
});
