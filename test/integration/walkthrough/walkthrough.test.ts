// Walks the "Bring your own key material" walkthrough the way a user does: each step's button command, run for real
// against the sandbox, and the milestone (the context key its completionEvents wait for) that the real event sets.
import * as assert from 'assert';
import { join } from 'path';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import * as vscode from 'vscode';
import type { CreatedKey } from '../../../src/keys/createKey';
import type { TestSurface } from '../../../src/extension';
import type { Milestone } from '../../../src/shared/milestones';
import { PageDriver, ScriptedUi, tempDir } from '../keyMaterial/keyMaterialSupport';
import { uniqueAlias } from '../keys/keysSupport';
import { closeAllEditorsDiscarding, extensionApi, resetSettings, waitFor } from '../support';

interface Step {
  id: string;
  description: string;
  completionEvents: string[];
}

function steps(): Step[] {
  const ext = vscode.extensions.getExtension('aws-kms-workbench.aws-kms-workbench');
  const manifest = ext?.packageJSON as { contributes: { walkthroughs: { id: string; steps: Step[] }[] } };
  const walkthrough = manifest.contributes.walkthroughs.find((w) => w.id === 'awsKms.byok');
  assert.ok(walkthrough, 'the awsKms.byok walkthrough is contributed');
  return walkthrough.steps;
}

/** The step's buttons: `[label](command:id?args)` links in its description. */
function buttons(stepId: string): { id: string; args: unknown[] }[] {
  const step = steps().find((s) => s.id === stepId);
  assert.ok(step, `step ${stepId}`);
  return [...step.description.matchAll(/\]\(command:([\w.]+)(?:\?([^)]+))?\)/g)].map(([, id, args]) => ({
    id: id as string,
    args: args ? (JSON.parse(decodeURIComponent(args)) as unknown[]) : [],
  }));
}

async function registered(id: string): Promise<boolean> {
  return (await vscode.commands.getCommands(true)).includes(id);
}

describe('Walkthrough: bring your own key material (on the sandbox)', function () {
  this.timeout(120_000);
  let api: TestSurface;
  let key: CreatedKey;
  let ui: ScriptedUi;
  let realUi: TestSurface['keyMaterial']['ui'];
  let backup: vscode.Uri;
  let sample: vscode.Uri;
  let sampleText: string;

  const milestone = async (name: Milestone): Promise<void> =>
    waitFor(`the ${name} milestone`, () => api.milestones().has(name), 30_000);

  /** Drives the key's page as its webview does: the same messages, with dialogs answered by ScriptedUi. */
  async function importOnPage(importType: 'NEW_KEY_MATERIAL' | 'EXISTING_KEY_MATERIAL'): Promise<void> {
    const page = await PageDriver.open(api, key.arn);
    await page.ok({ type: 'getParameters', spec: 'RSA_2048', algorithm: 'RSAES_OAEP_SHA_256' });
    if (importType === 'NEW_KEY_MATERIAL') {
      await page.ok({ type: 'generateMaterial' });
      ui.saveTo = backup;
      await page.ok({ type: 'saveBackup' });
    } else {
      ui.opens.push(backup);
      await page.ok({ type: 'loadMaterial' });
    }
    await page.ok({ type: 'import', choices: { expires: false, description: '', importType } });
  }

  async function keyState(): Promise<string | undefined> {
    const kms = await api.connections.client();
    return (await kms.send(new DescribeKeyCommand({ KeyId: key.arn }))).KeyMetadata?.KeyState;
  }

  before(async () => {
    api = await extensionApi();
    ui = new ScriptedUi();
    realUi = api.keyMaterial.ui;
    api.keyMaterial.ui = ui;
    backup = vscode.Uri.file(join(tempDir('walkthrough'), 'PlaintextKeyMaterial.bin'));
  });

  after(async () => {
    api.keyMaterial.ui = realUi;
    await closeAllEditorsDiscarding();
    await vscode.workspace.fs.delete(backup).then(undefined, () => undefined);
    if (sample) {
      await vscode.workspace.fs.delete(sample).then(undefined, () => undefined);
    }
    await resetSettings();
  });

  it('gives every step a button whose command is registered', async () => {
    for (const step of steps()) {
      for (const { id } of buttons(step.id)) {
        assert.ok(await registered(id), `${step.id}: ${id} is registered`);
      }
    }
  });

  it('1. connect: "Use the Sandbox" connects and completes the step', async () => {
    const [use] = buttons('connect');
    assert.strictEqual(use?.id, 'awsKms.connection.useSandbox');
    await vscode.commands.executeCommand(use.id, ...use.args);
    await waitFor('the sandbox connection', () => api.connections.connection?.kind === 'sandbox');
    await milestone('connected');
  });

  it('2. create key: the button makes a symmetric EXTERNAL key with an alias, pending import', async () => {
    const [create] = buttons('createKey');
    assert.strictEqual(create?.id, 'awsKms.key.create');
    // The button leaves the alias to a prompt; a test answers it in the options, as the prompt would.
    const [node, options] = create.args as [unknown, Record<string, unknown>];
    const created = await vscode.commands.executeCommand<CreatedKey | undefined>(create.id, node, {
      ...options,
      aliasName: uniqueAlias('walkthrough'),
    });
    assert.ok(created?.arn, 'Create Key returned the key');
    key = created;
    await milestone('keyCreated');
    assert.strictEqual(await keyState(), 'PendingImport');
  });

  it('3. import key material: the button opens the import for the key; importing enables it', async () => {
    const [open] = buttons('importMaterial');
    assert.strictEqual(open?.id, 'awsKms.key.importMaterial');
    assert.strictEqual(await vscode.commands.executeCommand(open.id, key.arn), key.arn);
    await importOnPage('NEW_KEY_MATERIAL');
    await milestone('materialImported');
    assert.strictEqual(await keyState(), 'Enabled');
  });

  it('4. encrypt a file: "Create Sample File" writes a sample file into the workspace and opens it', async () => {
    const [create] = buttons('encryptFile');
    assert.strictEqual(create?.id, 'awsKms.walkthrough.createSampleFile');
    sample = await vscode.commands.executeCommand<vscode.Uri>(create.id);
    assert.ok(sample, 'the command returned the new file');
    assert.strictEqual(
      vscode.window.activeTextEditor?.document.uri.toString(),
      sample.toString(),
      'the sample file is open',
    );
    sampleText = new TextDecoder().decode(await vscode.workspace.fs.readFile(sample));
    assert.match(sampleText, /sample file for the AWS KMS walkthrough/);
    // A second sample never overwrites the first (which may be encrypted by now).
    const second = await vscode.commands.executeCommand<vscode.Uri>(create.id);
    assert.notStrictEqual(second.toString(), sample.toString());
    assert.strictEqual(new TextDecoder().decode(await vscode.workspace.fs.readFile(sample)), sampleText);
    await vscode.workspace.fs.delete(second);
  });

  it('4. encrypt a file: "Encrypt File" encrypts the sample in place, with no editor of it active', async () => {
    const [, encrypt] = buttons('encryptFile');
    assert.strictEqual(encrypt?.id, 'awsKms.walkthrough.encryptSampleFile');
    assert.deepStrictEqual(encrypt.args, [], 'the button passes no file');
    // While the user reads the walkthrough, its own tab is the active editor: no text editor at all.
    await closeAllEditorsDiscarding();
    await vscode.commands.executeCommand(encrypt.id, { keys: [key.arn], confirmed: true });
    await milestone('fileEncrypted');
    assert.notStrictEqual(
      new TextDecoder().decode(await vscode.workspace.fs.readFile(sample)),
      sampleText,
      'the file is encrypted',
    );
  });

  it('5. delete the key material: the key goes back to pending import', async () => {
    const [remove] = buttons('deleteMaterial');
    assert.strictEqual(remove?.id, 'awsKms.key.deleteMaterial');
    await vscode.commands.executeCommand(remove.id, key.arn, { confirmation: key.alias });
    assert.strictEqual(await keyState(), 'PendingImport');
  });

  it('5. delete the key material: "Decrypt File" is refused with "pending import" and changes nothing', async () => {
    const [, decrypt] = buttons('deleteMaterial');
    assert.strictEqual(decrypt?.id, 'awsKms.walkthrough.decryptSampleFile');
    const before = await vscode.workspace.fs.readFile(sample);
    await closeAllEditorsDiscarding();
    await vscode.commands.executeCommand(decrypt.id);
    await milestone('decryptRefusedPendingImport');
    assert.deepStrictEqual(await vscode.workspace.fs.readFile(sample), before, 'the encrypted file is unchanged');
  });

  it('6. re-import the same material: the key is enabled again', async () => {
    const [open] = buttons('reimportMaterial');
    assert.strictEqual(open?.id, 'awsKms.key.importMaterial');
    assert.strictEqual(await vscode.commands.executeCommand(open.id, key.arn), key.arn);
    await importOnPage('EXISTING_KEY_MATERIAL');
    await milestone('materialReimported');
    assert.strictEqual(await keyState(), 'Enabled');
  });

  it('6. re-import the same material: "Decrypt File" restores the sample', async () => {
    const [, decrypt] = buttons('reimportMaterial');
    assert.strictEqual(decrypt?.id, 'awsKms.walkthrough.decryptSampleFile');
    await closeAllEditorsDiscarding();
    await vscode.commands.executeCommand(decrypt.id);
    await milestone('fileDecrypted');
    assert.strictEqual(new TextDecoder().decode(await vscode.workspace.fs.readFile(sample)), sampleText);
  });

  it('7. data key: Generate Data Key shows the CLI-shaped response', async () => {
    const [generate] = buttons('dataKey');
    assert.strictEqual(generate?.id, 'awsKms.dataKey.generate');
    await vscode.commands.executeCommand(generate.id, { keys: [key.arn] });
    await milestone('dataKeyGenerated');
    const shown = JSON.parse(vscode.window.activeTextEditor?.document.getText() ?? '{}') as Record<string, unknown>;
    assert.deepStrictEqual(Object.keys(shown).sort(), ['CiphertextBlob', 'KeyId', 'KeyMaterialId', 'Plaintext']);
  });

  it('8. re-encrypt: the encrypted file moves to a second key', async () => {
    const [create, reencrypt] = buttons('reencrypt');
    assert.strictEqual(create?.id, 'awsKms.key.create');
    assert.strictEqual(reencrypt?.id, 'awsKms.walkthrough.reencryptSampleFile');
    const second = await vscode.commands.executeCommand<CreatedKey>(create.id, undefined, {
      keyUsage: 'ENCRYPT_DECRYPT',
      keySpec: 'SYMMETRIC_DEFAULT',
      origin: 'AWS_KMS',
      aliasName: uniqueAlias('walkthrough-new'),
      description: '',
    });
    await vscode.commands.executeCommand('awsKms.walkthrough.encryptSampleFile', { keys: [key.arn], confirmed: true });
    await closeAllEditorsDiscarding();
    await vscode.commands.executeCommand(reencrypt.id, { keys: [second.arn], confirmed: true });
    await milestone('fileReencrypted');
    const info = await vscode.commands.executeCommand<string>('awsKms.file.showEnvelopeInfo', sample);
    assert.ok(
      info.includes(second.arn) && !info.includes(key.arn),
      'the sample is encrypted under the second key only',
    );
  });
});
