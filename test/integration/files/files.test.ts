// The file commands in the real extension host against the sandbox KMS: Encrypt / Decrypt / Re-encrypt File on
// text, binary, large and many files; refusals that change nothing; the editor's view of the file afterwards.
import * as assert from 'assert';
import { randomBytes } from 'crypto';
import { readFile, stat, writeFile } from 'fs/promises';
import { join } from 'path';
import * as vscode from 'vscode';
import {
  DeleteImportedKeyMaterialCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import type { DecryptResult, EncryptResult } from '../../../src/aws/envelope/types';
import { sniffEnvelope } from '../../../src/core/envelopeFormat';
import type { TestSurface } from '../../../src/extension';
import {
  acceptingThePicker,
  countKmsCalls,
  fileCommandError,
  firstBytes,
  MIB,
  randomFile,
  removeFolder,
  runFileCommand,
  sha256,
  strayFiles,
  tempFolder,
} from './filesSupport';
import {
  createTestKey,
  importTestMaterial,
  keyRow,
  sandboxKms,
  sandboxWithKey,
  uniqueAlias,
} from '../keys/keysSupport';
import { closeAllEditorsDiscarding, resetSettings, setSettings, waitFor } from '../support';

describe('File commands', function () {
  this.timeout(120_000);
  let api: TestSurface;
  let dir: string;
  let alias: string;
  let keyArn: string;

  before(async () => {
    ({ api, alias, keyArn } = await sandboxWithKey('files'));
  });
  beforeEach(async () => {
    dir = await tempFolder();
  });
  afterEach(async () => {
    await closeAllEditorsDiscarding();
    await removeFolder(dir);
    await setSettings({
      'encryption.context': undefined,
      'decryption.requiredContextKeys': undefined,
      'encryption.defaultKeys': undefined,
    });
  });
  after(resetSettings);

  const encrypt = async (uri: vscode.Uri, extra: object = {}) =>
    runFileCommand<EncryptResult>('awsKms.file.encrypt', uri, [uri], { keys: [alias], confirmed: true, ...extra });
  const decrypt = async (uri: vscode.Uri, extra: object = {}) =>
    runFileCommand<DecryptResult>('awsKms.file.decrypt', uri, [uri], extra);

  it('encrypts a text file base64-armoured in place and decrypts it back byte for byte', async () => {
    const path = join(dir, 'notes.txt');
    await writeFile(path, 'db_password = hunter2\nüñí\n');
    const uri = vscode.Uri.file(path);
    const encrypted = await encrypt(uri);
    assert.strictEqual(encrypted.items.length, 1);
    assert.ok(encrypted.items[0].ok);
    assert.deepStrictEqual(encrypted.items[0].result.keyArns, [keyArn]);
    assert.strictEqual(sniffEnvelope(await firstBytes(path))?.encoding, 'base64');
    assert.doesNotMatch(await readFile(path, 'utf8'), /hunter2/);
    assert.ok(api.files.detection.isKnownEncrypted(uri), 'the explorer context key knows the file is encrypted');

    const decrypted = await decrypt(uri);
    assert.ok(decrypted.items[0].ok);
    assert.strictEqual(await readFile(path, 'utf8'), 'db_password = hunter2\nüñí\n');
    assert.ok(!api.files.detection.isKnownEncrypted(uri));
    assert.deepStrictEqual(await strayFiles(dir, ['notes.txt']), []);
  });

  it('keeps a binary file a raw binary message, and round-trips a file over 4 KiB with the context of the settings', async () => {
    await setSettings({ 'encryption.context': { project: 'files-test', stage: 'dev' } });
    const binary = join(dir, 'image.bin');
    const text = join(dir, 'big.txt');
    await writeFile(binary, Buffer.concat([Buffer.from([0, 1, 2, 0, 255]), randomBytes(3000)]));
    await writeFile(text, 'x'.repeat(4096) + 'a line past 4 KiB, beyond what KMS Encrypt takes\n'.repeat(200));
    const [binaryHash, textHash] = [await sha256(binary), await sha256(text)];
    for (const path of [binary, text]) {
      await encrypt(vscode.Uri.file(path));
    }

    assert.strictEqual(sniffEnvelope(await firstBytes(binary))?.encoding, 'binary');
    assert.strictEqual(sniffEnvelope(await firstBytes(text))?.encoding, 'base64');
    const engine = await api.connections.envelopeEngine();
    const header = (await engine.inspectFile(text)).header;
    assert.strictEqual(header.encryptionContext.project, 'files-test');
    assert.strictEqual(header.encryptionContext.stage, 'dev');

    for (const path of [binary, text]) {
      await decrypt(vscode.Uri.file(path));
    }
    assert.strictEqual(await sha256(binary), binaryHash);
    assert.strictEqual(await sha256(text), textHash);
  });

  it('encrypts and decrypts a file over 64 MiB in place', async () => {
    const path = join(dir, 'large.bin');
    await randomFile(path, 64 * MIB + 4321);
    const hash = await sha256(path);
    const started = Date.now();
    const encrypted = await encrypt(vscode.Uri.file(path));
    const encryptMs = Date.now() - started;
    assert.ok(encrypted.items[0].ok);
    assert.ok((await stat(path)).size > 64 * MIB + 4321);
    const decryptStarted = Date.now();
    await decrypt(vscode.Uri.file(path));
    console.log(`      64 MiB: encrypt ${encryptMs} ms, decrypt ${Date.now() - decryptStarted} ms`);
    assert.strictEqual(await sha256(path), hash);
    assert.deepStrictEqual(await strayFiles(dir, ['large.bin']), []);
  });

  it('encrypts an explorer multi-selection as one batch: one data key for all files, one Decrypt to decrypt them', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `batch-${i}.txt`);
    const uris = names.map((name) => vscode.Uri.file(join(dir, name)));
    await Promise.all(uris.map(async (uri, i) => writeFile(uri.fsPath, `secret number ${i}\n`)));
    const calls = await countKmsCalls(api);
    try {
      const encrypted = await runFileCommand<EncryptResult>('awsKms.file.encrypt', uris[0], uris, {
        keys: [alias],
        confirmed: true,
      });
      assert.strictEqual(encrypted.items.filter((item) => item.ok).length, 12);
      assert.strictEqual(calls.count('GenerateDataKey'), 1, `GenerateDataKey calls: ${calls.served.join(', ')}`);
      const decryptsBefore = calls.count('Decrypt');
      const decrypted = await runFileCommand<DecryptResult>('awsKms.file.decrypt', uris[3], uris, { confirmed: true });
      assert.strictEqual(decrypted.items.filter((item) => item.ok).length, 12);
      assert.strictEqual(calls.count('Decrypt') - decryptsBefore, 1, `KMS calls: ${calls.served.join(', ')}`);
    } finally {
      calls.restore();
    }
    for (const [i, uri] of uris.entries()) {
      assert.strictEqual(await readFile(uri.fsPath, 'utf8'), `secret number ${i}\n`);
    }
  });

  it('in a mixed multi-selection encrypts the plain files and skips the encrypted one, saying so', async () => {
    const uris = ['a.txt', 'b.txt', 'c.txt'].map((name) => vscode.Uri.file(join(dir, name)));
    await Promise.all(uris.map(async (uri) => writeFile(uri.fsPath, `${uri.fsPath}\n`)));
    await encrypt(uris[1]);
    const sealedHash = await sha256(uris[1].fsPath);
    const result = await runFileCommand<EncryptResult>('awsKms.file.encrypt', uris[0], uris, {
      keys: [alias],
      confirmed: true,
    });
    assert.deepStrictEqual(
      result.items.map((item) => [item.path, item.ok]),
      [
        [uris[0].fsPath, true],
        [uris[2].fsPath, true],
      ],
    );
    assert.deepStrictEqual(result.skipped, [{ path: uris[1].fsPath, reason: 'already encrypted' }]);
    assert.strictEqual(await sha256(uris[1].fsPath), sealedHash, 'not encrypted twice');
    const decrypted = await runFileCommand<DecryptResult>('awsKms.file.decrypt', uris[0], uris, { confirmed: true });
    assert.strictEqual(decrypted.items.filter((item) => item.ok).length, 3);
    for (const uri of uris) {
      assert.strictEqual(await readFile(uri.fsPath, 'utf8'), `${uri.fsPath}\n`);
    }
  });

  it('asks to save a dirty editor first, encrypts what was saved, and the editor shows the encrypted file', async () => {
    const path = join(dir, 'draft.txt');
    await writeFile(path, 'saved line\n');
    const uri = vscode.Uri.file(path);
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), 'unsaved line\n'));
    assert.ok(document.isDirty);

    await encrypt(uri, { dirty: 'cancel' });
    assert.strictEqual(await readFile(path, 'utf8'), 'saved line\n', 'cancel leaves the file alone');
    assert.ok(document.isDirty, 'and keeps the unsaved changes');

    await encrypt(uri, { dirty: 'save' });
    assert.ok(!document.isDirty);
    const onDisk = await readFile(path, 'utf8');
    assert.strictEqual(sniffEnvelope(Buffer.from(onDisk))?.encoding, 'base64');
    assert.strictEqual(document.getText(), onDisk, 'the open editor shows the encrypted file');
    assert.ok(api.files.detection.activeFileEncrypted, 'awsKms.activeFileEncrypted follows the active editor');

    await decrypt(uri);
    assert.strictEqual(await readFile(path, 'utf8'), 'saved line\nunsaved line\n');
    assert.strictEqual(document.getText(), 'saved line\nunsaved line\n');
    assert.ok(!api.files.detection.activeFileEncrypted);
  });

  it('refuses to encrypt an encrypted file or decrypt a plain one, without a KMS call and without changing it', async () => {
    const plain = join(dir, 'plain.txt');
    const sealed = join(dir, 'sealed.txt');
    await writeFile(plain, 'plain text\n');
    await writeFile(sealed, 'to be sealed\n');
    await encrypt(vscode.Uri.file(sealed));
    const sealedHash = await sha256(sealed);
    const calls = await countKmsCalls(api);
    try {
      const twice = await fileCommandError(api, 'awsKms.file.encrypt', vscode.Uri.file(sealed), undefined, {
        keys: [alias],
        confirmed: true,
      });
      assert.strictEqual(twice.code, 'AlreadyEncrypted');
      assert.match(twice.message, /sealed\.txt is already encrypted/);
      const notSealed = await fileCommandError(api, 'awsKms.file.decrypt', vscode.Uri.file(plain), undefined, {});
      assert.strictEqual(notSealed.code, 'NotEncrypted');
      assert.match(notSealed.message, /plain\.txt is not encrypted/);
      const folder = await fileCommandError(api, 'awsKms.file.encrypt', vscode.Uri.file(dir), undefined, {
        keys: [alias],
        confirmed: true,
      });
      assert.match(folder.message, /is a folder/);
      assert.deepStrictEqual(calls.served, []);
    } finally {
      calls.restore();
    }
    assert.strictEqual(await sha256(sealed), sealedHash);
    assert.strictEqual(await readFile(plain, 'utf8'), 'plain text\n');
  });

  it('refuses to decrypt with the wrong or a missing encryption context, leaving the file as it was', async () => {
    const path = join(dir, 'ctx.txt');
    await writeFile(path, 'context bound\n');
    const uri = vscode.Uri.file(path);
    await encrypt(uri, { context: { project: 'alpha' } });
    const hash = await sha256(path);

    const wrong = await fileCommandError(api, 'awsKms.file.decrypt', uri, undefined, {
      expectedContext: { project: 'beta' },
    });
    assert.strictEqual(wrong.code, 'ContextMismatch');
    await setSettings({ 'decryption.requiredContextKeys': ['stage'] });
    const missing = await fileCommandError(api, 'awsKms.file.decrypt', uri, undefined, {});
    assert.strictEqual(missing.code, 'ContextKeyMissing');
    assert.match(missing.message, /stage/);
    assert.strictEqual(await sha256(path), hash);

    await setSettings({ 'decryption.requiredContextKeys': ['project'] });
    await decrypt(uri, { expectedContext: { project: 'alpha' } });
    assert.strictEqual(await readFile(path, 'utf8'), 'context bound\n');
  });

  it('refuses to decrypt under a key pending import and offers to import its material for that key', async () => {
    const external = await createTestKey(api, uniqueAlias('files-byok'), { Origin: 'EXTERNAL' });
    await importTestMaterial(api, external.keyId);
    const path = join(dir, 'byok.txt');
    await writeFile(path, 'imported material protects this\n');
    const uri = vscode.Uri.file(path);
    await encrypt(uri, { keys: [external.arn] });
    const hash = await sha256(path);
    await (await sandboxKms(api)).send(new DeleteImportedKeyMaterialCommand({ KeyId: external.keyId }));

    const refused = await fileCommandError(api, 'awsKms.file.decrypt', uri, undefined, {});
    assert.strictEqual(refused.code, 'KeyPendingImport');
    assert.match(refused.message, /pending import: re-import its key material/);
    assert.strictEqual(refused.next, 'importMaterial');
    assert.strictEqual(refused.target, external.arn);
    assert.strictEqual(await sha256(path), hash);
  });

  it('names the next step when the key is disabled or pending deletion, and refuses more data keys than allowed', async () => {
    const disabled = await createTestKey(api, uniqueAlias('files-disabled'));
    const deleted = await createTestKey(api, uniqueAlias('files-deleted'));
    const paths = ['disabled.txt', 'deleted.txt', 'two-keys.txt'].map((name) => join(dir, name));
    await Promise.all(paths.map(async (path) => writeFile(path, 'state matters\n')));
    const [disabledUri, deletedUri, twoKeysUri] = paths.map((path) => vscode.Uri.file(path));
    await encrypt(disabledUri, { keys: [disabled.arn] });
    await encrypt(deletedUri, { keys: [deleted.arn] });
    await encrypt(twoKeysUri, { keys: [alias, disabled.arn] });
    const hashes = await Promise.all(paths.map(async (path) => sha256(path)));
    const kms = await sandboxKms(api);
    await kms.send(new DisableKeyCommand({ KeyId: disabled.keyId }));
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: deleted.keyId, PendingWindowInDays: 7 }));

    const disabledError = await fileCommandError(api, 'awsKms.file.decrypt', disabledUri, undefined, {});
    assert.strictEqual(disabledError.code, 'KeyDisabled');
    assert.match(disabledError.message, /is disabled: enable it/);
    const deletedError = await fileCommandError(api, 'awsKms.file.decrypt', deletedUri, undefined, {});
    assert.strictEqual(deletedError.code, 'KeyPendingDeletion');
    assert.match(deletedError.message, /cancel the key deletion/);
    await setSettings({ 'decryption.maxEncryptedDataKeys': 1 });
    try {
      const tooMany = await fileCommandError(api, 'awsKms.file.decrypt', twoKeysUri, undefined, {});
      assert.strictEqual(tooMany.code, 'TooManyDataKeys');
    } finally {
      await setSettings({ 'decryption.maxEncryptedDataKeys': undefined });
      await kms.send(new EnableKeyCommand({ KeyId: disabled.keyId }));
    }
    assert.deepStrictEqual(await Promise.all(paths.map(async (path) => sha256(path))), hashes, 'nothing changed');
    await decrypt(twoKeysUri);
    assert.strictEqual(await readFile(paths[2], 'utf8'), 'state matters\n');
  });

  it('re-encrypts a file under another key: only the new key is recorded, the context and content stay', async () => {
    const other = uniqueAlias('files-other');
    const otherArn = (await createTestKey(api, other)).arn;
    const path = join(dir, 'rotate.txt');
    await writeFile(path, 'move me to another key\n');
    const uri = vscode.Uri.file(path);
    await encrypt(uri, { context: { team: 'a' } });
    const result = await runFileCommand<EncryptResult>('awsKms.file.reencrypt', uri, [uri], {
      keys: [other],
      confirmed: true,
    });
    assert.ok(result.items[0].ok);
    assert.deepStrictEqual(result.items[0].result.keyArns, [otherArn]);
    const engine = await api.connections.envelopeEngine();
    const header = (await engine.inspectFile(path)).header;
    assert.deepStrictEqual(
      header.encryptedDataKeys.map((edk) => edk.providerInfo),
      [otherArn],
    );
    assert.strictEqual(header.encryptionContext.team, 'a', 'the context stays');
    await decrypt(uri);
    assert.strictEqual(await readFile(path, 'utf8'), 'move me to another key\n');
  });

  it('preselects the workspace default keys in the key picker when no key is selected in the Keys view', async function () {
    if (api.keys.view.selection.length > 0) {
      this.skip();
    } // a tree selection wins, as the next test shows
    const second = uniqueAlias('files-default');
    const secondArn = (await createTestKey(api, second)).arn;
    await setSettings({ 'encryption.defaultKeys': [alias, second] });
    const path = join(dir, 'defaults.txt');
    await writeFile(path, 'default keys\n');
    const uri = vscode.Uri.file(path);
    const result = await acceptingThePicker(async () =>
      runFileCommand<EncryptResult>('awsKms.file.encrypt', uri, [uri], { confirmed: true }),
    );
    assert.ok(result.items[0].ok);
    assert.deepStrictEqual(
      result.items[0].result.keyArns,
      [keyArn, secondArn],
      'both default keys; the first generates the data key',
    );
  });

  it('preselects the key selected in the Keys view in the key picker', async () => {
    const treeAlias = uniqueAlias('files-tree');
    const treeKey = await createTestKey(api, treeAlias);
    api.keys.tree.refresh();
    const row = await keyRow(api, treeAlias.slice('alias/'.length));
    await api.keys.view.reveal(row, { select: true, focus: false });
    await waitFor('the key to be selected', () => api.keys.view.selection.length > 0);
    const path = join(dir, 'picked.txt');
    await writeFile(path, 'which key?\n');
    const uri = vscode.Uri.file(path);
    const fromTree = await acceptingThePicker(async () =>
      runFileCommand<EncryptResult>('awsKms.file.encrypt', uri, [uri], { confirmed: true }),
    );
    assert.ok(fromTree.items[0].ok);
    assert.deepStrictEqual(fromTree.items[0].result.keyArns, [treeKey.arn]);
    await decrypt(uri);
  });

  it('cancelled mid-way, leaves the original byte-identical and no temp file behind', async () => {
    const path = join(dir, 'cancel.bin');
    await randomFile(path, 48 * MIB);
    const hash = await sha256(path);
    const abort = new AbortController();
    let progressSeen = 0;
    const error = await fileCommandError(api, 'awsKms.file.encrypt', vscode.Uri.file(path), undefined, {
      keys: [alias],
      confirmed: true,
      signal: abort.signal,
      onProgress: (progress: { bytesDone: number }) => {
        progressSeen++;
        if (progress.bytesDone > 0) {
          abort.abort();
        }
      },
    });
    assert.ok(progressSeen > 0, 'the engine reported progress before the cancel');
    assert.strictEqual(error.name, 'CancelledError');
    assert.strictEqual(await sha256(path), hash);
    assert.deepStrictEqual(await strayFiles(dir, ['cancel.bin']), []);
  });

  it('decrypts only with keys of the allowed accounts when awsKms.decryption.allowedAccountIds is set', async () => {
    const path = join(dir, 'accounts.txt');
    await writeFile(path, 'account bound\n');
    const uri = vscode.Uri.file(path);
    await encrypt(uri);
    const hash = await sha256(path);
    await setSettings({ 'decryption.allowedAccountIds': ['999988887777'] });
    try {
      const refused = await fileCommandError(api, 'awsKms.file.decrypt', uri, undefined, {});
      assert.strictEqual(refused.code, 'NoMatchingKey');
      assert.match(refused.message, /outside the allowed accounts \(999988887777\)/);
      assert.strictEqual(await sha256(path), hash);
      await setSettings({ 'decryption.allowedAccountIds': ['999988887777', '111122223333'] });
      await decrypt(uri);
      assert.strictEqual(await readFile(path, 'utf8'), 'account bound\n');
    } finally {
      await setSettings({ 'decryption.allowedAccountIds': undefined });
    }
  });

  it('changing awsKms.encryption.* or awsKms.decryption.* settings keeps the connection (nothing to reconnect)', async () => {
    const connection = api.connections.connection;
    assert.ok(connection);
    // The extension's own listener was registered at activation, so it has run when this one runs.
    const delivered = new Promise<void>((resolve) => {
      const listener = vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('awsKms.decryption.requiredContextKeys')) {
          listener.dispose();
          resolve();
        }
      });
    });
    await setSettings({ 'encryption.context': { changed: 'yes' }, 'decryption.requiredContextKeys': ['changed'] });
    await delivered;
    assert.strictEqual(api.connections.connection, connection);
  });
});
