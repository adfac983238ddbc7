// The Keys view in the real extension host, against the extension's sandbox KMS (seeded with the demo keys) and,
// for the failure row, a profile connection from the fixture files pointed at a closed port.
import * as assert from 'assert';
import * as net from 'net';
import * as vscode from 'vscode';
import { ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import type { TestSurface } from '../../../src/extension';
import {
  allKeyRows,
  categoryNode,
  childrenOf,
  createTestKey,
  DAY_MS,
  importTestMaterial,
  itemOf,
  keyRow,
  labelOf,
  sandboxApi,
  sandboxKms,
  settle,
  uniqueAlias,
  useSandbox,
  type Node,
} from './keysSupport';
import { resetSettings, setSettings, waitFor } from '../support';

const iconOf = (item: vscode.TreeItem): { id: string; color?: string } => {
  const icon = item.iconPath as vscode.ThemeIcon;
  return { id: icon.id, ...(icon.color && { color: (icon.color as unknown as { id: string }).id }) };
};

describe('Keys view', function () {
  this.timeout(60_000);
  let api: TestSurface;

  before(async () => {
    api = await sandboxApi();
  });
  after(async () => {
    await resetSettings();
    await setSettings({ maxItemsPerPage: undefined, regions: undefined, materialExpiryWarningDays: undefined });
  });

  it('shows the sandbox region with its customer and AWS managed keys', async () => {
    const roots = await childrenOf(api);
    assert.deepStrictEqual(
      roots.map((r) => labelOf(itemOf(api, r))),
      [api.connections.connection?.region],
    );
    const categories = await childrenOf(api, roots[0]);
    assert.deepStrictEqual(
      categories.map((c) => labelOf(itemOf(api, c))),
      ['Customer managed keys', 'AWS managed keys'],
    );
    assert.deepStrictEqual(
      (await childrenOf(api, categories[1])).map((n) => labelOf(itemOf(api, n))),
      ['No AWS managed keys'],
    );
  });

  it('shows each demo key with its alias, state, origin, icon and menu tokens; the ARN is the row id', async () => {
    const expect = {
      'demo-app': {
        description: 'Enabled · AWS KMS',
        icon: 'key',
        tokens: /origin-aws_kms state-enabled spec-symmetric material-managed/,
      },
      'demo-disabled': { description: 'Disabled · AWS KMS', icon: 'circle-slash', tokens: /state-disabled/ },
      'demo-byok-pending': {
        description: 'Pending import · External',
        icon: 'cloud-upload',
        tokens: /origin-external state-pendingimport spec-symmetric material-none/,
      },
      'demo-byok-expiring': {
        description: /^Enabled · External · material expires in (9|10) days$/,
        icon: 'warning',
        tokens: /origin-external state-enabled .*material-expiring/,
      },
      'demo-hmac': {
        description: 'Enabled · AWS KMS · HMAC_256',
        icon: 'key',
        tokens: /spec-other material-managed rotation-na/,
      },
    };
    for (const [label, want] of Object.entries(expect)) {
      const item = itemOf(api, await keyRow(api, label));
      if (typeof want.description === 'string') {
        assert.strictEqual(item.description, want.description, label);
      } else {
        assert.match(String(item.description), want.description, label);
      }
      assert.strictEqual(iconOf(item).id, want.icon, label);
      assert.match(item.contextValue ?? '', want.tokens, label);
      assert.match(item.id ?? '', /^arn:aws:kms:[^:]+:\d{12}:key\/[0-9a-f-]{36}$/, label);
    }
  });

  it('shows a key pending deletion with its deletion date and a trash icon', async () => {
    const alias = uniqueAlias('tree-deleting');
    const key = await createTestKey(api, alias);
    const { DeletionDate } = await (
      await sandboxKms(api)
    ).send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    api.keys.tree.refresh();
    const item = itemOf(api, await keyRow(api, alias.slice('alias/'.length)));
    assert.strictEqual(item.description, `Pending deletion on ${DeletionDate?.toISOString().slice(0, 10)} · AWS KMS`);
    assert.deepStrictEqual(iconOf(item), { id: 'trash', color: 'errorForeground' });
    assert.match(item.contextValue ?? '', /\bstate-pendingdeletion\b/);
  });

  it('gives a key without key material a row that opens the import flow', async () => {
    const rows = await childrenOf(api, await keyRow(api, 'demo-byok-pending'));
    const items = rows.map((r) => itemOf(api, r));
    assert.strictEqual(labelOf(items[0]), 'Pending import — import key material');
    assert.strictEqual(items[0].command?.command, 'awsKms.key.importMaterial');
    assert.match(String(items[0].command?.arguments?.[0]), /^arn:aws:kms:/);
    assert.ok(
      items.some((i) => labelOf(i) === 'alias/demo-byok-pending' && i.contextValue === 'kmsAlias alias-customer'),
      'the alias is a child',
    );
  });

  it('lists the key materials of an EXTERNAL key with state, import state and expiry', async () => {
    const rows = await childrenOf(api, await keyRow(api, 'demo-byok-expiring'));
    const material = itemOf(api, rows[0]);
    assert.match(labelOf(material), /^[0-9a-f]{8}…$/);
    assert.match(String(material.description), /^Current · Imported · expires in (9|10) days$/);
    assert.strictEqual(iconOf(material).id, 'warning');
    assert.match(material.contextValue ?? '', /^kmsKeyMaterial material-current import-imported expiring$/);
  });

  it('shows automatic rotation and the last rotation of a KMS key, and fills its tooltip on hover', async () => {
    const row = await keyRow(api, 'demo-app');
    const rows = (await childrenOf(api, row)).map((r) => itemOf(api, r));
    assert.deepStrictEqual(
      rows.slice(0, 2).map((i) => [labelOf(i), i.description]),
      [
        ['Automatic rotation', 'off'],
        ['Last rotation', 'never rotated'],
      ],
    );
    const item = await api.keys.tree.resolveTreeItem(itemOf(api, row), row);
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    for (const part of [
      'ARN: `arn:aws:kms:',
      'Key spec: SYMMETRIC\\_DEFAULT · ENCRYPT\\_DECRYPT',
      'Origin: AWS KMS',
      'Multi\\-Region: No',
      'Automatic rotation: Off',
      'Current key material: `',
    ]) {
      assert.ok(tooltip.includes(part), `tooltip has "${part}": ${tooltip}`);
    }
  });

  it('names the key material in a tooltip only where KMS has one: none for an HMAC key, "None imported" for a key pending import', async () => {
    const tooltipOf = async (label: string): Promise<string> => {
      const row = await keyRow(api, label);
      return ((await api.keys.tree.resolveTreeItem(itemOf(api, row), row)).tooltip as vscode.MarkdownString).value;
    };
    const hmac = await tooltipOf('demo-hmac');
    assert.ok(hmac.includes('Key spec: HMAC\\_256'), hmac);
    assert.ok(!hmac.includes('Current key material'), hmac);
    assert.ok((await tooltipOf('demo-byok-pending')).includes('Current key material: None imported'));
  });

  it('pages keys with "Load more…" when a category has more keys than a page', async () => {
    await setSettings({ maxItemsPerPage: 2 });
    await waitFor('the page size', () => api.keys.tree.pageSize() === 2);
    await settle(api);
    const category = await categoryNode(api);
    const first = (await childrenOf(api, category)).map((r) => itemOf(api, r));
    assert.strictEqual(first.length, 3);
    assert.deepStrictEqual([labelOf(first[2]), first[2].command?.command], ['Load more…', 'awsKms.keys.loadMore']);
    await vscode.commands.executeCommand('awsKms.keys.loadMore', category);
    assert.strictEqual(
      (await childrenOf(api, category)).filter((r) => itemOf(api, r).contextValue?.startsWith('kmsKey')).length,
      4,
    );
    const all = await allKeyRows(api);
    assert.ok(all.length >= 5, 'every demo key is reachable through the pages');
    await setSettings({ maxItemsPerPage: undefined });
    await waitFor('the default page size', () => api.keys.tree.pageSize() === 100);
    await settle(api);
  });

  it('flags material that expires within the warning window, in the tree and in the status bar', async () => {
    const alias = uniqueAlias('tree-expiring');
    const key = await createTestKey(api, alias, { Origin: 'EXTERNAL' });
    await importTestMaterial(api, key.keyId, new Date(Date.now() + 5 * DAY_MS));
    api.keys.tree.refresh();
    const row = await keyRow(api, alias.slice('alias/'.length));
    const item = itemOf(api, row);
    assert.strictEqual(item.description, 'Enabled · External · material expires in 5 days');
    assert.deepStrictEqual(iconOf(item), { id: 'warning', color: 'list.warningForeground' });
    const soonest = api.keys.tree.expiringKeys()[0];
    assert.strictEqual(soonest.arn, key.arn, 'the 5-day key comes before the 10-day demo key');
    await waitFor(
      'the status-bar warning',
      () => api.keys.expiry.visible && /key material/.test(api.keys.expiry.text ?? ''),
    );
    await vscode.commands.executeCommand('awsKms.keys.showExpiring', key.arn);
    await waitFor('the key to be selected', () =>
      api.keys.view.selection.some((n: Node) => itemOf(api, n).id === key.arn),
    );
  });

  it('Show Expiring Key Material waits for a reload under way, instead of finding nothing or only some keys', async () => {
    const alias = uniqueAlias('tree-reloading');
    const key = await createTestKey(api, alias, { Origin: 'EXTERNAL' });
    await importTestMaterial(api, key.keyId, new Date(Date.now() + 3 * DAY_MS));
    api.keys.tree.refresh(); // what a connection change does; the catalogues start empty
    await vscode.commands.executeCommand('awsKms.keys.showExpiring', key.arn);
    assert.ok(api.keys.tree.expiringKeys().some((k) => k.arn === key.arn));
    await waitFor('the key to be selected', () =>
      api.keys.view.selection.some((n: Node) => itemOf(api, n).id === key.arn),
    );
  });

  // A reveal in a tree whose shown rows predate the key: the view must fetch the new rows before it can select one.
  for (const where of ['hidden behind the Explorer', 'visible', 'showing one page of two keys'] as const) {
    it(`Show Expiring Key Material selects a key created while the Keys view was ${where}`, async () => {
      if (where.startsWith('showing')) {
        await setSettings({ maxItemsPerPage: 2 });
        await waitFor('the page size', () => api.keys.tree.pageSize() === 2);
        await settle(api);
      }
      await vscode.commands.executeCommand(
        where === 'hidden behind the Explorer' ? 'workbench.view.explorer' : 'awsKms.keys.focus',
      );
      const alias = uniqueAlias('tree-reveal');
      const key = await createTestKey(api, alias, { Origin: 'EXTERNAL' });
      await importTestMaterial(api, key.keyId, new Date(Date.now() + 2 * DAY_MS));
      await api.keys.tree.keyChanged(key.arn, api.connections.connection?.region ?? '');
      // As the other tests do (through "Load more…" on a small page): the view is still fetching rows.
      await keyRow(api, alias.slice('alias/'.length));
      await vscode.commands.executeCommand('awsKms.keys.showExpiring', key.arn);
      await waitFor(
        'the key to be selected',
        () => api.keys.view.selection.some((n: Node) => itemOf(api, n).id === key.arn),
        10_000,
      );
      if (where.startsWith('showing')) {
        await setSettings({ maxItemsPerPage: undefined });
        await settle(api);
      }
    });
  }

  it('stops warning when awsKms.materialExpiryWarningDays is 0', async () => {
    await setSettings({ materialExpiryWarningDays: 0 });
    await waitFor('the setting', () => api.keys.tree.warningDays() === 0);
    await settle(api);
    await allKeyRows(api);
    assert.deepStrictEqual(api.keys.tree.expiringKeys(), []);
    assert.strictEqual(itemOf(api, await keyRow(api, 'demo-byok-expiring')).description, 'Enabled · External');
    await setSettings({ materialExpiryWarningDays: undefined });
    await waitFor('the default', () => api.keys.tree.warningDays() === 30);
    await settle(api);
  });

  describe('with a profile connection', () => {
    after(async () => {
      await useSandbox(api);
    });

    it('shows one error row, not a notification, when the KMS endpoint is down', async () => {
      const port = await closedPort();
      await setSettings({
        connection: 'aws',
        profile: 'workbench-test',
        endpointUrl: `http://127.0.0.1:${port}`,
        regions: undefined,
      });
      await waitFor(
        'the profile connection',
        () => api.connections.connection?.endpoint === `http://127.0.0.1:${port}`,
      );
      await settle(api);
      const [region] = await childrenOf(api);
      assert.strictEqual(labelOf(itemOf(api, region)), 'eu-west-2');
      const rows = (await childrenOf(api, region)).map((r) => itemOf(api, r));
      assert.strictEqual(rows.length, 1);
      assert.strictEqual(labelOf(rows[0]), 'Failed to load keys — click for log');
      assert.strictEqual(rows[0].command?.command, 'awsKms.log.show');
      assert.match(String(rows[0].tooltip), /Cannot reach http:\/\/127\.0\.0\.1:\d+: connection refused/);
    });

    it('lists the regions of awsKms.regions', async () => {
      await setSettings({ connection: 'aws', profile: 'workbench-test', regions: ['eu-west-2', 'ap-south-1'] });
      await waitFor('the regions', () => api.keys.tree.regions().length === 2);
      await settle(api);
      assert.deepStrictEqual(
        (await childrenOf(api)).map((r) => labelOf(itemOf(api, r))),
        ['eu-west-2', 'ap-south-1'],
      );
      await setSettings({ regions: undefined });
    });

    it('shows no rows (the welcome view) without a connection', async () => {
      await setSettings({ connection: 'aws', profile: 'no-such-profile' });
      await waitFor('no connection', () => api.connections.connection === undefined);
      await settle(api);
      assert.deepStrictEqual(await childrenOf(api), []);
    });
  });
});

async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
