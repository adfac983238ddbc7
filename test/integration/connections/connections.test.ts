// Connections inside the real extension host: the sandbox connection, a profile from the fixture shared files
// (the runner points AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE at test/fixtures/aws), precedence of the
// settings, and the commands the manifest declares.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { DescribeKeyCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { COMMAND_IDS } from '../../../src/shared/commandIds';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/sandbox';
import type { TestSurface } from '../../../src/extension';
import { extensionApi, resetSettings, setSettings, waitFor } from '../support';

describe('Connections', function () {
  this.timeout(60_000);
  let api: TestSurface;

  before(async () => {
    api = await extensionApi();
  });
  afterEach(async () => {
    await resetSettings();
  });

  it('registers every command package.json declares', async () => {
    const registered = await vscode.commands.getCommands(true);
    for (const id of COMMAND_IDS) {
      assert.ok(registered.includes(id), `${id} is registered`);
    }
  });

  it('uses the sandbox KMS when awsKms.connection is "sandbox", seeded with the demo keys', async () => {
    await setSettings({ connection: 'sandbox' });
    await waitFor('the sandbox connection', () => api.connections.connection?.kind === 'sandbox');
    const connection = api.connections.connection;
    assert.strictEqual(connection?.label, 'Sandbox');
    assert.match(connection?.endpoint ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    const kms = await api.connections.client();
    const keys = await kms.send(new ListKeysCommand({}));
    assert.ok((keys.Keys ?? []).length >= 3, 'the demo keys are there');
    const demo = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/demo-app' }));
    assert.strictEqual(demo.KeyMetadata?.KeyState, 'Enabled');
  });

  it('"Use Sandbox" switches to the sandbox', async () => {
    await vscode.commands.executeCommand('awsKms.connection.useSandbox');
    await waitFor('the sandbox connection', () => api.connections.connection?.kind === 'sandbox');
    assert.strictEqual(vscode.workspace.getConfiguration('awsKms').get('connection'), 'sandbox');
  });

  describe('with a profile from the shared files', () => {
    let kmsForProfile: RunningSandbox;

    before(async () => {
      // A KMS that accepts exactly the fixture profile's credentials, in the profile's region.
      kmsForProfile = await startSandbox({
        inMemory: true,
        region: 'eu-west-2',
        credentials: { accessKeyId: 'AKIAWORKBENCHTEST001', secretAccessKey: 'workbench-test-secret-not-a-real-key' },
      });
    });
    after(async () => {
      await kmsForProfile.close();
    });

    it("signs with the profile's credentials and takes its region; the endpoint setting wins", async () => {
      await setSettings({ connection: 'aws', profile: 'workbench-test', endpointUrl: kmsForProfile.endpoint });
      await waitFor(
        'the profile connection',
        () =>
          api.connections.connection?.label === 'profile:workbench-test' &&
          api.connections.connection.endpoint === kmsForProfile.endpoint,
      );
      const connection = api.connections.connection;
      assert.strictEqual(connection?.region, 'eu-west-2');
      assert.strictEqual(connection?.endpointSource, 'setting');
      const keys = await (await api.connections.client()).send(new ListKeysCommand({}));
      assert.deepStrictEqual(keys.Keys, []);
    });

    it("lets awsKms.region override the profile's region", async () => {
      await setSettings({ connection: 'aws', profile: 'workbench-test', region: 'eu-west-3' });
      await waitFor('the region setting', () => api.connections.connection?.region === 'eu-west-3');
      assert.strictEqual(api.connections.connection?.regionSource, 'setting');
    });

    it('takes the region of a key ARN over every setting', async () => {
      await setSettings({ connection: 'aws', profile: 'workbench-test', region: 'eu-west-3' });
      await waitFor('the region setting', () => api.connections.connection?.region === 'eu-west-3');
      assert.strictEqual(
        api.connections.region('arn:aws:kms:ap-south-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
        'ap-south-1',
      );
    });

    it('reports an unknown profile instead of connecting', async () => {
      await setSettings({ connection: 'aws', profile: 'no-such-profile' });
      await waitFor('the unknown-profile problem', () => api.connections.problem?.problem === 'unknownProfile');
      assert.strictEqual(api.connections.connection, undefined);
      assert.match(api.connections.problem?.message ?? '', /no-such-profile/);
      assert.throws(() => api.connections.requireConnection(), /no-such-profile/);
    });
  });

  it('"Reload AWS Configuration" re-resolves the connection', async () => {
    await setSettings({ connection: 'sandbox' });
    await waitFor('the sandbox connection', () => api.connections.connection?.kind === 'sandbox');
    let changes = 0;
    const subscription = api.connections.onDidChange(() => {
      changes++;
    });
    try {
      await vscode.commands.executeCommand('awsKms.connection.reload');
      assert.ok(changes >= 1, 'connection listeners were told');
      assert.strictEqual(api.connections.connection?.kind, 'sandbox');
    } finally {
      subscription.dispose();
    }
  });
});
