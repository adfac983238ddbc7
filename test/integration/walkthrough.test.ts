// Walks the "Bring your own key material" walkthrough the way a user does: each step's button command, run for real
// against the sandbox, and the milestone (the context key its completionEvents wait for) that the real event sets.
import * as assert from 'assert';
import { randomBytes } from 'crypto';
import { DescribeKeyCommand, GetParametersForImportCommand, ImportKeyMaterialCommand } from '@aws-sdk/client-kms';
import * as vscode from 'vscode';
import type { CreatedKey } from '../../src/commands/keys/createKey';
import { wrapKeyMaterial } from '../../src/core/keyMaterialWrap';
import type { ExtensionApi } from '../../src/extension';
import type { Milestone } from '../../src/shared/milestones';
import { uniqueAlias } from './keysSupport';
import { extensionApi, resetSettings, waitFor } from './support';

interface Step { id: string; description: string; completionEvents: string[] }

/**
 * Commands the file and key-material helpers are adding on their branches: until they are merged, the steps that
 * need them are skipped here (and only here). Empty this list after the merge.
 */
const AWAITING_MERGE = new Set(['awsKms.file.encrypt', 'awsKms.file.decrypt', 'awsKms.file.reencrypt', 'awsKms.dataKey.generate']);

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
  return [...step.description.matchAll(/\]\(command:([\w.]+)(?:\?([^)]+))?\)/g)]
    .map(([, id, args]) => ({ id: id as string, args: args ? JSON.parse(decodeURIComponent(args)) as unknown[] : [] }));
}

async function registered(id: string): Promise<boolean> {
  return (await vscode.commands.getCommands(true)).includes(id);
}

describe('Walkthrough: bring your own key material (on the sandbox)', function () {
  this.timeout(120_000);
  let api: ExtensionApi;
  let key: CreatedKey;
  let material: Buffer;
  let sample: vscode.Uri;
  let sampleText: string;

  const milestone = async (name: Milestone): Promise<void> =>
    waitFor(`the ${name} milestone`, () => api.milestones().has(name), 30_000);

  /** What the Key material page does on "Import": the same KMS calls, with material this test keeps for re-import. */
  async function importMaterial(): Promise<void> {
    const kms = await api.connections.client();
    const params = await kms.send(new GetParametersForImportCommand({ KeyId: key.arn, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
    assert.ok(params.PublicKey && params.ImportToken);
    await kms.send(new ImportKeyMaterialCommand({
      KeyId: key.arn, ImportToken: params.ImportToken, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      EncryptedKeyMaterial: wrapKeyMaterial(material, Buffer.from(params.PublicKey), 'RSAES_OAEP_SHA_256'),
    }));
  }

  async function keyState(): Promise<string | undefined> {
    const kms = await api.connections.client();
    return (await kms.send(new DescribeKeyCommand({ KeyId: key.arn }))).KeyMetadata?.KeyState;
  }

  async function needs(test: Mocha.Context, ...ids: string[]): Promise<void> {
    for (const id of ids) {
      if (!(await registered(id)) && AWAITING_MERGE.has(id)) { test.skip(); }
    }
  }

  before(async () => {
    api = await extensionApi();
    material = randomBytes(32);
  });

  after(async () => {
    material.fill(0);
    if (sample) { await vscode.workspace.fs.delete(sample).then(undefined, () => undefined); }
    await resetSettings();
  });

  it('gives every step a button whose command is registered', async () => {
    for (const step of steps()) {
      for (const { id } of buttons(step.id)) {
        assert.ok(await registered(id) || AWAITING_MERGE.has(id), `${step.id}: ${id} is registered`);
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
    const created = await vscode.commands.executeCommand<CreatedKey | undefined>(create.id, node, { ...options, aliasName: uniqueAlias('walkthrough') });
    assert.ok(created?.arn, 'Create Key returned the key');
    key = created;
    await milestone('keyCreated');
    assert.strictEqual(await keyState(), 'PendingImport');
  });

  it('3. import key material: the button opens the import for the key; importing enables it', async () => {
    const [open] = buttons('importMaterial');
    assert.strictEqual(open?.id, 'awsKms.key.importMaterial');
    assert.strictEqual(await vscode.commands.executeCommand(open.id, key.arn), key.arn);
    // The page's Import button cannot be clicked from the extension host (its UI test does that); the KMS calls are the same.
    await importMaterial();
    assert.strictEqual(await keyState(), 'Enabled');
  });

  it('4. encrypt a file: "Create Sample File" writes a sample file into the workspace and opens it', async () => {
    const [create] = buttons('encryptFile');
    assert.strictEqual(create?.id, 'awsKms.walkthrough.createSampleFile');
    sample = await vscode.commands.executeCommand<vscode.Uri>(create.id);
    assert.ok(sample, 'the command returned the new file');
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), sample.toString(), 'the sample file is open');
    sampleText = new TextDecoder().decode(await vscode.workspace.fs.readFile(sample));
    assert.match(sampleText, /sample file for the AWS KMS walkthrough/);
    // A second sample never overwrites the first (which may be encrypted by now).
    const second = await vscode.commands.executeCommand<vscode.Uri>(create.id);
    assert.notStrictEqual(second.toString(), sample.toString());
    assert.strictEqual(new TextDecoder().decode(await vscode.workspace.fs.readFile(sample)), sampleText);
    await vscode.workspace.fs.delete(second);
  });

  it('4. encrypt a file: "Encrypt File" encrypts the sample in place', async function () {
    const [, encrypt] = buttons('encryptFile');
    assert.strictEqual(encrypt?.id, 'awsKms.file.encrypt');
    await needs(this, encrypt.id);
    await vscode.commands.executeCommand(encrypt.id, sample, { keyIds: [key.arn] });
    await milestone('fileEncrypted');
    assert.notStrictEqual(new TextDecoder().decode(await vscode.workspace.fs.readFile(sample)), sampleText, 'the file is encrypted');
  });

  it('5. delete the key material: the key goes back to pending import', async () => {
    const [remove] = buttons('deleteMaterial');
    assert.strictEqual(remove?.id, 'awsKms.key.deleteMaterial');
    await vscode.commands.executeCommand(remove.id, key.arn, { confirmation: key.alias });
    assert.strictEqual(await keyState(), 'PendingImport');
  });

  it('5. delete the key material: "Decrypt File" is refused with "pending import" and changes nothing', async function () {
    const [, decrypt] = buttons('deleteMaterial');
    assert.strictEqual(decrypt?.id, 'awsKms.file.decrypt');
    await needs(this, decrypt.id, 'awsKms.file.encrypt');
    const before = await vscode.workspace.fs.readFile(sample);
    await vscode.commands.executeCommand(decrypt.id, sample);
    await milestone('decryptRefusedPendingImport');
    assert.deepStrictEqual(await vscode.workspace.fs.readFile(sample), before, 'the encrypted file is unchanged');
  });

  it('6. re-import the same material: the key is enabled again', async () => {
    const [open] = buttons('reimportMaterial');
    assert.strictEqual(open?.id, 'awsKms.key.importMaterial');
    assert.strictEqual(await vscode.commands.executeCommand(open.id, key.arn), key.arn);
    await importMaterial();
    assert.strictEqual(await keyState(), 'Enabled');
  });

  it('6. re-import the same material: "Decrypt File" restores the sample', async function () {
    const [, decrypt] = buttons('reimportMaterial');
    assert.strictEqual(decrypt?.id, 'awsKms.file.decrypt');
    await needs(this, decrypt.id, 'awsKms.file.encrypt');
    await vscode.commands.executeCommand(decrypt.id, sample);
    await milestone('fileDecrypted');
    assert.strictEqual(new TextDecoder().decode(await vscode.workspace.fs.readFile(sample)), sampleText);
  });

  it('7. data key: Generate Data Key shows the CLI-shaped response', async function () {
    const [generate] = buttons('dataKey');
    assert.strictEqual(generate?.id, 'awsKms.dataKey.generate');
    await needs(this, generate.id);
    await vscode.commands.executeCommand(generate.id, key.arn);
    await milestone('dataKeyGenerated');
    const shown = JSON.parse(vscode.window.activeTextEditor?.document.getText() ?? '{}') as Record<string, unknown>;
    assert.deepStrictEqual(Object.keys(shown).sort(), ['CiphertextBlob', 'KeyId', 'Plaintext']);
  });

  it('8. re-encrypt: the encrypted file moves to a second key', async function () {
    const [create, reencrypt] = buttons('reencrypt');
    assert.strictEqual(create?.id, 'awsKms.key.create');
    assert.strictEqual(reencrypt?.id, 'awsKms.file.reencrypt');
    await needs(this, reencrypt.id, 'awsKms.file.encrypt');
    const second = await vscode.commands.executeCommand<CreatedKey>(create.id, undefined,
      { keyUsage: 'ENCRYPT_DECRYPT', keySpec: 'SYMMETRIC_DEFAULT', origin: 'AWS_KMS', aliasName: uniqueAlias('walkthrough-new'), description: '' });
    await vscode.commands.executeCommand('awsKms.file.encrypt', sample, { keyIds: [key.arn] });
    await vscode.commands.executeCommand(reencrypt.id, sample, { keyIds: [second.arn] });
    await milestone('fileReencrypted');
  });
});
