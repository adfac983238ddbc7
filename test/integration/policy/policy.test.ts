// Edit Key Policy and Show Key Policy in the real extension host, against the sandbox KMS: the policy as a JSON
// document, saves that parse, confirm, warn about a lockout, and keep the editor dirty when they fail.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { GetKeyPolicyCommand } from '@aws-sdk/client-kms';
import type { TestSurface } from '../../../src/extension';
import { keyRow, sandboxKms, sandboxWithKey, settle } from '../keys/keysSupport';
import { closeAllEditorsDiscarding, resetSettings, waitFor } from '../support';

const ROOT = 'arn:aws:iam::111122223333:root';

describe('Key policy documents', function () {
  this.timeout(90_000);
  let api: TestSurface;
  let alias: string;
  let keyArn: string;
  /** The confirmations asked before PutKeyPolicy, and the answer the next one gets. */
  const asked: string[] = [];
  let answer = true;

  before(async () => {
    ({ api, alias, keyArn } = await sandboxWithKey('policy'));
    alias = alias.replace(/^alias\//, '');
    await settle(api); // the tree lists the new key under its alias
    api.policy.files.confirm = async (message, detail) => {
      asked.push(`${message}\n${detail}`);
      return answer;
    };
  });
  beforeEach(() => {
    asked.length = 0;
    answer = true;
  });
  afterEach(async () => closeAllEditorsDiscarding());
  after(async () => resetSettings());

  const policyInKms = async (): Promise<string> =>
    (await (await sandboxKms(api)).send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' }))).Policy ??
    '';

  const edit = async (): Promise<vscode.TextEditor> =>
    (await api.policy.commands['awsKms.policy.edit'](await keyRow(api, alias))) as vscode.TextEditor;

  async function replaceText(editor: vscode.TextEditor, text: string): Promise<void> {
    const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
    assert.ok(await editor.edit((e) => e.replace(whole, text)));
    assert.ok(editor.document.isDirty);
  }

  const ours = (uri: vscode.Uri): vscode.Diagnostic[] =>
    vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'AWS KMS');

  const statement = (sid: string, principal: unknown, action: unknown): Record<string, unknown> => ({
    Sid: sid,
    Effect: 'Allow',
    Principal: principal,
    Action: action,
    Resource: '*',
  });

  it('opens the policy as pretty-printed JSON named after the alias, and saves an edit with PutKeyPolicy', async () => {
    const editor = await edit();
    const { document } = editor;
    assert.strictEqual(document.uri.scheme, 'awskms-policy');
    assert.ok(document.uri.path.endsWith(`/${alias}.policy.json`), document.uri.path);
    assert.strictEqual(document.languageId, 'json');
    const current = JSON.parse(document.getText()) as { Statement: unknown[] };
    assert.strictEqual(document.getText(), `${JSON.stringify(current, null, 2)}\n`);

    const next = {
      ...current,
      Statement: [
        ...current.Statement,
        statement('AppDecrypt', { AWS: 'arn:aws:iam::111122223333:role/App' }, 'kms:Decrypt'),
      ],
    };
    await replaceText(editor, JSON.stringify(next, null, 2));
    assert.strictEqual(await document.save(), true);
    assert.strictEqual(document.isDirty, false);
    assert.deepStrictEqual(JSON.parse(await policyInKms()), next);
    assert.strictEqual(asked.length, 1);
    assert.match(asked[0] ?? '', /Added: AppDecrypt/);
    assert.doesNotMatch(asked[0] ?? '', /Warning/);
  });

  it('refuses to save invalid JSON: the editor stays dirty with a diagnostic where the JSON breaks', async () => {
    const before = await policyInKms();
    const editor = await edit();
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [ }\n}\n';
    await replaceText(editor, text);
    assert.strictEqual(await editor.document.save(), false);
    assert.ok(editor.document.isDirty);
    const [diagnostic] = ours(editor.document.uri);
    assert.ok(diagnostic, 'a diagnostic of the failed save');
    assert.match(diagnostic.message, /not valid JSON/);
    assert.deepStrictEqual(diagnostic.range.start, editor.document.positionAt(text.indexOf('}')));
    assert.strictEqual(asked.length, 0, 'nothing to confirm before the text parses');
    assert.strictEqual(await policyInKms(), before);
  });

  it('keeps the editor dirty when KMS refuses the policy (MalformedPolicyDocumentException), with the reason', async () => {
    const before = await policyInKms();
    const editor = await edit();
    const failures: Error[] = [];
    const listening = api.policy.files.onDidFailSave((f) => failures.push(f.error));
    try {
      await replaceText(editor, JSON.stringify({ Version: '2012-10-17', Id: 'no-statements' }, null, 2));
      assert.strictEqual(await editor.document.save(), false);
    } finally {
      listening.dispose();
    }
    assert.ok(editor.document.isDirty);
    assert.match(failures[0]?.message ?? '', /MalformedPolicyDocumentException/);
    const [diagnostic] = ours(editor.document.uri);
    assert.match(diagnostic?.message ?? '', /MalformedPolicyDocumentException/);
    assert.strictEqual(await policyInKms(), before);
  });

  it('warns before a policy that no longer lets the account root change it, and saves nothing when declined', async () => {
    const before = await policyInKms();
    const editor = await edit();
    const locked = {
      Version: '2012-10-17',
      Statement: [statement('AppOnly', { AWS: 'arn:aws:iam::111122223333:role/App' }, ['kms:Decrypt', 'kms:Encrypt'])],
    };
    await replaceText(editor, JSON.stringify(locked, null, 2));
    answer = false;
    assert.strictEqual(await editor.document.save(), false);
    assert.ok(editor.document.isDirty);
    assert.strictEqual(asked.length, 1);
    assert.match(
      asked[0] ?? '',
      new RegExp(`Warning: .*${ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*kms:PutKeyPolicy`),
    );
    assert.match(asked[0] ?? '', /unmanageable/);
    assert.strictEqual(await policyInKms(), before);
  });

  it('does not auto-save: an auto-save fails without asking or sending, and the edit stays dirty', async () => {
    const before = await policyInKms();
    const files = vscode.workspace.getConfiguration('files');
    const editor = await edit();
    const failures: Error[] = [];
    const listening = api.policy.files.onDidFailSave((f) => failures.push(f.error));
    try {
      await files.update('autoSaveDelay', 100, vscode.ConfigurationTarget.Global);
      await files.update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
      await replaceText(editor, `${editor.document.getText()} `);
      await waitFor('the auto-save to fail', () => failures.length > 0);
    } finally {
      listening.dispose();
      await files.update('autoSave', undefined, vscode.ConfigurationTarget.Global);
      await files.update('autoSaveDelay', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.match(failures[0]?.message ?? '', /not auto-saved/);
    assert.ok(editor.document.isDirty);
    assert.strictEqual(asked.length, 0);
    assert.strictEqual(await policyInKms(), before);
  });

  it('Show Key Policy opens the policy read-only', async () => {
    const editor = (await api.policy.commands['awsKms.policy.show'](keyArn)) as vscode.TextEditor;
    const { uri } = editor.document;
    assert.deepStrictEqual(JSON.parse(editor.document.getText()), JSON.parse(await policyInKms()));
    assert.strictEqual((await vscode.workspace.fs.stat(uri)).permissions, vscode.FilePermission.Readonly);
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('{}'))),
      /read-only/,
    );
  });

  it('validates the document against the key policy schema (jsonValidation for the awskms-policy: files)', async () => {
    const editor = await edit();
    const text = JSON.stringify(
      { Version: '2012-10-17', Statement: [{ ...statement('Odd', { AWS: ROOT }, 'kms:*'), Effect: 'Maybe' }] },
      null,
      2,
    );
    await replaceText(editor, text);
    const { uri } = editor.document;
    await waitFor('the JSON language server to check the schema', () =>
      vscode.languages.getDiagnostics(uri).some((d) => d.source === 'json' || /Allow|Deny/.test(d.message)),
    );
    const problems = vscode.languages.getDiagnostics(uri).filter((d) => d.source !== 'AWS KMS');
    const onEffect = problems.find((d) => editor.document.getText(d.range).includes('Maybe'));
    assert.ok(onEffect, problems.map((d) => d.message).join('; '));
  });
});
