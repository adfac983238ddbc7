import assert from 'node:assert/strict';
import { spawnCli } from '../support/spawnCli';
import { once } from 'node:events';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeKeyCommand, KMSClient, ListAliasesCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { defaultDataDir, parseCli, UsageError } from '../../src/sandbox/cliArgs';
import { DEMO_ALIASES, seedDemo } from '../../src/sandbox/seed';
import { unsupportedNodeMessage } from '../../src/core/nodeSupport';
import { CLI, ensureCliBuilt, runCli, type CliProcess } from './cliSupport';
import { openSandbox } from './support';

const DAY_MS = 86_400_000;

describe('kms-local command line', () => {
  describe('argument parsing', () => {
    const env = { env: {}, platform: 'linux' as NodeJS.Platform, home: '/home/u' };

    it('defaults to 127.0.0.1, a random port, us-east-1, account 111122223333 and the default data directory', () => {
      assert.deepEqual(parseCli([], env), {
        kind: 'run',
        seed: undefined,
        options: {
          host: '127.0.0.1',
          port: 0,
          region: 'us-east-1',
          accountId: '111122223333',
          latencyMs: 0,
          dataDir: '/home/u/.local/share/kms-local',
        },
      });
    });

    it('maps every flag to a sandbox option', () => {
      const command = parseCli(
        [
          '--host',
          'localhost',
          '--port',
          '4599',
          '--in-memory',
          '--region',
          'eu-west-2',
          '--account-id',
          '123456789012',
          '--access-key-id',
          'AKIAIOSFODNN7EXAMPLE',
          '--secret-access-key',
          's3cr3t',
          '--latency-ms',
          '25',
          '--seed',
          'demo',
        ],
        env,
      );
      assert.deepEqual(command, {
        kind: 'run',
        seed: 'demo',
        options: {
          host: 'localhost',
          port: 4599,
          region: 'eu-west-2',
          accountId: '123456789012',
          latencyMs: 25,
          inMemory: true,
          credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 's3cr3t' },
        },
      });
    });

    it('recognises --help and -h', () => {
      assert.deepEqual(parseCli(['--help'], env), { kind: 'help' });
      assert.deepEqual(parseCli(['-h'], env), { kind: 'help' });
    });

    const bad: Array<[string, string[], RegExp]> = [
      ['an unknown flag', ['--bogus'], /Unknown option '--bogus'/],
      ['a positional argument', ['serve'], /positional/],
      ['a port that is not a number', ['--port', 'abc'], /--port must be a whole number from 0 to 65535/],
      ['a port out of range', ['--port', '70000'], /--port/],
      ['a negative latency', ['--latency-ms', '-5'], /--latency-ms/],
      ['both state choices', ['--data-dir', '/tmp/x', '--in-memory'], /not both/],
      ['a non-loopback host', ['--host', '0.0.0.0'], /loopback/],
      ['an unknown seed', ['--seed', 'big'], /knows one data set, 'demo'/],
      ['a key id without its secret', ['--access-key-id', 'AKIAIOSFODNN7EXAMPLE'], /together/],
      ['a malformed key id', ['--access-key-id', 'bad id', '--secret-access-key', 'x'], /--access-key-id/],
      ['a malformed region', ['--region', 'Mars'], /not a region name/],
      ['a malformed account id', ['--account-id', '42'], /12 digits/],
      ['a flag without its value', ['--port'], /argument missing/],
    ];
    for (const [what, args, message] of bad) {
      it(`refuses ${what} with a usage error`, () => {
        assert.throws(
          () => parseCli(args, env),
          (error: Error) => error instanceof UsageError && message.test(error.message),
        );
      });
    }

    it('picks the platform data directory', () => {
      assert.equal(
        defaultDataDir({ env: { XDG_DATA_HOME: '/xdg' }, platform: 'linux', home: '/home/u' }),
        '/xdg/kms-local',
      );
      assert.equal(
        defaultDataDir({ env: { XDG_DATA_HOME: 'relative' }, platform: 'linux', home: '/home/u' }),
        '/home/u/.local/share/kms-local',
      );
      assert.equal(
        defaultDataDir({ env: {}, platform: 'darwin', home: '/Users/u' }),
        '/Users/u/Library/Application Support/kms-local',
      );
      assert.match(
        defaultDataDir({
          env: { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' },
          platform: 'win32',
          home: 'C:\\Users\\u',
        }),
        /kms-local$/,
      );
    });
  });

  describe('demo seed', () => {
    it('creates the demo keys in their states, through the real operations', async () => {
      const fx = await openSandbox();
      try {
        assert.deepEqual(await seedDemo(fx.sandbox.service), DEMO_ALIASES);
        const state = async (alias: string) =>
          (await fx.kms.send(new DescribeKeyCommand({ KeyId: alias }))).KeyMetadata;
        const app = await state('alias/demo-app');
        assert.equal(app?.KeyState, 'Enabled');
        assert.equal(app?.Origin, 'AWS_KMS');
        const pending = await state('alias/demo-byok-pending');
        assert.equal(pending?.KeyState, 'PendingImport');
        assert.equal(pending?.Origin, 'EXTERNAL');
        const expiring = await state('alias/demo-byok-expiring');
        assert.equal(expiring?.KeyState, 'Enabled');
        assert.equal(expiring?.ExpirationModel, 'KEY_MATERIAL_EXPIRES');
        const daysLeft = ((expiring?.ValidTo?.getTime() ?? 0) - Date.now()) / DAY_MS;
        assert.ok(daysLeft > 9.9 && daysLeft <= 10, `expires in ${daysLeft} days`);
        assert.equal((await state('alias/demo-disabled'))?.KeyState, 'Disabled');
        const hmac = await state('alias/demo-hmac');
        assert.equal(hmac?.KeySpec, 'HMAC_256');
        assert.equal(hmac?.KeyUsage, 'GENERATE_VERIFY_MAC');
      } finally {
        await fx.close();
      }
    });

    it('does nothing when the demo aliases exist, and only fills in missing ones', async () => {
      const fx = await openSandbox();
      try {
        await seedDemo(fx.sandbox.service);
        const keys = (await fx.kms.send(new ListKeysCommand({}))).Keys?.length;
        assert.deepEqual(await seedDemo(fx.sandbox.service), []);
        assert.equal((await fx.kms.send(new ListKeysCommand({}))).Keys?.length, keys);
        const state = fx.sandbox.service.context.state;
        state.aliases = state.aliases.filter((a) => a.name !== 'alias/demo-hmac');
        assert.deepEqual(await seedDemo(fx.sandbox.service), ['alias/demo-hmac']);
      } finally {
        await fx.close();
      }
    });
  });

  describe('the built CLI', () => {
    let root: string;
    const running: CliProcess[] = [];
    const start = (args: string[], env: NodeJS.ProcessEnv = process.env): CliProcess => {
      const cli = runCli(args, env);
      running.push(cli);
      return cli;
    };

    before(async function () {
      this.timeout(60_000);
      await ensureCliBuilt();
      root = await mkdtemp(join(tmpdir(), 'kms-local-cli-'));
    });
    afterEach(async () => {
      for (const cli of running.splice(0)) {
        if (cli.child.exitCode === null && cli.child.signalCode === null) {
          cli.child.kill('SIGKILL');
        }
        await cli.exited;
      }
    });
    after(async () => {
      await rm(root, { recursive: true, force: true });
    });

    it('prints the URL, the sandbox warning and export lines whose values work with the SDK', async () => {
      const cli = start(['--in-memory']);
      const { endpoint, credentials, region } = await cli.ready;
      const out = cli.stdout();
      assert.match(out, /^kms-local listening on http:\/\/127\.0\.0\.1:\d+$/m);
      assert.match(out, /sandbox: its keys protect nothing/);
      assert.match(out, /^State: in memory/m);
      for (const name of [
        'AWS_ENDPOINT_URL_KMS',
        'AWS_ACCESS_KEY_ID',
        'AWS_SECRET_ACCESS_KEY',
        'AWS_REGION',
        'AWS_DEFAULT_REGION',
      ]) {
        assert.match(out, new RegExp(`^export ${name}=\\S+$`, 'm'));
      }
      assert.equal(endpoint, /listening on (\S+)/.exec(out)?.[1]);
      assert.match(credentials.accessKeyId, /^AKIA[A-Z0-9]{16}$/);
      assert.equal(credentials.secretAccessKey.length, 40);
      assert.equal(region, 'us-east-1');
      const kms = new KMSClient({ endpoint, credentials, region, maxAttempts: 1 });
      assert.deepEqual((await kms.send(new ListKeysCommand({}))).Keys, []);
      kms.destroy();
      assert.equal(cli.stderr(), '', 'nothing on stderr, no Node-version warning of the AWS SDK');
    });

    it('refuses an unsupported Node (< 22) with exit 2 and one line', async function () {
      if (unsupportedNodeMessage('kms-local', process.version) === undefined) {
        this.skip(); // needs an older Node to run on: `npm test` runs mocha on this machine's Node 20
      }
      const run = spawnCli(CLI, ['--in-memory'], process.env, process.execPath);
      const [code] = (await once(run.child, 'exit')) as [number];
      assert.equal(code, 2);
      assert.match(
        run.stderr(),
        /^kms-local: kms-local needs Node\.js 22 or later, and this is Node\.js v\d+\.\d+\.\d+\. Install Node\.js 22/,
      );
    });

    it('exits 2 with the usage on a bad flag', async () => {
      const cli = start(['--bogus']);
      const { code } = await cli.exited;
      assert.equal(code, 2);
      assert.match(cli.stderr(), /Unknown option '--bogus'/);
      assert.match(cli.stderr(), /Usage: kms-local/);
    });

    it('prints the usage and exits 0 for --help', async () => {
      const cli = start(['--help']);
      assert.equal((await cli.exited).code, 0);
      assert.match(cli.stdout(), /Usage: kms-local/);
      assert.match(cli.stdout(), /--seed demo/);
    });

    it('exits 0 on SIGTERM and on SIGINT', async () => {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        const cli = start(['--in-memory']);
        await cli.ready;
        cli.child.kill(signal);
        assert.deepEqual(await cli.exited, { code: 0, signal: null }, signal);
      }
    });

    it('uses the platform data directory when given neither --data-dir nor --in-memory', async () => {
      const xdg = join(root, 'xdg');
      const cli = start([], { ...process.env, XDG_DATA_HOME: xdg });
      await cli.ready;
      const dir = join(xdg, 'kms-local');
      assert.match(cli.stdout(), new RegExp(`^State: ${dir.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}$`, 'm'));
      assert.ok((await stat(join(dir, 'state.json'))).isFile());
    });

    it('--seed demo creates the demo keys and aliases, once', async function () {
      this.timeout(30_000);
      const dir = join(root, 'seeded');
      const first = start(['--data-dir', dir, '--seed', 'demo']);
      const { endpoint, credentials, region } = await first.ready;
      assert.match(first.stdout(), /Seeded demo keys: alias\/demo-app, /);
      const kms = new KMSClient({ endpoint, credentials, region, maxAttempts: 1 });
      const aliases = (await kms.send(new ListAliasesCommand({}))).Aliases?.map((a) => a.AliasName).sort();
      assert.deepEqual(aliases, [...DEMO_ALIASES].sort());
      assert.equal(
        (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/demo-byok-pending' }))).KeyMetadata?.KeyState,
        'PendingImport',
      );
      assert.equal(
        (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/demo-disabled' }))).KeyMetadata?.KeyState,
        'Disabled',
      );
      kms.destroy();
      first.child.kill('SIGTERM');
      assert.equal((await first.exited).code, 0);

      const second = start(['--data-dir', dir, '--seed', 'demo']);
      const again = await second.ready;
      assert.match(second.stdout(), /Demo keys already present; nothing seeded\./);
      assert.equal(again.credentials.accessKeyId, credentials.accessKeyId, 'the data directory keeps its credentials');
      assert.equal(again.credentials.secretAccessKey, credentials.secretAccessKey);
      const kms2 = new KMSClient({ endpoint: again.endpoint, credentials: again.credentials, region, maxAttempts: 1 });
      assert.equal((await kms2.send(new ListKeysCommand({}))).Keys?.length, DEMO_ALIASES.length);
      kms2.destroy();
    });

    it('exits 1 with a clear message when the data directory is in use', async () => {
      const dir = join(root, 'busy');
      const owner = start(['--data-dir', dir]);
      await owner.ready;
      const second = start(['--data-dir', dir]);
      assert.equal((await second.exited).code, 1);
      assert.match(second.stderr(), /is in use by another kms-local/);
    });

    it('exits 1 with a clear message when the port is taken', async () => {
      const owner = start(['--in-memory']);
      const { endpoint } = await owner.ready;
      const second = start(['--in-memory', '--port', new URL(endpoint).port]);
      assert.equal((await second.exited).code, 1);
      assert.match(second.stderr(), /EADDRINUSE/);
    });
  });
});
