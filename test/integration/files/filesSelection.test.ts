// Encrypt / Decrypt Selection (KMS Encrypt of inline secrets) and Generate Data Key in the real extension host
// against the sandbox KMS.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { DecryptCommand } from '@aws-sdk/client-kms';
import type { TestSurface } from '../../../src/extension';
import { fileCommandError } from './filesSupport';
import { sandboxKms, sandboxWithKey } from '../keys/keysSupport';
import { closeAllEditorsDiscarding, resetSettings, setSettings } from '../support';

describe('Selection and data key commands', function () {
  this.timeout(60_000);
  let api: TestSurface;
  let alias: string;
  let keyArn: string;

  before(async () => {
    ({ api, alias, keyArn } = await sandboxWithKey('selection'));
  });
  afterEach(async () => {
    await closeAllEditorsDiscarding();
    await setSettings({ 'encryption.context': undefined });
  });
  after(resetSettings);

  async function editorWith(content: string): Promise<vscode.TextEditor> {
    const document = await vscode.workspace.openTextDocument({ content, language: 'properties' });
    return vscode.window.showTextDocument(document);
  }
  const select = (editor: vscode.TextEditor, line: number, from: number, to: number): void => {
    editor.selection = new vscode.Selection(line, from, line, to);
  };

  it('encrypts the selected values in place as base64 and decrypts them back, bound to the context of the settings', async () => {
    await setSettings({ 'encryption.context': { app: 'billing' } });
    const editor = await editorWith('user=admin\npassword=s3cr3t-ü\n');
    editor.selections = [new vscode.Selection(0, 5, 0, 10), new vscode.Selection(1, 9, 1, 17)];
    assert.strictEqual(
      await vscode.commands.executeCommand('awsKms.selection.encrypt', { keys: [alias], confirmed: true }),
      2,
    );
    const [first, second] = editor.document
      .getText()
      .split('\n')
      .map((line) => line.slice(line.indexOf('=') + 1));
    assert.match(first, /^[A-Za-z0-9+/]+=*$/);
    assert.match(second, /^[A-Za-z0-9+/]+=*$/);
    assert.doesNotMatch(editor.document.getText(), /s3cr3t|admin/);

    editor.selections = [
      new vscode.Selection(0, 5, 0, 5 + first.length),
      new vscode.Selection(1, 9, 1, 9 + second.length),
    ];
    // The context is part of the ciphertext: without it KMS refuses, with a message that names the setting.
    await setSettings({ 'encryption.context': undefined });
    const refused = await fileCommandError(api, 'awsKms.selection.decrypt', {});
    assert.strictEqual(refused.code, 'InvalidCiphertext');
    assert.match(refused.message, /encryption context/);
    assert.strictEqual(
      await vscode.commands.executeCommand('awsKms.selection.decrypt', { expectedContext: { app: 'billing' } }),
      2,
    );
    assert.strictEqual(editor.document.getText(), 'user=admin\npassword=s3cr3t-ü\n');
  });

  it('refuses a selection over the 4,096 bytes of KMS Encrypt, and a selection that is not ciphertext, changing nothing', async () => {
    const big = 'x'.repeat(4097);
    const editor = await editorWith(`${big}\nnot base64!\n`);
    select(editor, 0, 0, 4097);
    const tooLarge = await fileCommandError(api, 'awsKms.selection.encrypt', { keys: [alias] });
    assert.strictEqual(tooLarge.code, 'SelectionTooLarge');
    assert.match(tooLarge.message, /Encrypt File/);
    select(editor, 1, 0, 11);
    const notCiphertext = await fileCommandError(api, 'awsKms.selection.decrypt', {});
    assert.strictEqual(notCiphertext.code, 'NotCiphertext');
    assert.strictEqual(editor.document.getText(), `${big}\nnot base64!\n`);
  });

  it('Generate Data Key shows the AWS CLI JSON in an untitled editor; its CiphertextBlob decrypts to its Plaintext', async () => {
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('awsKms.dataKey.generate', {
      keys: [alias],
    });
    assert.ok(document.isUntitled, 'never saved to a file');
    assert.strictEqual(vscode.window.activeTextEditor?.document, document);
    const json = JSON.parse(document.getText()) as { CiphertextBlob: string; Plaintext: string; KeyId: string };
    assert.deepStrictEqual(Object.keys(json).slice(0, 3), ['CiphertextBlob', 'Plaintext', 'KeyId']);
    assert.strictEqual(json.KeyId, keyArn);
    assert.strictEqual(Buffer.from(json.Plaintext, 'base64').length, 32);
    const { Plaintext } = await (
      await sandboxKms(api)
    ).send(new DecryptCommand({ CiphertextBlob: Buffer.from(json.CiphertextBlob, 'base64') }));
    assert.strictEqual(Buffer.from(Plaintext ?? []).toString('base64'), json.Plaintext);
  });
});
