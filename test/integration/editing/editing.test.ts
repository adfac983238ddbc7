// Editing encrypted files without plaintext on disk, Show Envelope Info and its hover, in the real extension host
// against the sandbox KMS.
import * as assert from 'assert';
import { randomBytes } from 'crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { DeleteImportedKeyMaterialCommand, DisableKeyCommand, EnableKeyCommand } from '@aws-sdk/client-kms';
import type { KmsExtensionError } from '../../../src/core/errors';
import { sniffEnvelope } from '../../../src/core/envelopeFormat';
import type { TestSurface } from '../../../src/extension';
import {
  editingFixture,
  editorOf,
  filesContaining,
  plaintextRoots,
  revertAndClose,
  sleep,
  type EditingFixture,
} from './editingSupport';
import { createTestKey, importTestMaterial, sandboxApi, uniqueAlias } from '../keys/keysSupport';
import { closeAllEditorsDiscarding, resetSettings, waitFor } from '../support';

const decryptedView = (file: vscode.Uri): vscode.Uri =>
  vscode.Uri.file(file.fsPath).with({ scheme: 'awskms-decrypted' });

async function rejection(promise: Promise<unknown>): Promise<KmsExtensionError> {
  try {
    await promise;
  } catch (error) {
    return error as KmsExtensionError;
  }
  throw new Error('expected a refusal');
}

describe('Editing encrypted files', function () {
  this.timeout(90_000);
  let api: TestSurface;
  let f: EditingFixture;
  let key: string;
  const context = { purpose: 'editing-test' };
  /** The first save of each file under the sandbox asks (see the sandbox test): answered here, and recorded. */
  const sandboxSaves = { asked: [] as string[], answer: true };

  before(async () => {
    api = await sandboxApi();
    f = await editingFixture(api);
    key = (await createTestKey(api, uniqueAlias('editing'))).arn;
    api.editing.files.confirm = async (message, detail) => {
      sandboxSaves.asked.push(`${message}\n${detail}`);
      return sandboxSaves.answer;
    };
  });
  after(async () => {
    await closeAllEditorsDiscarding();
    await f?.close();
    await resetSettings();
  });

  it('Open Decrypted → edit → save writes a valid envelope with the new content, and no plaintext anywhere', async () => {
    const started = Date.now() - 1000;
    const file = await f.encrypted('notes.txt', 'first line\n', [key], context);
    await vscode.commands.executeCommand('awsKms.file.openDecrypted', file);
    const editor = await editorOf(decryptedView(file));
    assert.strictEqual(editor.document.getText(), 'first line\n');
    assert.strictEqual(editor.document.languageId, 'plaintext');

    const marker = `PLAINTEXT-MARKER-${randomBytes(12).toString('hex')}`;
    assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), `${marker}\n`)));
    assert.ok(editor.document.isDirty);
    await sleep(2500); // longer than VS Code's backup delay for dirty editors
    const whileDirty = await filesContaining(marker, plaintextRoots(api), started);
    console.log(
      `      plaintext files while the decrypted editor was dirty (hot-exit backups): ${whileDirty.length ? whileDirty.join(', ') : 'none'}`,
    );

    assert.strictEqual(await editor.document.save(), true);
    assert.strictEqual(editor.document.isDirty, false);
    const stored = await readFile(file.fsPath);
    assert.strictEqual(sniffEnvelope(stored)?.encoding, 'base64', 'the file is still an armoured envelope');
    const opened = await f.engine.decryptToMemory(file.fsPath);
    try {
      assert.ok(opened.plaintext.toString('utf8') === `first line\n${marker}\n`, 'the envelope holds the edited text');
      assert.deepStrictEqual(opened.params.keys, [key]);
      assert.deepStrictEqual(opened.params.context, context);
    } finally {
      opened.plaintext.fill(0);
    }
    assert.deepStrictEqual(
      await filesContaining(marker, plaintextRoots(api), started),
      [],
      'no file holds the plaintext after the save',
    );
    await revertAndClose(decryptedView(file));
  });

  it('on the sandbox, the first save of a file asks with the sandbox warning; declined, nothing is written', async () => {
    const file = await f.encrypted('sandbox-save.txt', 'line one\n', [key], context);
    await vscode.commands.executeCommand('awsKms.file.openDecrypted', file);
    const editor = await editorOf(decryptedView(file));
    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), 'line two\n'));
    const original = await readFile(file.fsPath);
    const failures: string[] = [];
    const listener = api.editing.files.onDidFailSave(({ error }) => failures.push(error.message));
    sandboxSaves.asked.length = 0;
    try {
      sandboxSaves.answer = false;
      assert.strictEqual(await editor.document.save(), false);
      assert.ok(editor.document.isDirty, 'the edit is still in the editor');
      assert.deepStrictEqual(await readFile(file.fsPath), original, 'the file is byte-identical');
      assert.strictEqual(sandboxSaves.asked.length, 1);
      assert.match(sandboxSaves.asked[0], /^Save sandbox-save\.txt under sandbox keys\?\n/);
      assert.match(sandboxSaves.asked[0], /local sandbox keys, not AWS KMS: they protect nothing/);
      assert.ok(sandboxSaves.asked[0].includes(key), 'the question names the key');
      assert.match(failures[0] ?? '', /sandbox-save\.txt is not saved: you declined to encrypt it under sandbox keys/);

      sandboxSaves.answer = true;
      assert.strictEqual(await editor.document.save(), true);
      await editor.edit((edit) => edit.insert(new vscode.Position(2, 0), 'line three\n'));
      assert.strictEqual(await editor.document.save(), true);
      assert.strictEqual(sandboxSaves.asked.length, 2, 'accepted once, the file saves without asking again');
      const saved = await f.engine.decryptToMemory(file.fsPath);
      assert.strictEqual(saved.plaintext.toString('utf8'), 'line one\nline two\nline three\n');
      saved.plaintext.fill(0);
    } finally {
      sandboxSaves.answer = true;
      listener.dispose();
      await revertAndClose(decryptedView(file));
    }
  });

  it('(control) the plaintext scan finds a marker in the workspace, the temp folder and the user-data folder', async () => {
    const started = Date.now() - 1000;
    const marker = `CONTROL-MARKER-${randomBytes(12).toString('hex')}`;
    await mkdir(api.globalStorage.fsPath, { recursive: true });
    const places = [
      path.join(f.dir, 'control.txt'),
      path.join(tmpdir(), `control-${randomBytes(4).toString('hex')}.txt`),
      path.join(api.globalStorage.fsPath, 'control.txt'),
    ];
    try {
      await Promise.all(
        places.map(async (place, i) =>
          writeFile(place, i === 2 ? Buffer.from(`x${marker}x`, 'utf16le') : `x${marker}x`),
        ),
      );
      assert.deepStrictEqual((await filesContaining(marker, plaintextRoots(api), started)).sort(), [...places].sort());
    } finally {
      await Promise.all(places.map(async (place) => rm(place, { force: true })));
    }
  });

  it('Show Envelope Info shows suite, keys, context, frames and sizes without any KMS call', async () => {
    const file = await f.encrypted('info.json', '{"a": 1}\n', [key], context);
    const before = f.served.length;
    const text = await vscode.commands.executeCommand('awsKms.file.showEnvelopeInfo', file);
    assert.strictEqual(typeof text, 'string');
    for (const fact of [
      key,
      '| purpose | editing-test |',
      'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384',
      '**Frame length:** 1.0 MiB',
      'plaintext 9 B',
      'base64 armour',
    ]) {
      assert.ok((text as string).includes(fact), `the info names ${fact}`);
    }
    const shown = vscode.workspace.textDocuments.find(
      (d) => d.uri.scheme === 'awskms-envelope-info' && d.uri.query === file.fsPath,
    );
    assert.ok(shown, 'the info document is open');
    assert.strictEqual(shown.getText(), text);
    // Rendered, not Markdown source: a Markdown preview tab, and no text editor of the info document.
    await waitFor('the rendered info', () =>
      vscode.window.tabGroups.all.some((g) =>
        g.tabs.some(
          (tab) =>
            tab.input instanceof vscode.TabInputWebview &&
            tab.input.viewType.includes('markdown.preview') &&
            tab.label.includes('info.json'),
        ),
      ),
    );
    assert.ok(
      !vscode.window.visibleTextEditors.some((e) => e.document.uri.scheme === 'awskms-envelope-info'),
      'no Markdown source shown',
    );
    assert.deepStrictEqual(f.served.slice(before), [], 'no KMS request reached the sandbox');
  });

  it('without an argument both commands act on the active editor, encrypted or decrypted', async () => {
    const file = await f.encrypted('active.txt', 'active\n', [key], context);
    await vscode.window.showTextDocument(file);
    await vscode.commands.executeCommand('awsKms.file.openDecrypted');
    const editor = await editorOf(decryptedView(file));
    assert.strictEqual(vscode.window.activeTextEditor, editor);
    assert.strictEqual(editor.document.getText(), 'active\n');
    const text = await api.editing.commands['awsKms.file.showEnvelopeInfo']();
    assert.ok(typeof text === 'string' && text.startsWith('# active.txt\n') && text.includes(key));
    await revertAndClose(decryptedView(file));
  });

  it('the first line of an encrypted file has the envelope info as hover, without any KMS call', async () => {
    const file = await f.encrypted('hover.txt', 'hover me\n', [key], context);
    await vscode.window.showTextDocument(file);
    const before = f.served.length;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      file,
      new vscode.Position(0, 3),
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.ok(text.includes(key), 'the hover names the wrapping key');
    assert.ok(text.includes('| purpose | editing-test |'), 'the hover shows the context');
    assert.ok(text.includes('command:awsKms.file.openDecrypted?'), 'the hover links Open Decrypted');
    const second = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      file,
      new vscode.Position(1, 3),
    );
    assert.ok(
      !second.some((h) => h.contents.some((c) => (typeof c === 'string' ? c : c.value).includes(key))),
      'only the first line',
    );
    assert.deepStrictEqual(f.served.slice(before), []);
  });

  it('opening an encrypted file in the normal editor offers Open Decrypted, until the file is decrypted', async () => {
    const file = await f.encrypted('offer.txt', 'offer me\n', [key]);
    const offered = new Promise<vscode.Uri>((resolve) => {
      const d = api.editing.offers.onDidOffer((uri) => {
        d.dispose();
        resolve(uri);
      });
    });
    await vscode.window.showTextDocument(file);
    assert.strictEqual((await offered).fsPath, file.fsPath);
    assert.strictEqual(api.editing.offers.offeredFile?.fsPath, file.fsPath);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file);
    const open = lenses.find((lens) => lens.command?.command === 'awsKms.file.openDecrypted');
    assert.ok(open, 'a CodeLens offers Open Decrypted');
    assert.strictEqual((open.command?.arguments?.[0] as vscode.Uri).fsPath, file.fsPath);
    // A plain file gets neither.
    const plain = vscode.Uri.file(`${f.dir}/plain.txt`);
    await writeFile(plain.fsPath, 'AgV4 looks like base64 but is not an envelope\n');
    await vscode.workspace.openTextDocument(plain); // CodeLens providers run on open documents only
    assert.deepStrictEqual(
      await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', plain),
      [],
    );
    // Decrypted in place, the file no longer is encrypted: the offer goes with it.
    await vscode.commands.executeCommand('awsKms.file.decrypt', file);
    await waitFor('the offer withdrawn', () => api.editing.offers.offeredFile === undefined);
    assert.strictEqual(vscode.window.activeTextEditor?.document.getText(), 'offer me\n');
  });

  it('a save that KMS refuses leaves the file byte-identical and the editor dirty, with a clear error', async () => {
    const owned = (await createTestKey(api, uniqueAlias('editing-refused'))).arn;
    const file = await f.encrypted('refused.txt', 'keep me\n', [owned]);
    await vscode.commands.executeCommand('awsKms.file.openDecrypted', file);
    const editor = await editorOf(decryptedView(file));
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'edited '));
    const original = await readFile(file.fsPath);
    const failures: string[] = [];
    const listener = api.editing.files.onDidFailSave(({ error }) => failures.push(error.message));
    const kms = await api.connections.client();
    try {
      await kms.send(new DisableKeyCommand({ KeyId: owned }));
      assert.strictEqual(await editor.document.save(), false);
      assert.ok(editor.document.isDirty, 'the edit is still in the editor');
      assert.deepStrictEqual(await readFile(file.fsPath), original);
      assert.match(failures[0] ?? '', new RegExp(`The KMS key ${owned} is disabled: enable it, then retry\\.`));

      await kms.send(new EnableKeyCommand({ KeyId: owned }));
      const allow = f.deny('Decrypt'); // the key can make a data key, but this connection could not read the result
      try {
        assert.strictEqual(await editor.document.save(), false);
      } finally {
        allow();
      }
      assert.deepStrictEqual(await readFile(file.fsPath), original);
      assert.match(
        failures[1] ?? '',
        /refused\.txt was not changed: its new encrypted version could not be decrypted with this connection, so it would be unrecoverable\. Cause: Access denied: kms:Decrypt/,
      );

      assert.strictEqual(await editor.document.save(), true, 'once KMS allows it, the same edit saves');
      const saved = await f.engine.decryptToMemory(file.fsPath);
      assert.strictEqual(saved.plaintext.toString('utf8'), 'edited keep me\n');
      saved.plaintext.fill(0);
    } finally {
      listener.dispose();
      await kms.send(new EnableKeyCommand({ KeyId: owned }));
      await revertAndClose(decryptedView(file));
    }
  });

  it('a file changed on disk since it was opened is not overwritten: the save is refused and the edit kept', async () => {
    const file = await f.encrypted('changed.txt', 'version one\n', [key], context);
    await vscode.commands.executeCommand('awsKms.file.openDecrypted', file);
    const editor = await editorOf(decryptedView(file));
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'mine: '));
    await sleep(50);
    // Someone re-encrypts the file meanwhile, with another context.
    await f.engine.reencryptFile(file.fsPath, {
      keys: { keyArns: [key] },
      newContext: { purpose: 'changed' },
      destination: { inPlace: true },
    });
    const theirs = await readFile(file.fsPath);
    assert.strictEqual(await editor.document.save(), false);
    assert.ok(editor.document.isDirty);
    assert.deepStrictEqual(await readFile(file.fsPath), theirs);
    await revertAndClose(decryptedView(file));
  });

  it('a file deleted on disk meanwhile is not recreated: the save is refused and the edit kept', async () => {
    const file = await f.encrypted('deleted.txt', 'soon gone\n', [key]);
    await vscode.commands.executeCommand('awsKms.file.openDecrypted', file);
    const editor = await editorOf(decryptedView(file));
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'kept: '));
    try {
      await rm(file.fsPath);
      await sleep(500);
      assert.strictEqual(await editor.document.save(), false);
      assert.ok(editor.document.isDirty);
      // What the provider says when VS Code asks it to create the file (VS Code may also refuse on its own first).
      await assert.rejects(
        Promise.resolve(
          api.editing.files.writeFile(decryptedView(file), Buffer.from('x'), { create: true, overwrite: true }),
        ),
        (error: Error) =>
          error.message ===
          'deleted.txt does not exist on disk any more: the decrypted view only saves over an existing encrypted file. Use Encrypt File to create one.',
      );
      assert.deepStrictEqual(
        (await readdir(f.dir)).filter((name) => name.includes('deleted.txt')),
        [],
        'nothing was written in its place',
      );
    } finally {
      await revertAndClose(decryptedView(file));
    }
  });

  it('a clean decrypted editor follows a change on disk', async () => {
    const file = await f.encrypted('follow.txt', 'before\n', [key], context);
    await vscode.commands.executeCommand('awsKms.file.openDecrypted', file);
    const editor = await editorOf(decryptedView(file));
    assert.strictEqual(editor.document.getText(), 'before\n');
    const params = api.editing.files.saveParams(file);
    assert.ok(params);
    await f.engine.encryptFromMemory(file.fsPath, Buffer.from('after\n'), params);
    await waitFor('the editor to reload', () => editor.document.getText() === 'after\n');
    assert.strictEqual(editor.document.isDirty, false);
    await revertAndClose(decryptedView(file));
  });

  it('a key pending import refuses to open, offering Import Key Material for that key', async () => {
    const external = await createTestKey(api, uniqueAlias('editing-byok'), { Origin: 'EXTERNAL' });
    await importTestMaterial(api, external.keyId);
    const file = await f.encrypted('byok.txt', 'imported\n', [external.arn]);
    await (await api.connections.client()).send(new DeleteImportedKeyMaterialCommand({ KeyId: external.keyId }));
    const error = await rejection(Promise.resolve(api.editing.commands['awsKms.file.openDecrypted'](file)));
    assert.strictEqual(error.code, 'KeyPendingImport');
    assert.strictEqual(
      error.message,
      `The KMS key ${external.arn} is pending import: re-import its key material, then retry.`,
    );
    assert.strictEqual(error.next, 'importMaterial');
    assert.strictEqual(error.target, external.arn);
  });

  it('a tampered file refuses to open, with a clear error', async () => {
    const file = await f.encrypted('tampered.bin', randomBytes(3000), [key]);
    const bytes = await readFile(file.fsPath);
    bytes[bytes.length - 300] ^= 0x01;
    await writeFile(file.fsPath, bytes);
    const error = await rejection(Promise.resolve(api.editing.commands['awsKms.file.openDecrypted'](file)));
    assert.strictEqual(error.code, 'Tampered');
    assert.match(
      error.message,
      /^tampered\.bin failed authentication: it was modified or damaged after it was encrypted .*Restore it from a backup\.$/,
    );
    assert.ok(
      !vscode.workspace.textDocuments.some((d) => d.uri.toString() === decryptedView(file).toString()),
      'no decrypted editor opened',
    );
  });

  it('refuses files too large for memory, pointing to Decrypt File', async () => {
    const file = await f.encrypted('huge.bin', randomBytes(17 * 1024 * 1024), [key]);
    const before = f.served.length;
    const error = await rejection(Promise.resolve(api.editing.commands['awsKms.file.openDecrypted'](file)));
    assert.strictEqual(error.code, 'TooLargeForMemory');
    assert.match(
      error.message,
      /^huge\.bin is too large to open decrypted in the editor \(17\.0 MiB; the limit is 16\.0 MiB\): use Decrypt File/,
    );
    assert.deepStrictEqual(f.served.slice(before), [], 'refused before any KMS call');
  });
});
