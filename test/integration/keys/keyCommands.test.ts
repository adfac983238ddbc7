// The key lifecycle commands in the real extension host against the sandbox KMS: each changes what it should and
// the tree shows it without a refresh; where KMS refuses, the command says why and what to do next.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { CreatedKey } from '../../../src/keys/createKey';
import type { TestSurface } from '../../../src/extension';
import {
  childrenOf,
  commandError,
  createTestKey,
  importTestMaterial,
  itemOf,
  keyRow,
  labelOf,
  sandboxApi,
  uniqueAlias,
  type Node,
} from './keysSupport';
import { resetSettings } from '../support';

describe('Key commands', function () {
  this.timeout(60_000);
  let api: TestSurface;

  before(async () => {
    api = await sandboxApi();
  });
  after(resetSettings);

  const short = (alias: string): string => alias.slice('alias/'.length);
  const describe_ = async (label: string): Promise<string> => String(itemOf(api, await keyRow(api, label)).description);
  const entryOf = (arn: string) => api.keys.tree.catalogue(api.connections.region()).entry(arn);
  const create = async (alias: string, origin: 'AWS_KMS' | 'EXTERNAL' = 'AWS_KMS'): Promise<CreatedKey> =>
    vscode.commands.executeCommand<CreatedKey>('awsKms.key.create', undefined, {
      keyUsage: 'ENCRYPT_DECRYPT',
      keySpec: 'SYMMETRIC_DEFAULT',
      origin,
      aliasName: alias,
      description: `made by ${alias}`,
      importMaterial: false,
    });

  it('Create Key… makes a key with alias and description, and the tree shows it at once', async () => {
    const alias = uniqueAlias('cmd-create');
    const key = await create(alias);
    assert.match(key.arn, /^arn:aws:kms:/);
    const item = itemOf(api, await keyRow(api, short(alias)));
    assert.strictEqual(item.description, 'Enabled · AWS KMS');
    assert.strictEqual(item.id, key.arn);
    assert.strictEqual(entryOf(key.arn)?.metadata?.Description, `made by ${alias}`);
  });

  it('Create Key… with imported material leaves the key pending import and opens the import flow', async () => {
    const alias = uniqueAlias('cmd-external');
    const key = await vscode.commands.executeCommand<CreatedKey>('awsKms.key.create', undefined, {
      keySpec: 'SYMMETRIC_DEFAULT',
      keyUsage: 'ENCRYPT_DECRYPT',
      origin: 'EXTERNAL',
      aliasName: alias,
      description: '',
      importMaterial: true,
    });
    const item = itemOf(api, await keyRow(api, short(alias)));
    assert.strictEqual(item.description, 'Pending import · External');
    assert.match(item.contextValue ?? '', /\bmaterial-none\b/);
    assert.strictEqual(
      await vscode.commands.executeCommand('awsKms.key.importMaterial', await keyRow(api, short(alias))),
      key.arn,
    );
  });

  it('Disable Key… and Enable Key change the key state in the tree', async () => {
    const alias = uniqueAlias('cmd-toggle');
    await create(alias);
    await vscode.commands.executeCommand('awsKms.key.disable', await keyRow(api, short(alias)), { confirmed: true });
    assert.strictEqual(await describe_(short(alias)), 'Disabled · AWS KMS');
    await vscode.commands.executeCommand('awsKms.key.enable', await keyRow(api, short(alias)));
    assert.strictEqual(await describe_(short(alias)), 'Enabled · AWS KMS');
  });

  it('accepts a key ARN instead of a tree node', async () => {
    const alias = uniqueAlias('cmd-by-arn');
    const key = await create(alias);
    await vscode.commands.executeCommand('awsKms.key.disable', key.arn, { confirmed: true });
    assert.strictEqual(await describe_(short(alias)), 'Disabled · AWS KMS');
  });

  it('refuses to enable a key pending import, offering to import its key material', async () => {
    const row = await keyRow(api, 'demo-byok-pending');
    const error = await commandError(api, 'awsKms.key.enable', row);
    assert.match(
      error.message,
      /^EnableKey failed: demo-byok-pending is pending import, so KMS cannot use it: import its key material first\.$/,
    );
    assert.strictEqual(error.next, 'importMaterial');
    assert.strictEqual(error.target, itemOf(api, row).id);
    // Through the registered command the wrapper shows the error instead, and nothing changes.
    assert.strictEqual(await vscode.commands.executeCommand('awsKms.key.enable', row), undefined);
    assert.strictEqual(await describe_('demo-byok-pending'), 'Pending import · External');
  });

  it('Schedule Key Deletion… and Cancel Key Deletion', async () => {
    const alias = uniqueAlias('cmd-delete');
    await create(alias);
    const date = await vscode.commands.executeCommand<Date>(
      'awsKms.key.scheduleDeletion',
      await keyRow(api, short(alias)),
      { pendingWindowInDays: 7, confirmed: true },
    );
    assert.strictEqual(
      await describe_(short(alias)),
      `Pending deletion on ${date.toISOString().slice(0, 10)} · AWS KMS`,
    );
    await vscode.commands.executeCommand('awsKms.key.cancelDeletion', await keyRow(api, short(alias)));
    assert.strictEqual(await describe_(short(alias)), 'Disabled · AWS KMS');
  });

  it('refuses to cancel the deletion of a key that is not pending deletion, as KMS does', async () => {
    const error = await commandError(api, 'awsKms.key.cancelDeletion', await keyRow(api, 'demo-app'));
    assert.match(error.message, /^CancelKeyDeletion failed: KMSInvalidStateException: /);
    assert.strictEqual(await describe_('demo-app'), 'Enabled · AWS KMS');
  });

  it('refuses a deletion waiting period outside 7–30 days before asking KMS', async () => {
    const error = await commandError(api, 'awsKms.key.scheduleDeletion', await keyRow(api, 'demo-app'), {
      pendingWindowInDays: 5,
      confirmed: true,
    });
    assert.strictEqual(error.message, 'Enter a whole number of days from 7 to 30.');
    assert.strictEqual(await describe_('demo-app'), 'Enabled · AWS KMS');
  });

  it('Update Description… changes the description', async () => {
    const alias = uniqueAlias('cmd-describe');
    const key = await create(alias);
    await vscode.commands.executeCommand('awsKms.key.updateDescription', await keyRow(api, short(alias)), {
      description: 'payments, 2027',
    });
    assert.strictEqual(entryOf(key.arn)?.metadata?.Description, 'payments, 2027');
  });

  it('Create Alias… and Delete Alias… change the aliases and the label of a key', async () => {
    const key = await create('');
    const alias = uniqueAlias('cmd-alias');
    await vscode.commands.executeCommand('awsKms.key.createAlias', await keyRow(api, key.keyId), { aliasName: alias });
    const row = await keyRow(api, short(alias));
    const aliasRow = (await childrenOf(api, row)).find((n: Node) => labelOf(itemOf(api, n)) === alias);
    assert.ok(aliasRow, 'the alias is a child of the key');
    await vscode.commands.executeCommand('awsKms.key.deleteAlias', aliasRow, { confirmed: true });
    assert.strictEqual(labelOf(itemOf(api, await keyRow(api, key.keyId))), key.keyId);
  });

  it('refuses an alias that exists already, and a reserved one', async () => {
    const row = await keyRow(api, 'demo-disabled');
    const taken = await commandError(api, 'awsKms.key.createAlias', row, { aliasName: 'alias/demo-app' });
    assert.match(taken.message, /^CreateAlias failed: .*alias\/demo-app.*exist/);
    const reserved = await commandError(api, 'awsKms.key.createAlias', row, { aliasName: 'alias/aws/mine' });
    assert.match(reserved.message, /reserved for AWS managed keys/);
  });

  it('Enable Automatic Rotation… and Disable Automatic Rotation', async () => {
    const alias = uniqueAlias('cmd-rotation');
    await create(alias);
    await vscode.commands.executeCommand('awsKms.key.enableRotation', await keyRow(api, short(alias)), {
      rotationPeriodInDays: 180,
    });
    let row = await keyRow(api, short(alias));
    assert.match(itemOf(api, row).contextValue ?? '', /\brotation-on\b/);
    const rotation = itemOf(api, (await childrenOf(api, row))[0]);
    assert.deepStrictEqual([labelOf(rotation), rotation.description], ['Automatic rotation', 'every 180 days']);
    await vscode.commands.executeCommand('awsKms.key.disableRotation', row);
    row = await keyRow(api, short(alias));
    assert.match(itemOf(api, row).contextValue ?? '', /\brotation-off\b/);
  });

  it('refuses automatic rotation for a key with imported material', async () => {
    const error = await commandError(api, 'awsKms.key.enableRotation', await keyRow(api, 'demo-byok-expiring'), {
      rotationPeriodInDays: 365,
    });
    assert.match(
      error.message,
      /^EnableKeyRotation failed: automatic rotation is only for symmetric encryption keys whose key material KMS generated/,
    );
  });

  it('Rotate Key Now… rotates a KMS key; the last rotation shows "on demand"', async () => {
    const alias = uniqueAlias('cmd-rotate');
    await create(alias);
    await vscode.commands.executeCommand('awsKms.key.rotateNow', await keyRow(api, short(alias)), { confirmed: true });
    const rows = (await childrenOf(api, await keyRow(api, short(alias)))).map((n) => itemOf(api, n));
    const last = rows.find((i) => labelOf(i) === 'Last rotation');
    assert.match(String(last?.description), /^\d{4}-\d{2}-\d{2} \(on demand\)$/);
  });

  it('refuses Rotate Now for imported material with nothing waiting to become current', async () => {
    const row = await keyRow(api, 'demo-byok-expiring');
    const error = await commandError(api, 'awsKms.key.rotateNow', row, { confirmed: true });
    assert.match(
      error.message,
      /has no imported key material waiting to become current: import new key material first/,
    );
    assert.strictEqual(error.next, 'importMaterial');
  });

  it('Delete Imported Key Material… with the typed alias leaves the key pending import', async () => {
    const alias = uniqueAlias('cmd-material');
    const key = await createTestKey(api, alias, { Origin: 'EXTERNAL' });
    await importTestMaterial(api, key.keyId);
    api.keys.tree.refresh();
    const wrong = await commandError(api, 'awsKms.key.deleteMaterial', await keyRow(api, short(alias)), {
      confirmation: 'demo-app',
    });
    assert.match(wrong.message, /does not name key .*nothing was deleted/);
    assert.strictEqual(await describe_(short(alias)), 'Enabled · External');
    await vscode.commands.executeCommand('awsKms.key.deleteMaterial', await keyRow(api, short(alias)), {
      confirmation: short(alias),
    });
    const row = await keyRow(api, short(alias));
    assert.strictEqual(String(itemOf(api, row).description), 'Pending import · External');
    assert.match(itemOf(api, row).contextValue ?? '', /\bmaterial-missing\b/);
    const material = itemOf(api, (await childrenOf(api, row))[0]);
    assert.strictEqual(material.description, 'Current · Pending import');
  });

  it('Copy ARN, Copy Key ID and Copy Alias put the value on the clipboard', async () => {
    const row = await keyRow(api, 'demo-app');
    const arn = String(itemOf(api, row).id);
    assert.strictEqual(await vscode.commands.executeCommand('awsKms.key.copyArn', row), arn);
    assert.strictEqual(await vscode.env.clipboard.readText(), arn);
    await vscode.commands.executeCommand('awsKms.key.copyId', row);
    assert.strictEqual(await vscode.env.clipboard.readText(), arn.split('/')[1]);
    await vscode.commands.executeCommand('awsKms.key.copyAlias', row);
    assert.strictEqual(await vscode.env.clipboard.readText(), 'alias/demo-app');
  });
});
