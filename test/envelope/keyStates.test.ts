import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CancelKeyDeletionCommand,
  CreateKeyCommand,
  DeleteImportedKeyMaterialCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import type { KmsExtensionError } from '../../src/core/errors';
import { createExternalKey, importMaterial } from '../sandbox/importSupport';
import { useFixture } from '../support/suiteFixture';
import { envelopeFixture, strayFiles } from './support';

/** Each key state and permission problem a user can meet, as the error they see: the cause and the next step. */

const rejectsWith =
  (code: string, text: RegExp, next?: string) =>
  (error: unknown): boolean => {
    const e = error as KmsExtensionError;
    assert.equal(e.code, code, e.message);
    assert.match(e.message, text);
    if (next) {
      assert.equal(e.next, next);
    }
    return true;
  };

describe('envelope engine: key states and permissions', () => {
  const f = useFixture(envelopeFixture);

  /** A file encrypted under a fresh key, and the key. */
  async function encrypted(name: string, keyArn?: string): Promise<{ path: string; key: string; content: Buffer }> {
    const key = keyArn ?? (await f.createKey());
    const content = randomBytes(2000);
    const path = join(f.dir, name);
    await writeFile(path, content);
    await f.engine.encryptFile(path, { keys: [key], destination: { inPlace: true } });
    return { path, key, content };
  }

  it('key pending import: "re-import its key material", for encrypt and decrypt', async () => {
    const external = await createExternalKey(f.kms);
    const plain = join(f.dir, 'pending.txt');
    await writeFile(plain, 'waiting for material');
    await assert.rejects(
      f.engine.encryptFile(plain, { keys: [external.Arn], destination: { inPlace: true } }),
      rejectsWith('KeyPendingImport', /is pending import: re-import its key material, then retry/, 'importMaterial'),
    );
    assert.equal(await readFile(plain, 'utf8'), 'waiting for material');

    const material = randomBytes(32);
    await importMaterial(f.kms, external.KeyId, material);
    const { path } = await encrypted('imported.bin', external.Arn);
    await f.kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: external.KeyId }));
    const before = await readFile(path);
    await assert.rejects(
      f.engine.decryptFile(path, { keys: { keyArns: [external.Arn] }, destination: { inPlace: true } }),
      rejectsWith(
        'KeyPendingImport',
        new RegExp(`${external.Arn} is pending import: re-import its key material`),
        'importMaterial',
      ),
    );
    assert.deepEqual(await readFile(path), before);
    await importMaterial(f.kms, external.KeyId, material);
    await f.engine.decryptFile(path, { keys: { keyArns: [external.Arn] }, destination: { inPlace: true } });
  });

  it('disabled key: "enable it", for encrypt and decrypt', async () => {
    const { path, key } = await encrypted('disabled.bin');
    await f.kms.send(new DisableKeyCommand({ KeyId: key }));
    await assert.rejects(
      f.engine.decryptFile(path, { keys: { keyArns: [key] }, destination: { inPlace: true } }),
      rejectsWith('KeyDisabled', /is disabled: enable it/),
    );
    const plain = join(f.dir, 'disabled.txt');
    await writeFile(plain, 'x');
    await assert.rejects(
      f.engine.encryptFile(plain, { keys: [key], destination: { inPlace: true } }),
      rejectsWith('KeyDisabled', /is disabled/),
    );
    await f.kms.send(new EnableKeyCommand({ KeyId: key }));
  });

  it('key pending deletion: "cancel the key deletion"', async () => {
    const { path, key } = await encrypted('deleting.bin');
    await f.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key, PendingWindowInDays: 7 }));
    await assert.rejects(
      f.engine.decryptFile(path, { keys: { keyArns: [key] }, destination: { inPlace: true } }),
      rejectsWith('KeyPendingDeletion', /is pending deletion: cancel the key deletion and enable the key/),
    );
    await f.kms.send(new CancelKeyDeletionCommand({ KeyId: key }));
  });

  it('access denied names the missing permission: kms:GenerateDataKey, kms:Encrypt, kms:Decrypt', async () => {
    const plain = join(f.dir, 'denied.txt');
    await writeFile(plain, 'x');
    const key = await f.createKey();
    let allow = f.deny('GenerateDataKey');
    await assert.rejects(
      f.engine.encryptFile(plain, { keys: [key], destination: { inPlace: true } }),
      rejectsWith('AccessDenied', /kms:GenerateDataKey on /, 'selectConnection'),
    );
    allow();
    allow = f.deny('Encrypt');
    await assert.rejects(
      f.engine.encryptFile(plain, { keys: [key, await f.createKey()], destination: { inPlace: true } }),
      rejectsWith('AccessDenied', /kms:Encrypt on /),
    );
    allow();
    const { path } = await encrypted('denied.bin', key);
    allow = f.deny('Decrypt');
    await assert.rejects(
      f.engine.decryptFile(path, { keys: { keyArns: [key] }, destination: { inPlace: true } }),
      rejectsWith('AccessDenied', new RegExp(`kms:Decrypt on ${key}`)),
    );
    allow();
    assert.equal(await readFile(plain, 'utf8'), 'x');
  });

  it('a key that cannot encrypt (asymmetric signing key) is named as such', async () => {
    const { KeyMetadata } = await f.kms.send(
      new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }),
    );
    const plain = join(f.dir, 'sign.txt');
    await writeFile(plain, 'x');
    await assert.rejects(
      f.engine.encryptFile(plain, { keys: [KeyMetadata!.Arn!], destination: { inPlace: true } }),
      rejectsWith(
        'KeyUnusable',
        /is not a symmetric encryption key \(key usage SIGN_VERIFY\), so it cannot encrypt\. Choose a key with key spec SYMMETRIC_DEFAULT/,
      ),
    );
  });

  it('with several wrapping keys, decrypt falls back to one that works and names all failures if none does', async () => {
    const [a, b] = [await f.createKey(), await f.createKey()];
    const content = randomBytes(500);
    const path = join(f.dir, 'fallback.bin');
    await writeFile(path, content);
    await f.engine.encryptFile(path, { keys: [a, b], destination: { inPlace: true } });
    await f.kms.send(new DisableKeyCommand({ KeyId: a }));
    const out = join(f.dir, 'fallback.out');
    await f.engine.decryptFile(path, { keys: { discovery: true }, destination: { path: out } });
    assert.deepEqual(await readFile(out), content);
    await f.kms.send(new DisableKeyCommand({ KeyId: b }));
    await assert.rejects(
      f.engine.decryptFile(path, { keys: { discovery: true }, destination: { path: `${out}.2` } }),
      rejectsWith('KeyDisabled', new RegExp(`Other wrapping keys failed too: ${b} \\(DisabledException\\)`)),
    );
    assert.deepEqual(
      (await strayFiles(f.dir, [])).filter((name) => name.includes('fallback.out.2')),
      [],
    );
  });
});
