import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DeleteImportedKeyMaterialCommand, DisableKeyCommand, EnableKeyCommand } from '@aws-sdk/client-kms';
import { MAX_IN_MEMORY_BYTES } from '../../src/aws/envelope/memoryEnvelope';
import type { KmsExtensionError } from '../../src/core/errors';
import { createExternalKey, importMaterial } from '../sandbox/importSupport';
import { useFixture } from '../support/suiteFixture';
import { count, envelopeFixture, strayFiles } from './support';

/** decryptToMemory / encryptFromMemory: what the editor's file-system provider opens and saves encrypted files with. */

const code =
  (expected: string, text?: RegExp) =>
  (error: unknown): boolean => {
    const e = error as KmsExtensionError;
    assert.equal(e.code, expected, e.message);
    if (text) {
      assert.match(e.message, text);
    }
    return true;
  };

describe('envelope engine: files edited in memory', () => {
  const f = useFixture(envelopeFixture);

  async function encryptedFile(
    name: string,
    content: string | Buffer,
    keys: string[],
    extra: { context?: Record<string, string>; frameLength?: number } = {},
  ): Promise<string> {
    const path = join(f.dir, name);
    await writeFile(path, content);
    await f.engine.encryptFile(path, { keys, destination: { inPlace: true }, ...extra });
    return path;
  }

  it('decrypts a whole file into memory, with the parameters to save it again', async () => {
    const [a, b] = [await f.createKey(), await f.createKey()];
    const path = await encryptedFile('two-keys.txt', 'line one\nline two\n', [a, b], {
      context: { team: 'payments' },
      frameLength: 4096,
    });
    const opened = await f.engine.decryptToMemory(path);
    assert.equal(opened.plaintext.toString('utf8'), 'line one\nline two\n');
    assert.deepEqual(opened.params, {
      keys: [a, b],
      context: { team: 'payments' },
      suite: 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384',
      frameLength: 4096,
      armor: 'base64',
    });
    assert.equal(opened.kmsCalls.Decrypt, 1);
    assert.equal(opened.file.size, (await stat(path)).size);
  });

  it('saves new content with the same keys, context, suite, frames, armour and file mode, atomically', async () => {
    const [a, b] = [await f.createKey(), await f.createKey()];
    const path = await encryptedFile('save.txt', 'old', [a, b], { context: { env: 'prod' }, frameLength: 512 });
    await chmod(path, 0o640);
    const opened = await f.engine.decryptToMemory(path);
    opened.plaintext.fill(0);
    const edited = Buffer.from('new content '.repeat(100));
    const result = await f.engine.encryptFromMemory(path, edited, opened.params);
    assert.equal(result.verified, 'full');
    assert.deepEqual(result.keyArns, [a, b]);
    assert.equal((await stat(path)).mode & 0o777, 0o640);
    assert.deepEqual(
      (await strayFiles(f.dir, [])).filter((name) => name.endsWith('.kms-tmp')),
      [],
    );
    const again = await f.engine.decryptToMemory(path);
    assert.ok(again.plaintext.equals(edited));
    assert.deepEqual(again.params, opened.params);
    assert.notEqual(again.header.messageId, opened.header.messageId);
    // A reader with only the second key decrypts it too: every wrapping key was kept.
    const decrypted = await f.engine.decryptToMemory(path, { keys: { keyArns: [b] } });
    assert.ok(decrypted.plaintext.equals(edited));
  });

  it('a save that KMS refuses leaves the file byte-identical and no temp file', async () => {
    const key = await f.createKey();
    const path = await encryptedFile('refused.txt', 'keep me', [key]);
    const params = (await f.engine.decryptToMemory(path)).params;
    const before = await readFile(path);
    await f.kms.send(new DisableKeyCommand({ KeyId: key }));
    await assert.rejects(
      f.engine.encryptFromMemory(path, Buffer.from('lost?'), params),
      code('KeyDisabled', /is disabled: enable it/),
    );
    assert.deepEqual(await readFile(path), before);
    await f.kms.send(new EnableKeyCommand({ KeyId: key }));
    const allow = f.deny('Decrypt');
    try {
      // GenerateDataKey works, Decrypt does not: the verification refuses a file this connection could not open.
      await assert.rejects(
        f.engine.encryptFromMemory(path, Buffer.from('lost?'), params),
        code('Unrecoverable', /was not changed/),
      );
    } finally {
      allow();
    }
    assert.deepEqual(await readFile(path), before);
    assert.deepEqual(
      (await strayFiles(f.dir, [])).filter((name) => name.endsWith('.kms-tmp')),
      [],
    );
  });

  it('refuses a tampered file with nothing released', async () => {
    const key = await f.createKey();
    const path = await encryptedFile('tampered.bin', randomBytes(3000), [key]);
    const bytes = await readFile(path);
    bytes[bytes.length - 200] ^= 0x01; // a body byte: the frame's tag (or the signature) fails
    await writeFile(path, bytes);
    await assert.rejects(f.engine.decryptToMemory(path), code('Tampered', /failed authentication/));
  });

  it('releases nothing when only the signature at the very end is wrong', async () => {
    const key = await f.createKey();
    const path = await encryptedFile('signed.bin', randomBytes(5000), [key]);
    const bytes = await readFile(path);
    bytes[bytes.length - 1] ^= 0x01; // the last byte of the ECDSA signature: every frame still authenticates
    await writeFile(path, bytes);
    await assert.rejects(f.engine.decryptToMemory(path), code('Tampered'));
  });

  it('refuses too large files and plain files before any KMS call', async () => {
    const key = await f.createKey();
    const path = await encryptedFile('large.bin', randomBytes(64 * 1024), [key]);
    const served = f.served.length;
    await assert.rejects(
      f.engine.decryptToMemory(path, { maxBytes: 32 * 1024 }),
      code('TooLargeForMemory', /too large to open decrypted .* use Decrypt File/),
    );
    const plain = join(f.dir, 'plain.txt');
    await writeFile(plain, 'not encrypted');
    await assert.rejects(f.engine.decryptToMemory(plain), code('NotEncrypted'));
    assert.equal(f.served.length, served);
    assert.equal(MAX_IN_MEMORY_BYTES, 16 * 1024 * 1024);
  });

  it('a key pending import names the key as the target of "Import Key Material"', async () => {
    const external = await createExternalKey(f.kms);
    const material = randomBytes(32);
    await importMaterial(f.kms, external.KeyId, material);
    const path = await encryptedFile('byok.txt', 'imported material', [external.Arn]);
    await f.kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: external.KeyId }));
    await assert.rejects(f.engine.decryptToMemory(path), (error: unknown) => {
      const e = error as KmsExtensionError;
      assert.equal(e.code, 'KeyPendingImport');
      assert.equal(e.next, 'importMaterial');
      assert.equal(e.target, external.Arn);
      return true;
    });
    assert.equal(count(f.served, 'Decrypt') > 0, true);
  });
});
