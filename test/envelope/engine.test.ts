import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KmsExtensionError } from '../../src/core/errors';
import { useFixture } from '../support/suiteFixture';
import { count, envelopeFixture, strayFiles } from './support';

/** The envelope engine end to end: real ESDK, KMS keyrings, the sandbox KMS over HTTP. */

const hasCode =
  (code: string) =>
  (error: unknown): boolean => {
    assert.equal((error as KmsExtensionError).code, code, (error as Error).message);
    return true;
  };

describe('envelope engine: encrypt and decrypt files', () => {
  const f = useFixture(envelopeFixture);
  let key: string;
  before(async () => {
    key = await f.createKey();
  });

  const file = async (name: string, content: string | Buffer): Promise<string> => {
    const path = join(f.dir, name);
    await writeFile(path, content);
    return path;
  };

  it('armours a text file in 76-column base64 lines and decrypts it back in place', async () => {
    const text = 'line one\nligne deux, été\n'.repeat(300); // > 4 KiB: KMS Encrypt could not take it
    const path = await file('notes.txt', text);
    const result = await f.engine.encryptFile(path, {
      keys: [key],
      context: { purpose: 'notes' },
      destination: { inPlace: true },
    });
    assert.equal(result.encoding, 'base64');
    assert.deepEqual(result.keyArns, [key]);
    const stored = await readFile(path, 'latin1');
    assert.match(stored, /^AgV4/);
    assert.ok(
      stored
        .split('\n')
        .slice(0, -2)
        .every((line) => line.length === 76),
    );
    assert.ok(stored.endsWith('\n'));
    const back = await f.engine.decryptFile(path, { keys: { keyArns: [key] }, destination: { inPlace: true } });
    assert.deepEqual(back.context, { purpose: 'notes' });
    assert.equal(await readFile(path, 'utf8'), text);
    assert.deepEqual(await strayFiles(f.dir, ['notes.txt']), []);
  });

  it('keeps the raw message for a binary file, and honours armour base64/binary when asked', async () => {
    const bytes = Buffer.concat([Buffer.from([0, 1, 2]), randomBytes(10_000)]);
    const path = await file('data.bin', bytes);
    const raw = await f.engine.encryptFile(path, { keys: [key], destination: { path: `${path}.enc` } });
    assert.equal(raw.encoding, 'binary');
    assert.deepEqual([...(await readFile(`${path}.enc`)).subarray(0, 3)], [0x02, 0x05, 0x78]);
    const forced = await f.engine.encryptFile(path, {
      keys: [key],
      armor: 'base64',
      destination: { path: `${path}.b64` },
    });
    assert.equal(forced.encoding, 'base64');
    const text = await file('text.txt', 'text');
    assert.equal(
      (await f.engine.encryptFile(text, { keys: [key], armor: 'binary', destination: { path: `${text}.enc` } }))
        .encoding,
      'binary',
    );
    for (const encrypted of [`${path}.enc`, `${path}.b64`]) {
      await f.engine.decryptFile(encrypted, { keys: { discovery: true }, destination: { path: `${encrypted}.out` } });
      assert.deepEqual(await readFile(`${encrypted}.out`), bytes);
    }
  });

  it('uses the committing suite without signature and a given frame length when asked', async () => {
    const path = await file('unsigned.bin', randomBytes(3000));
    await f.engine.encryptFile(path, {
      keys: [key],
      suite: 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY',
      frameLength: 1000,
      destination: { inPlace: true },
    });
    const { header, body } = await f.engine.inspectFile(path);
    assert.equal(header.suite.name, 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY');
    assert.equal(header.frameLength, 1000);
    assert.equal(body?.frames, 4);
  });

  it('wraps the data key under several keys; each one alone decrypts', async () => {
    const keys = [key, await f.createKey(), await f.createKey()];
    const bytes = randomBytes(5000);
    const path = await file('shared.bin', bytes);
    const served = f.served.length;
    const result = await f.engine.encryptFile(path, { keys, destination: { inPlace: true } });
    assert.deepEqual(result.keyArns, keys);
    assert.deepEqual(result.kmsCalls, { GenerateDataKey: 1, Encrypt: 2, Decrypt: 1 });
    assert.equal(count(f.served.slice(served), 'GenerateDataKey'), 1);
    for (const [i, only] of keys.entries()) {
      await f.engine.decryptFile(path, {
        keys: { keyArns: [only] },
        destination: { path: join(f.dir, `shared.${i}`) },
      });
      assert.deepEqual(await readFile(join(f.dir, `shared.${i}`)), bytes);
    }
  });

  it('refuses a wrong or incomplete encryption context before any KMS call, and changes nothing', async () => {
    const path = await file('ctx.txt', 'context matters');
    await f.engine.encryptFile(path, {
      keys: [key],
      context: { purpose: 'backup', tenant: 'a' },
      destination: { inPlace: true },
    });
    const before = await readFile(path);
    const served = f.served.length;
    await assert.rejects(
      f.engine.decryptFile(path, {
        keys: { keyArns: [key] },
        expectedContext: { purpose: 'restore' },
        destination: { inPlace: true },
      }),
      (error: Error) =>
        hasCode('ContextMismatch')(error) &&
        /expected purpose=restore, the file has purpose=backup/.test(error.message),
    );
    await assert.rejects(
      f.engine.decryptFile(path, {
        keys: { keyArns: [key] },
        expectedContext: { region: 'eu' },
        destination: { inPlace: true },
      }),
      hasCode('ContextMismatch'),
    );
    await assert.rejects(
      f.engine.decryptFile(path, {
        keys: { keyArns: [key] },
        requiredContextKeys: ['tenant', 'owner'],
        destination: { inPlace: true },
      }),
      (error: Error) => hasCode('ContextKeyMissing')(error) && /required key owner/.test(error.message),
    );
    assert.equal(f.served.length, served, 'no KMS call');
    assert.deepEqual(await readFile(path), before);
    await f.engine.decryptFile(path, {
      keys: { keyArns: [key] },
      expectedContext: { purpose: 'backup' },
      requiredContextKeys: ['tenant'],
      destination: { inPlace: true },
    });
    assert.equal(await readFile(path, 'utf8'), 'context matters');
  });

  it('refuses to encrypt an encrypted file or decrypt a plain one', async () => {
    const path = await file('twice.txt', 'once is enough');
    await f.engine.encryptFile(path, { keys: [key], destination: { inPlace: true } });
    await assert.rejects(
      f.engine.encryptFile(path, { keys: [key], destination: { inPlace: true } }),
      hasCode('AlreadyEncrypted'),
    );
    const plain = await file('plain.txt', 'nothing to see');
    await assert.rejects(
      f.engine.decryptFile(plain, { keys: { discovery: true }, destination: { inPlace: true } }),
      (error: Error) => hasCode('NotEncrypted')(error) && /is not encrypted/.test(error.message),
    );
    assert.equal(await readFile(plain, 'utf8'), 'nothing to see');
  });

  it('applies the decrypt policy: strict keys, discovery account filter, data-key limit', async () => {
    const other = await f.createKey();
    const path = await file('policy.txt', 'policy');
    await f.engine.encryptFile(path, { keys: [key, other, await f.createKey()], destination: { inPlace: true } });
    const out = { path: join(f.dir, 'policy.out'), overwrite: true };
    await assert.rejects(
      f.engine.decryptFile(path, {
        keys: { keyArns: [key.replace(/key\/.*/, 'key/00000000-0000-0000-0000-000000000000')] },
        destination: out,
      }),
      hasCode('NoMatchingKey'),
    );
    await assert.rejects(
      f.engine.decryptFile(path, { keys: { keyArns: ['alias/mine'] }, destination: out }),
      hasCode('InvalidOption'),
    );
    await assert.rejects(
      f.engine.decryptFile(path, { keys: { discovery: true, accountIds: ['999999999999'] }, destination: out }),
      hasCode('NoMatchingKey'),
    );
    await assert.rejects(
      f.engine.decryptFile(path, { keys: { discovery: true }, maxEncryptedDataKeys: 2, destination: out }),
      (error: Error) => hasCode('TooManyDataKeys')(error) && /more than 2 encrypted data keys/.test(error.message),
    );
    await f.engine.decryptFile(path, {
      keys: { discovery: true, accountIds: [f.sandbox.accountId] },
      destination: out,
    });
    await f.engine.decryptFile(path, { keys: { keyArns: [other] }, destination: out });
    assert.equal(await readFile(out.path, 'utf8'), 'policy');
  });

  it('writes to another path without touching the input, refusing to overwrite unless allowed', async () => {
    const path = await file('source.txt', 'source');
    const existing = await file('existing.txt', 'keep me');
    await assert.rejects(
      f.engine.encryptFile(path, { keys: [key], destination: { path: existing } }),
      hasCode('OutputExists'),
    );
    assert.equal(await readFile(existing, 'utf8'), 'keep me');
    await f.engine.encryptFile(path, { keys: [key], destination: { path: existing, overwrite: true } });
    assert.equal(await readFile(path, 'utf8'), 'source');
    assert.match(await readFile(existing, 'latin1'), /^AgV4/);
    assert.deepEqual(
      (await strayFiles(f.dir, [])).filter((name) => name.endsWith('.kms-tmp')),
      [],
    );
  });

  it('keeps the file mode through encryption and decryption in place', async () => {
    const path = await file('mode.txt', 'mode');
    await chmod(path, 0o640);
    await f.engine.encryptFile(path, { keys: [key], destination: { inPlace: true } });
    assert.equal((await stat(path)).mode & 0o777, 0o640);
    await f.engine.decryptFile(path, { keys: { keyArns: [key] }, destination: { inPlace: true } });
    assert.equal((await stat(path)).mode & 0o777, 0o640);
  });

  it('verifies with one Decrypt call for full and for dataKey (the default), and with none when off', async () => {
    for (const [verify, decrypts] of [
      ['full', 1],
      ['dataKey', 1],
      ['off', 0],
    ] as const) {
      const path = await file(`verify-${verify}.txt`, `verify ${verify}`);
      const served = f.served.length;
      const result = await f.engine.encryptFile(path, { keys: [key], verify, destination: { inPlace: true } });
      assert.equal(result.verified, verify);
      assert.deepEqual(result.kmsCalls, { GenerateDataKey: 1, Encrypt: 0, Decrypt: decrypts });
      assert.equal(count(f.served.slice(served), 'Decrypt'), decrypts);
    }
    const byDefault = await f.engine.encryptFile(await file('verify-default.txt', 'default'), {
      keys: [key],
      destination: { inPlace: true },
    });
    assert.deepEqual([byDefault.verified, byDefault.kmsCalls.Decrypt], ['dataKey', 1]);
  });

  it('refuses to replace plaintext with a file it cannot decrypt (GenerateDataKey allowed, Decrypt denied)', async () => {
    const path = await file('denied.txt', 'precious');
    const allow = f.deny('Decrypt');
    try {
      for (const verify of ['full', 'dataKey'] as const) {
        await assert.rejects(
          f.engine.encryptFile(path, { keys: [key], verify, destination: { inPlace: true } }),
          (error: Error) =>
            hasCode('Unrecoverable')(error) &&
            /was not changed/.test(error.message) &&
            /kms:Decrypt/.test(error.message),
        );
        assert.equal(await readFile(path, 'utf8'), 'precious');
      }
      await f.engine.encryptFile(path, { keys: [key], verify: 'off', destination: { inPlace: true } });
      await assert.rejects(
        f.engine.decryptFile(path, { keys: { keyArns: [key] }, destination: { path: `${path}.out` } }),
        (error: Error) => hasCode('AccessDenied')(error) && /kms:Decrypt on arn:aws:kms:/.test(error.message),
      );
    } finally {
      allow();
    }
    assert.deepEqual(
      (await strayFiles(f.dir, [])).filter((name) => name.startsWith('.denied')),
      [],
    );
  });

  it('re-encrypts under new keys and context without writing plaintext', async () => {
    const path = await file('rekey.txt', 'rotate me');
    await f.engine.encryptFile(path, { keys: [key], context: { v: '1' }, destination: { inPlace: true } });
    const next = await f.createKey();
    const result = await f.engine.reencryptFile(path, {
      keys: { keyArns: [key] },
      newKeys: [next],
      newContext: { v: '2' },
      destination: { inPlace: true },
    });
    assert.deepEqual(result.keyArns, [next]);
    assert.equal(result.encoding, 'base64', 'keeps the armour');
    await assert.rejects(
      f.engine.decryptFile(path, { keys: { keyArns: [key] }, destination: { inPlace: true } }),
      hasCode('NoMatchingKey'),
    );
    const back = await f.engine.decryptFile(path, {
      keys: { keyArns: [next] },
      expectedContext: { v: '2' },
      destination: { inPlace: true },
    });
    assert.equal(back.plaintextSize, 9);
    assert.equal(await readFile(path, 'utf8'), 'rotate me');
  });

  it('inspects without any KMS call: suite, keys, context, frames and sizes', async () => {
    const path = await file('inspect.txt', 'x'.repeat(1000));
    await f.engine.encryptFile(path, {
      keys: [key],
      context: { app: 'demo' },
      frameLength: 256,
      destination: { inPlace: true },
    });
    const served = f.served.length;
    const info = await f.engine.inspectFile(path);
    assert.equal(f.served.length, served);
    assert.equal(info.encoding, 'base64');
    assert.deepEqual(
      info.header.encryptedDataKeys.map((edk) => edk.providerInfo),
      [key],
    );
    assert.equal(info.header.encryptionContext.app, 'demo');
    assert.deepEqual([info.body?.plaintextSize, info.body?.frames], [1000, 4]);
    assert.equal(info.fileSize, (await stat(path)).size);
    await assert.rejects(f.engine.inspectFile(await file('no.txt', 'no')), hasCode('NotEncrypted'));
  });

  it('reports progress per phase up to the total', async () => {
    const phases = async (size: number): Promise<string[]> => {
      const path = await file(`progress-${size}.bin`, randomBytes(size));
      const seen: string[] = [];
      await f.engine.encryptFile(
        path,
        { keys: [key], verify: 'full', destination: { inPlace: true } },
        {
          onProgress: (p) => {
            if (p.bytesDone === p.bytesTotal) {
              seen.push(p.phase);
            }
          },
        },
      );
      return [...new Set(seen)];
    };
    assert.deepEqual(await phases(1024 * 1024), ['encrypting', 'verifying']);
    assert.deepEqual(
      await phases(5 * 1024 * 1024),
      ['encrypting'],
      'streamed files are verified while they are written',
    );
  });

  it('a file encrypted in another sandbox: says so, names the account and region asked, and leaves the file', async () => {
    const path = await file('other-sandbox.txt', 'made elsewhere\n');
    const other = await envelopeFixture();
    try {
      await other.engine.encryptFile(path, { keys: [await other.createKey()], destination: { inPlace: true } });
      const encrypted = await readFile(path);
      await assert.rejects(
        f.engine.decryptFile(path, { keys: { discovery: true }, destination: { inPlace: true } }),
        (error: KmsExtensionError) => {
          assert.equal(error.code, 'KeyNotFound');
          assert.match(
            error.message,
            /^The KMS key arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]{36} does not exist in this sandbox \(us-east-1, account 111122223333\)\. A sandbox key exists only in the sandbox that made it: /,
          );
          assert.equal(error.next, 'selectConnection');
          return true;
        },
      );
      assert.deepEqual(await readFile(path), encrypted);
    } finally {
      await other.close();
    }
  });

  it('names a missing key and refuses reserved context keys and empty key lists', async () => {
    const path = await file('nokey.txt', 'x');
    await assert.rejects(
      f.engine.encryptFile(path, { keys: ['alias/does-not-exist'], destination: { inPlace: true } }),
      hasCode('KeyNotFound'),
    );
    await assert.rejects(
      f.engine.encryptFile(path, { keys: [], destination: { inPlace: true } }),
      hasCode('InvalidOption'),
    );
    await assert.rejects(
      f.engine.encryptFile(path, {
        keys: [key],
        context: { 'aws-crypto-public-key': 'x' },
        destination: { inPlace: true },
      }),
      hasCode('InvalidOption'),
    );
    assert.equal(await readFile(path, 'utf8'), 'x');
  });
});
