import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isCancelled } from '../../src/core/errors';
import type { Phase } from '../../src/aws/envelope/types';
import { useFixture } from '../support/suiteFixture';
import { envelopeFixture, sha256, strayFiles } from './support';

/** Streaming: a file over 64 MiB with flat memory, atomic in-place replacement, and cancellation at any phase. */

const MIB = 1024 * 1024;

async function randomFile(path: string, bytes: number): Promise<void> {
  const handle = await open(path, 'w');
  for (let done = 0; done < bytes; done += 8 * MIB) {
    await handle.write(randomBytes(Math.min(8 * MIB, bytes - done)));
  }
  await handle.close();
}

describe('envelope engine: large files', function () {
  this.timeout(120_000);
  const f = useFixture(envelopeFixture);
  let key: string;
  let big: string;
  let bigHash: string;
  before(async () => {
    key = await f.createKey();
    big = join(f.dir, 'big.bin');
    await randomFile(big, 64 * MIB + 12_345);
    bigHash = await sha256(big);
  });

  it('encrypts and decrypts a file over 64 MiB in place with flat memory, one GenerateDataKey and one Decrypt each', async () => {
    // Warm up first, streamed too: loading the Encryption SDK (here and in a verifier thread) is not the file's cost.
    const small = join(f.dir, 'warm.bin');
    await writeFile(small, randomBytes(6 * MIB));
    await f.engine.encryptFile(small, { keys: [key], destination: { inPlace: true } });
    await f.engine.decryptFile(small, { keys: { keyArns: [key] }, destination: { inPlace: true } });
    await rm(small);
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let sawTemp = false;
    let original = statSync(big).ino;
    const onProgress = (): void => {
      peak = Math.max(peak, process.memoryUsage().rss);
      // While it runs, the original is still in place and the result grows in a private temp file beside it.
      assert.equal(statSync(big).ino, original);
      const temps = readdirSync(f.dir).filter((name) => name.endsWith('.kms-tmp'));
      if (temps.length > 0) {
        sawTemp = true;
        assert.equal(statSync(join(f.dir, temps[0])).mode & 0o777, 0o600);
      }
    };
    const encrypted = await f.engine.encryptFile(big, { keys: [key], destination: { inPlace: true } }, { onProgress });
    assert.ok(sawTemp);
    assert.notEqual(statSync(big).ino, original, 'replaced by rename');
    assert.deepEqual(encrypted.kmsCalls, { GenerateDataKey: 1, Encrypt: 0, Decrypt: 1 });
    assert.equal(encrypted.encoding, 'binary');
    const info = await f.engine.inspectFile(big);
    assert.equal(info.body?.plaintextSize, 64 * MIB + 12_345);
    original = statSync(big).ino;

    const decrypted = await f.engine.decryptFile(
      big,
      { keys: { keyArns: [key] }, destination: { inPlace: true } },
      { onProgress },
    );
    assert.deepEqual(decrypted.kmsCalls, { GenerateDataKey: 0, Encrypt: 0, Decrypt: 1 });
    assert.equal(await sha256(big), bigHash);
    const growth = (peak - baseline) / MIB;
    assert.ok(growth < 64, `memory grew by ${growth.toFixed(0)} MiB for a 64 MiB file`);
    assert.deepEqual(await strayFiles(f.dir, ['big.bin']), []);
  });

  for (const [phase, at] of [
    ['encrypting', 1 / 3],
    ['encrypting', 0.95],
    ['verifying', 0.5],
  ] as Array<[Phase, number]>) {
    it(`cancel while ${phase} (${Math.round(at * 100)} %): the original stays byte-identical and no temp file remains`, async () => {
      const controller = new AbortController();
      // `verify: dataKey` then `full` in a batch would not stream-verify; a batch of one verifies after writing.
      const options = { keys: [key], verify: 'full' as const, destination: { inPlace: true as const } };
      const control = {
        signal: controller.signal,
        onProgress: (p: { phase: Phase; bytesDone: number; bytesTotal: number }) => {
          if (p.phase === phase && p.bytesDone > p.bytesTotal * at) {
            controller.abort();
          }
        },
      };
      const run =
        phase === 'verifying'
          ? f.engine.encryptFiles([{ path: big, destination: options.destination }], options, control).then((items) => {
              if (!items[0].ok) {
                throw items[0].error;
              }
            })
          : f.engine.encryptFile(big, options, control);
      await assert.rejects(run, (error: Error) => isCancelled(error));
      assert.equal(await sha256(big), bigHash);
      assert.deepEqual(await strayFiles(f.dir, ['big.bin']), []);
    });
  }

  it('stops early when the new file could not be decrypted (kms:Decrypt denied), leaving the original', async () => {
    let furthest = 0;
    const allow = f.deny('Decrypt');
    try {
      await assert.rejects(
        f.engine.encryptFile(
          big,
          { keys: [key], verify: 'full', destination: { inPlace: true } },
          {
            onProgress: (p) => {
              furthest = Math.max(furthest, p.bytesDone / p.bytesTotal);
            },
          },
        ),
        (error: Error & { code?: string }) => error.code === 'Unrecoverable' && /kms:Decrypt/.test(error.message),
      );
    } finally {
      allow();
    }
    assert.ok(furthest < 1, 'it stopped before encrypting the whole file');
    assert.equal(await sha256(big), bigHash);
    assert.deepEqual(await strayFiles(f.dir, ['big.bin']), []);
  });

  it('cancel while decrypting: the encrypted original stays and no plaintext is left', async () => {
    const copy = join(f.dir, 'big.enc');
    await f.engine.encryptFile(big, { keys: [key], verify: 'off', destination: { path: copy } });
    const encryptedHash = await sha256(copy);
    const controller = new AbortController();
    await assert.rejects(
      f.engine.decryptFile(
        copy,
        { keys: { keyArns: [key] }, destination: { inPlace: true } },
        {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.bytesDone > p.bytesTotal / 2) {
              controller.abort();
            }
          },
        },
      ),
      (error: Error) => isCancelled(error),
    );
    assert.equal(await sha256(copy), encryptedHash);
    assert.deepEqual(await strayFiles(f.dir, ['big.bin', 'big.enc']), []);
    await assert.rejects(
      f.engine.decryptFile(
        copy,
        { keys: { keyArns: [key] }, destination: { inPlace: true } },
        { signal: AbortSignal.abort() },
      ),
      (error: Error) => isCancelled(error),
    );
  });

  it('streams text as base64, and switches to binary when text turns out binary after the first chunk', async () => {
    const text = join(f.dir, 'log.txt');
    const line = 'INFO 2026-01-01 something happened, été\n';
    await writeFile(text, line.repeat(Math.ceil((5 * MIB) / line.length)));
    const textHash = await sha256(text);
    assert.equal(
      (await f.engine.encryptFile(text, { keys: [key], destination: { inPlace: true } })).encoding,
      'base64',
    );
    assert.match((await readFile(text)).subarray(0, 4).toString(), /^AgV4/);
    await f.engine.decryptFile(text, { keys: { keyArns: [key] }, destination: { inPlace: true } });
    assert.equal(await sha256(text), textHash);

    const mixed = join(f.dir, 'mixed.dat');
    await writeFile(mixed, Buffer.concat([Buffer.from(line.repeat(150_000)), Buffer.from([0, 1, 2])]));
    const mixedHash = await sha256(mixed);
    assert.equal(
      (await f.engine.encryptFile(mixed, { keys: [key], destination: { inPlace: true } })).encoding,
      'binary',
    );
    assert.equal((await f.engine.inspectFile(mixed)).encoding, 'binary');
    await f.engine.decryptFile(mixed, { keys: { keyArns: [key] }, destination: { inPlace: true } });
    assert.equal(await sha256(mixed), mixedHash);
    assert.ok((await stat(mixed)).size > 5 * MIB);
  });
});
