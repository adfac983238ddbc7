import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { CreateKeyCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { describeAwsError } from '../../../src/aws/awsErrors';
import type { Connection } from '../../../src/aws/connection';
import { KmsClientFactory } from '../../../src/aws/kmsClients';
import {
  regionFor,
  resolveConnection,
  sandboxConnection,
  type ResolveConnectionInput,
} from '../../../src/aws/resolveConnection';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/sandbox';

const SANDBOX_LIKE = {
  endpoint: 'http://127.0.0.1:4599',
  region: 'eu-west-3',
  credentials: { accessKeyId: 'AKIASANDBOX000000000', secretAccessKey: 's' },
};

async function connectionFor(input: ResolveConnectionInput): Promise<Connection> {
  const result = await resolveConnection(input);
  if (!result.connection) {
    assert.fail(`${result.problem}: ${result.message}`);
  }
  return result.connection;
}

describe('aws/kmsClients', () => {
  it('imports the AWS SDK only when the first client is needed', async () => {
    let loads = 0;
    const factory = new KmsClientFactory({}, async () => {
      loads++;
      return import('@aws-sdk/client-kms');
    });
    assert.equal(loads, 0);
    await factory.clientFor(sandboxConnection(SANDBOX_LIKE), 'eu-west-3');
    assert.equal(loads, 1);
    factory.dispose();
  });

  it('hands out no client until approveEndpoint resolves, and none when it refuses', async () => {
    const asked: string[] = [];
    let refuse = true;
    const factory = new KmsClientFactory({
      approveEndpoint: async (connection) => {
        asked.push(connection.endpoint ?? '');
        if (refuse) {
          throw new Error('not allowed');
        }
      },
    });
    const connection = sandboxConnection(SANDBOX_LIKE);
    await assert.rejects(factory.clientFor(connection, 'eu-west-3'), /not allowed/);
    refuse = false;
    assert.ok(await factory.clientFor(connection, 'eu-west-3'));
    await factory.clientFor(connection, 'eu-west-3');
    assert.deepEqual(
      asked,
      [SANDBOX_LIKE.endpoint, SANDBOX_LIKE.endpoint, SANDBOX_LIKE.endpoint],
      'asked on every hand-out',
    );
    factory.dispose();
  });

  it('loading the connection layer does not evaluate the SDK (activation stays cheap)', () => {
    const script = [
      "require('./src/aws/resolveConnection'); require('./src/aws/kmsClients'); require('./src/aws/awsErrors');",
      'const loaded = Object.keys(require.cache).filter((k) => /@aws-sdk[\\\\/](client-kms|credential-provider)/.test(k));',
      'process.stdout.write(JSON.stringify(loaded));',
    ].join('\n');
    const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
      cwd: process.cwd(),
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), []);
  });

  it('caches one client per connection and region, and replaces it for a new connection object', async () => {
    const factory = new KmsClientFactory();
    const connection = sandboxConnection(SANDBOX_LIKE);
    const a = await factory.clientFor(connection, 'eu-west-3');
    assert.equal(await factory.clientFor(connection, 'eu-west-3'), a);
    const otherRegion = await factory.clientFor(connection, 'us-east-1');
    assert.notEqual(otherRegion, a);
    assert.equal(factory.size, 2);
    const renewed = sandboxConnection(SANDBOX_LIKE);
    assert.notEqual(await factory.clientFor(renewed, 'eu-west-3'), a);
    assert.equal(factory.size, 2);
    factory.clear();
    assert.equal(factory.size, 0);
    factory.dispose();
    await assert.rejects(factory.clientFor(connection, 'eu-west-3'), /closed/);
  });

  it('configures the explicit endpoint, region, retries and the connection credentials', async () => {
    const factory = new KmsClientFactory({ maxAttempts: 5, retryMode: 'adaptive' });
    const connection = sandboxConnection(SANDBOX_LIKE);
    const client = await factory.clientFor(connection, 'eu-west-3');
    const endpoint = await client.config.endpoint?.();
    assert.deepEqual([endpoint?.protocol, endpoint?.hostname, endpoint?.port], ['http:', '127.0.0.1', 4599]);
    assert.equal(await client.config.region(), 'eu-west-3');
    assert.equal(await client.config.maxAttempts(), 5);
    assert.equal((await client.config.retryStrategy()).constructor.name, 'AdaptiveRetryStrategy');
    assert.equal(client.config.ignoreConfiguredEndpointUrls, true);
    factory.setOptions({ maxAttempts: 1 });
    assert.equal(await (await factory.clientFor(connection, 'eu-west-3')).config.maxAttempts(), 1);
    factory.dispose();
  });

  describe('end to end against the sandbox KMS', () => {
    let sandbox: RunningSandbox;
    let factory: KmsClientFactory;
    before(async () => {
      sandbox = await startSandbox();
    });
    after(async () => sandbox.close());
    beforeEach(() => {
      factory = new KmsClientFactory({ maxAttempts: 1 });
    });
    afterEach(() => factory.dispose());

    /** Env credentials plus an explicit endpoint: the "CLI user with --endpoint-url" path, with no profile files at all. */
    const envConnection = async (secretAccessKey: string): Promise<Connection> =>
      connectionFor({
        settings: { connection: 'aws', endpointUrl: sandbox.endpoint, region: sandbox.region },
        env: {
          HOME: '/nonexistent-home',
          AWS_ACCESS_KEY_ID: sandbox.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: secretAccessKey,
        },
      });

    it('lists keys with a connection built from env credentials and the endpoint setting', async () => {
      const connection = await envConnection(sandbox.credentials.secretAccessKey);
      assert.equal(connection.kind, 'environment');
      const choice = regionFor(connection);
      assert.ok(choice.region);
      const kms = await factory.clientFor(connection, choice.region);
      const created = await kms.send(new CreateKeyCommand({ Description: 'aws layer e2e' }));
      const listed = await kms.send(new ListKeysCommand({}));
      assert.ok(listed.Keys?.some((key) => key.KeyId === created.KeyMetadata?.KeyId));
    });

    it('works with the sandbox connection kind too', async () => {
      const connection = await connectionFor({ settings: { connection: 'sandbox' }, env: {}, sandbox });
      const kms = await factory.clientFor(connection, connection.region ?? '');
      assert.ok(Array.isArray((await kms.send(new ListKeysCommand({}))).Keys));
    });

    it('fails with a wrong secret key, and says so', async () => {
      const connection = await envConnection('wrong-secret-wrong-secret-wrong-secret-00');
      const kms = await factory.clientFor(connection, sandbox.region);
      const error = await kms.send(new ListKeysCommand({})).then(
        () => assert.fail('the sandbox accepted a wrong secret'),
        (e: unknown) => e,
      );
      const described = describeAwsError(error, { connection, operation: 'ListKeys' });
      assert.equal(described.code, 'InvalidSignatureException');
      assert.equal(described.next, 'selectConnection');
    });

    it('names the endpoint when nothing listens there', async () => {
      const stopped = await startSandbox();
      await stopped.close();
      const connection = sandboxConnection(stopped);
      const kms = await factory.clientFor(connection, stopped.region);
      const error = await kms.send(new ListKeysCommand({})).then(
        () => assert.fail('expected a failure'),
        (e: unknown) => e,
      );
      const described = describeAwsError(error, { connection, region: stopped.region });
      assert.equal(described.code, 'ECONNREFUSED');
      assert.equal(
        described.message,
        `Cannot reach the sandbox KMS at ${stopped.endpoint}: connection refused. It may have stopped: start it again with "Use Sandbox".`,
      );
    });
  });
});
