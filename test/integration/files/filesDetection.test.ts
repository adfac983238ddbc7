// Detection of encrypted files for the menus: by content, kept current by a file watcher for files changed outside
// the commands (git checkout, the kms-envelope CLI), and for the active editor.
import * as assert from 'assert';
import { mkdir, rm, writeFile } from 'fs/promises';
import { join } from 'path';
import * as vscode from 'vscode';
import type { TestSurface } from '../../../src/extension';
import { createTestKey, sandboxApi, uniqueAlias } from '../keys/keysSupport';
import { closeAllEditorsDiscarding, resetSettings, waitFor } from '../support';

describe('Encrypted file detection', function () {
  this.timeout(60_000);
  let api: TestSurface;
  let folder: string;

  before(async () => {
    api = await sandboxApi();
    const [workspace] = vscode.workspace.workspaceFolders ?? [];
    assert.ok(workspace, 'the tests run with the fixture workspace open');
    folder = join(workspace.uri.fsPath, `detection-${Date.now().toString(36)}`);
    await mkdir(folder);
  });
  after(async () => {
    await closeAllEditorsDiscarding();
    await rm(folder, { recursive: true, force: true });
    await resetSettings();
  });

  it('notices a workspace file encrypted or decrypted by another tool, and follows the active editor', async () => {
    const alias = uniqueAlias('detect');
    await createTestKey(api, alias);
    const path = join(folder, 'outside.txt');
    await writeFile(path, 'plain at first\n');
    const uri = vscode.Uri.file(path);
    const engine = await api.connections.envelopeEngine();

    await engine.encryptFile(path, { keys: [alias], destination: { inPlace: true } });
    await waitFor('the watcher to see the encrypted file', () => api.files.detection.isKnownEncrypted(uri));
    await vscode.window.showTextDocument(uri);
    await waitFor('awsKms.activeFileEncrypted', () => api.files.detection.activeFileEncrypted);

    await engine.decryptFile(path, { keys: { discovery: true }, destination: { inPlace: true } });
    await waitFor('the watcher to see the decrypted file', () => !api.files.detection.isKnownEncrypted(uri));
    await waitFor('awsKms.activeFileEncrypted to clear', () => !api.files.detection.activeFileEncrypted);

    await engine.encryptFile(path, { keys: [alias], destination: { inPlace: true } });
    await waitFor('the watcher to see it encrypted again', () => api.files.detection.isKnownEncrypted(uri));
    await rm(path);
    await waitFor('a deleted file to be forgotten', () => !api.files.detection.isKnownEncrypted(uri));
  });
});
