// Which keys the encrypting commands accept, in the real extension host against the sandbox KMS: keys that cannot
// encrypt (disabled, pending import, HMAC) are refused before any confirmation or KMS data call, with the next step;
// Re-encrypt starts from the file's current keys; Select Region on the sandbox changes no setting; Cancel Key
// Deletion says the key is left disabled.
import * as assert from 'assert';
import { readFile, writeFile } from 'fs/promises';
import { join } from 'path';
import * as vscode from 'vscode';
import { DisableKeyCommand, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import type { EncryptResult } from '../../../src/aws/envelope/types';
import type { TestSurface } from '../../../src/extension';
import {
  acceptingThePicker,
  countKmsCalls,
  fileCommandError,
  removeFolder,
  runFileCommand,
  sha256,
  tempFolder,
} from '../files/filesSupport';
import { createTestKey, keyRow, sandboxApi, sandboxKms, uniqueAlias } from './keysSupport';
import { closeAllEditorsDiscarding, resetSettings, setSettings, waitFor } from '../support';

const DATA_CALLS = ['GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'Encrypt', 'Decrypt', 'ReEncrypt'];

/** A key selected in the Keys view is preselected before the default keys: clear it (an earlier suite may select one). */
async function clearTreeSelection(api: TestSurface, test: Mocha.Context): Promise<void> {
  if (api.keys.view.selection.length === 0) {
    return;
  }
  await vscode.commands.executeCommand('awsKms.keys.focus');
  await vscode.commands.executeCommand('list.clear');
  await waitFor('the Keys view selection to clear', () => api.keys.view.selection.length === 0, 5_000).catch(() =>
    test.skip(),
  );
}

describe('Key choice of the encrypting commands', function () {
  this.timeout(90_000);
  let api: TestSurface;
  let dir: string;
  let enabled: { alias: string; arn: string };
  let disabled: { alias: string; arn: string };
  let hmac: { alias: string; arn: string };
  let pendingImport: { alias: string; arn: string };

  before(async () => {
    api = await sandboxApi();
    const make = async (prefix: string, input = {}) => {
      const alias = uniqueAlias(prefix);
      return { alias, ...(await createTestKey(api, alias, input)) };
    };
    enabled = await make('choice-enabled');
    disabled = await make('choice-disabled');
    hmac = await make('choice-hmac', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    pendingImport = await make('choice-byok', { Origin: 'EXTERNAL' });
    await (await sandboxKms(api)).send(new DisableKeyCommand({ KeyId: disabled.arn }));
    api.keys.tree.refresh();
  });
  beforeEach(async () => {
    dir = await tempFolder();
  });
  afterEach(async () => {
    await closeAllEditorsDiscarding();
    await removeFolder(dir);
    await setSettings({ 'encryption.defaultKeys': undefined, region: undefined });
  });
  after(resetSettings);

  async function plainFile(name: string): Promise<vscode.Uri> {
    const path = join(dir, name);
    await writeFile(path, `the content of ${name}\n`);
    return vscode.Uri.file(path);
  }

  it('refuses a disabled key for Encrypt File before any confirmation or KMS data call, offering Enable Key for it', async () => {
    const uri = await plainFile('disabled.txt');
    const hash = await sha256(uri.fsPath);
    const calls = await countKmsCalls(api);
    try {
      // No `confirmed`: the refusal must come before the confirmation would be asked.
      const refused = await fileCommandError(api, 'awsKms.file.encrypt', uri, undefined, { keys: [disabled.alias] });
      assert.strictEqual(refused.code, 'KeyDisabled');
      assert.strictEqual(
        refused.message,
        `Encrypt File: ${disabled.alias} cannot encrypt while it is disabled: enable the key, then retry.`,
      );
      assert.strictEqual(refused.next, 'enableKey');
      assert.strictEqual(refused.target, disabled.arn);
      assert.ok(calls.count('DescribeKey') >= 1, 'the key was described');
      assert.deepStrictEqual(
        calls.served.filter((op) => DATA_CALLS.includes(op)),
        [],
        `KMS calls: ${calls.served.join(', ')}`,
      );
    } finally {
      calls.restore();
    }
    assert.strictEqual(await sha256(uri.fsPath), hash, 'nothing changed');
  });

  it('checks a workspace default key with DescribeKey: an HMAC default is refused with its usage, never as InvalidKeyUsageException', async function () {
    await setSettings({ 'encryption.defaultKeys': [hmac.alias] });
    await waitFor(
      'the setting',
      () => vscode.workspace.getConfiguration('awsKms').get<string[]>('encryption.defaultKeys')?.[0] === hmac.alias,
    );
    await clearTreeSelection(api, this);
    const uri = await plainFile('hmac.txt');
    const hash = await sha256(uri.fsPath);
    const calls = await countKmsCalls(api);
    try {
      const refused = await acceptingThePicker(async () =>
        fileCommandError(api, 'awsKms.file.encrypt', uri, undefined, {}),
      );
      assert.strictEqual(refused.code, 'InvalidKeyUsage');
      assert.strictEqual(
        refused.message,
        `Encrypt File: ${hmac.alias} is not a symmetric encryption key (HMAC_256, key usage GENERATE_VERIFY_MAC), ` +
          'so it cannot encrypt. Choose a key with key spec SYMMETRIC_DEFAULT and key usage ENCRYPT_DECRYPT.',
      );
      assert.deepStrictEqual(
        calls.served.filter((op) => DATA_CALLS.includes(op)),
        [],
        `KMS calls: ${calls.served.join(', ')}`,
      );
    } finally {
      calls.restore();
    }
    assert.strictEqual(await sha256(uri.fsPath), hash);
  });

  it('refuses a typed HMAC key for Generate Data Key, and a key pending import for Encrypt Selection with Import Key Material', async () => {
    const calls = await countKmsCalls(api);
    try {
      const wrongUsage = await fileCommandError(api, 'awsKms.dataKey.generate', { keys: [hmac.arn] });
      assert.strictEqual(wrongUsage.code, 'InvalidKeyUsage');
      assert.match(
        wrongUsage.message,
        /^Generate Data Key: .* is not a symmetric encryption key \(HMAC_256, key usage GENERATE_VERIFY_MAC\)/,
      );

      const document = await vscode.workspace.openTextDocument({
        content: 'password=hunter2\n',
        language: 'properties',
      });
      const editor = await vscode.window.showTextDocument(document);
      editor.selection = new vscode.Selection(0, 9, 0, 16);
      const pending = await fileCommandError(api, 'awsKms.selection.encrypt', { keys: [pendingImport.alias] });
      assert.strictEqual(pending.code, 'KeyPendingImport');
      assert.strictEqual(pending.next, 'importMaterial');
      assert.strictEqual(pending.target, pendingImport.arn);
      assert.strictEqual(editor.document.getText(), 'password=hunter2\n', 'the selection is unchanged');
      assert.deepStrictEqual(
        calls.served.filter((op) => DATA_CALLS.includes(op)),
        [],
        'no GenerateDataKey, no Encrypt',
      );
    } finally {
      calls.restore();
    }
  });

  it('refuses an empty key list and a key that does not exist, with a clear error', async () => {
    const uri = await plainFile('nokeys.txt');
    const none = await fileCommandError(api, 'awsKms.file.encrypt', uri, undefined, { keys: [] });
    assert.strictEqual(none.code, 'NoKeys');
    const missing = await fileCommandError(api, 'awsKms.file.encrypt', uri, undefined, {
      keys: ['alias/no-such-key-anywhere'],
    });
    assert.strictEqual(missing.code, 'KeyNotFound');
    assert.match(missing.message, /there is no key alias\/no-such-key-anywhere in us-east-1/);
    assert.strictEqual(await readFile(uri.fsPath, 'utf8'), 'the content of nokeys.txt\n');
  });

  it("Re-encrypt File ticks the file's current keys in the picker", async () => {
    const second = uniqueAlias('choice-second');
    const secondArn = (await createTestKey(api, second)).arn;
    const uri = await plainFile('current.txt');
    await runFileCommand<EncryptResult>('awsKms.file.encrypt', uri, [uri], {
      keys: [enabled.alias, second],
      confirmed: true,
    });
    // Accepting the preselection as it is keeps exactly the current keys: both of them, in the file's order.
    const result = await acceptingThePicker(async () =>
      runFileCommand<EncryptResult>('awsKms.file.reencrypt', uri, [uri], { confirmed: true }),
    );
    assert.ok(result.items[0]?.ok, JSON.stringify(result.items[0]));
    assert.deepStrictEqual(result.items[0].result.keyArns, [enabled.arn, secondArn]);
  });

  it('Select Region on the sandbox explains the sandbox region and writes no setting', async () => {
    const before = vscode.workspace.getConfiguration('awsKms').inspect<string>('region');
    await acceptingThePicker(async () => vscode.commands.executeCommand('awsKms.connection.selectRegion'));
    const after = vscode.workspace.getConfiguration('awsKms').inspect<string>('region');
    assert.strictEqual(after?.globalValue, before?.globalValue);
    assert.strictEqual(after?.workspaceValue, before?.workspaceValue);
    assert.strictEqual(api.connections.connection?.kind, 'sandbox');
  });

  it('Cancel Key Deletion reports that KMS leaves the key disabled', async () => {
    const alias = uniqueAlias('choice-cancel');
    const key = await createTestKey(api, alias);
    await (await sandboxKms(api)).send(new ScheduleKeyDeletionCommand({ KeyId: key.arn, PendingWindowInDays: 7 }));
    api.keys.tree.refresh();
    const state = await vscode.commands.executeCommand<string | undefined>(
      'awsKms.key.cancelDeletion',
      await keyRow(api, alias.slice('alias/'.length)),
    );
    assert.strictEqual(state, 'Disabled');
  });
});
