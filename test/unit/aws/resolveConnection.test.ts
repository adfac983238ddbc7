import * as assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { statusText, type Connection } from '../../../src/aws/connection';
import type { Env } from '../../../src/aws/env';
import {
  regionFor,
  regionOfKeyArn,
  resolveConnection,
  type ConnectionSettings,
  type ResolveConnectionResult,
} from '../../../src/aws/resolveConnection';
import { awsFolder, type AwsFolder } from './support';

const AWS: ConnectionSettings = { connection: 'aws' };
const SANDBOX = {
  endpoint: 'http://127.0.0.1:4599',
  region: 'eu-west-3',
  credentials: { accessKeyId: 'AKIASANDBOX000000000', secretAccessKey: 'sandbox-secret' },
};
const ENV_KEYS = { AWS_ACCESS_KEY_ID: 'AKIAENVIRONMENT00001', AWS_SECRET_ACCESS_KEY: 'env-secret' };
const KEY_ARN = 'arn:aws:kms:ap-southeast-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function connectionOf(result: ResolveConnectionResult): Connection {
  if (!result.connection) {
    assert.fail(`expected a connection, got ${result.problem}: ${result.message}`);
  }
  return result.connection;
}

describe('aws/resolveConnection', () => {
  let folder: AwsFolder;
  beforeEach(async () => {
    folder = await awsFolder();
  });
  afterEach(async () => folder.cleanup());

  const resolve = async (
    settings: Partial<ConnectionSettings> = {},
    env: Record<string, string> = {},
  ): Promise<ResolveConnectionResult> => resolveConnection({ settings: { ...AWS, ...settings }, env: folder.env(env) });
  const connect = async (
    settings: Partial<ConnectionSettings> = {},
    env: Record<string, string> = {},
  ): Promise<Connection> => connectionOf(await resolve(settings, env));

  describe('sandbox', () => {
    it('builds a "Sandbox" connection from the running sandbox', async () => {
      const connection = connectionOf(
        await resolveConnection({
          settings: { connection: 'sandbox', region: 'us-east-1' },
          env: {},
          sandbox: SANDBOX,
        }),
      );
      assert.equal(connection.kind, 'sandbox');
      assert.equal(connection.label, 'Sandbox');
      assert.equal(connection.endpoint, SANDBOX.endpoint);
      assert.equal(connection.endpointSource, 'sandbox');
      assert.equal(connection.region, 'eu-west-3', 'the region setting does not apply to the sandbox');
      assert.equal(statusText(connection), 'Sandbox');
      assert.deepEqual(await connection.credentials.provider(), SANDBOX.credentials);
    });

    it('asks to start the sandbox when it is selected but not running', async () => {
      const result = await resolveConnection({ settings: { connection: 'sandbox' }, env: {} });
      assert.equal(result.problem, 'sandboxNotRunning');
      assert.equal(result.next, 'useSandbox');
    });

    it('uses the sandbox region whatever the key ARN says', async () => {
      const connection = connectionOf(
        await resolveConnection({ settings: { connection: 'sandbox' }, env: {}, sandbox: SANDBOX }),
      );
      assert.deepEqual(regionFor(connection, KEY_ARN), { region: 'eu-west-3', source: 'sandbox' });
    });
  });

  describe('credentials from the environment alone', () => {
    it('connects as "env" with static credentials built from the injected env, no profile files at all', async () => {
      const connection = await connect({}, { ...ENV_KEYS, AWS_SESSION_TOKEN: 'env-token', AWS_REGION: 'us-east-1' });
      assert.equal(connection.kind, 'environment');
      assert.equal(connection.label, 'env');
      assert.equal(statusText(connection), 'env · us-east-1');
      assert.deepEqual(await connection.credentials.provider(), {
        accessKeyId: 'AKIAENVIRONMENT00001',
        secretAccessKey: 'env-secret',
        sessionToken: 'env-token',
      });
    });

    it('recognises web identity variables', async () => {
      const connection = await connect(
        {},
        { AWS_WEB_IDENTITY_TOKEN_FILE: '/var/token', AWS_ROLE_ARN: 'arn:aws:iam::111122223333:role/Pod' },
      );
      assert.ok(connection.kind === 'environment' && connection.credentialSource === 'webIdentity');
    });

    it('takes region and endpoint from the default profile, as the AWS CLI does', async () => {
      await folder.config('[default]\nregion = eu-north-1\nendpoint_url = http://localhost:4566\n');
      const connection = await connect({}, ENV_KEYS);
      assert.equal(connection.kind, 'environment');
      assert.ok(connection.kind === 'environment' && connection.profile === 'default');
      assert.equal(connection.region, 'eu-north-1');
      assert.equal(connection.endpoint, 'http://localhost:4566');
    });
  });

  describe('profile precedence: setting → AWS_PROFILE → environment → default', () => {
    beforeEach(async () => {
      await folder.credentials(
        [
          '[default]',
          'aws_access_key_id = AKIADEFAULT000000001',
          'aws_secret_access_key = d',
          '[dev]',
          'aws_access_key_id = AKIADEV0000000000001',
          'aws_secret_access_key = v',
          '[ops]',
          'aws_access_key_id = AKIAOPS0000000000001',
          'aws_secret_access_key = o',
        ].join('\n'),
      );
    });

    it('uses the awsKms.profile setting first', async () => {
      const connection = await connect({ profile: 'dev' }, { AWS_PROFILE: 'ops', ...ENV_KEYS });
      assert.ok(connection.kind === 'profile');
      assert.equal(connection.profile, 'dev');
      assert.equal(connection.profileSource, 'setting');
      assert.equal(connection.label, 'profile:dev');
      assert.equal((await connection.credentials.provider()).accessKeyId, 'AKIADEV0000000000001');
    });

    it('then AWS_PROFILE, even over environment keys (as the JS SDK does)', async () => {
      const connection = await connect({ profile: '  ' }, { AWS_PROFILE: 'ops', ...ENV_KEYS });
      assert.ok(
        connection.kind === 'profile' && connection.profile === 'ops' && connection.profileSource === 'AWS_PROFILE',
      );
    });

    it('then environment keys over the default profile', async () => {
      assert.equal((await connect({}, ENV_KEYS)).kind, 'environment');
    });

    it('then the default profile', async () => {
      const connection = await connect();
      assert.ok(
        connection.kind === 'profile' && connection.profile === 'default' && connection.profileSource === 'default',
      );
      assert.equal(connection.credentialKind, 'static');
    });

    it('reports a setting naming an unknown profile', async () => {
      const result = await resolve({ profile: 'nope' });
      assert.equal(result.problem, 'unknownProfile');
      assert.match(result.message ?? '', /"nope" of the awsKms\.profile setting is not in/);
      assert.equal(result.next, 'selectConnection');
    });

    it('reports AWS_PROFILE naming an unknown profile', async () => {
      const result = await resolve({}, { AWS_PROFILE: 'ghost' });
      assert.equal(result.problem, 'unknownProfile');
      assert.match(result.message ?? '', /AWS_PROFILE names the profile "ghost"/);
    });
  });

  it('uses no default profile when none exists, and offers the sandbox', async () => {
    await folder.config('[profile other]\nregion = eu-west-1\n');
    const result = await resolve();
    assert.equal(result.problem, 'noCredentials');
    assert.equal(result.next, 'useSandbox');
    assert.match(result.message ?? '', /No AWS credentials found/);
  });

  it('reports a profile without credentials', async () => {
    await folder.config('[profile bare]\nregion = eu-west-1\n');
    const result = await resolve({ profile: 'bare' });
    assert.equal(result.problem, 'noCredentials');
    assert.match(result.message ?? '', /profile "bare" has no credentials/);
  });

  it('reports a malformed shared file, naming it', async () => {
    await folder.config('region = eu-west-1\n');
    const result = await resolve();
    assert.equal(result.problem, 'profileFileError');
    assert.ok(result.message?.includes(folder.configFile));
  });

  it('reports an unreadable shared file', async () => {
    await mkdir(folder.credentialsFile);
    assert.equal((await resolve({}, ENV_KEYS)).problem, 'profileFileError');
  });

  describe('region precedence: key ARN → setting → AWS_REGION → AWS_DEFAULT_REGION → profile → ask', () => {
    beforeEach(async () => {
      await folder.config('[profile dev]\nregion = eu-west-1\n');
      await folder.credentials('[dev]\naws_access_key_id = AKIADEV0000000000001\naws_secret_access_key = v\n');
    });
    const all = { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'us-east-2' };

    it('prefers the setting', async () => {
      const connection = await connect({ profile: 'dev', region: 'ca-central-1' }, all);
      assert.equal(connection.region, 'ca-central-1');
      assert.equal(connection.regionSource, 'setting');
      assert.equal(statusText(connection), 'profile:dev · ca-central-1');
    });

    it('then AWS_REGION', async () => {
      const connection = await connect({ profile: 'dev', region: '' }, all);
      assert.deepEqual([connection.region, connection.regionSource], ['us-west-2', 'AWS_REGION']);
    });

    it('then AWS_DEFAULT_REGION', async () => {
      const connection = await connect({ profile: 'dev' }, { AWS_DEFAULT_REGION: 'us-east-2' });
      assert.deepEqual([connection.region, connection.regionSource], ['us-east-2', 'AWS_DEFAULT_REGION']);
    });

    it('then the profile region', async () => {
      const connection = await connect({ profile: 'dev' });
      assert.deepEqual([connection.region, connection.regionSource], ['eu-west-1', 'profile']);
      assert.equal(statusText(connection, 'sa-east-1'), 'profile:dev · sa-east-1');
    });

    it('and the key ARN region over all of them', async () => {
      const connection = await connect({ profile: 'dev', region: 'ca-central-1' }, all);
      assert.deepEqual(regionFor(connection, KEY_ARN), { region: 'ap-southeast-2', source: 'keyArn' });
      assert.deepEqual(regionFor(connection, 'alias/not-an-arn'), { region: 'ca-central-1', source: 'setting' });
      assert.deepEqual(regionFor(connection), { region: 'ca-central-1', source: 'setting' });
    });

    it('else returns no region, with the reason, so the UI asks', async () => {
      const connection = await connect({}, ENV_KEYS);
      assert.equal(connection.region, undefined);
      assert.match(connection.regionMissing ?? '', /No AWS region is configured/);
      assert.equal(statusText(connection), 'env · no region');
      const choice = regionFor(connection);
      assert.equal(choice.problem, 'noRegion');
      assert.equal(choice.next, 'selectRegion');
      assert.equal(regionFor(connection, KEY_ARN).region, 'ap-southeast-2');
    });

    it('rejects a region that is not a region name', async () => {
      const result = await resolve({ profile: 'dev', region: 'Europe (Ireland)' });
      assert.equal(result.problem, 'invalidRegion');
      assert.equal(result.next, 'openSettings');
      assert.equal((await resolve({ profile: 'dev' }, { AWS_REGION: 'moon' })).problem, 'invalidRegion');
    });
  });

  describe('endpoint precedence: setting → AWS_ENDPOINT_URL_KMS → AWS_ENDPOINT_URL → services kms → profile endpoint_url', () => {
    beforeEach(async () => {
      await folder.config(
        [
          '[profile local]',
          'endpoint_url = http://profile:1',
          'services = svc',
          'region = eu-west-1',
          '[profile plain]',
          'endpoint_url = http://plain:5',
          'region = eu-west-1',
          '[profile ignoring]',
          'endpoint_url = http://ignored:6',
          'ignore_configured_endpoint_urls = true',
          'region = eu-west-1',
          '[services svc]',
          'kms =',
          '  endpoint_url = http://services:2',
          's3 =',
          '  endpoint_url = http://s3:9',
        ].join('\n'),
      );
      await folder.credentials(
        ['local', 'plain', 'ignoring']
          .map((name) => `[${name}]\naws_access_key_id = AKIAEXAMPLE000000009\naws_secret_access_key = x`)
          .join('\n'),
      );
    });
    const bothVariables: Env = { AWS_ENDPOINT_URL_KMS: 'http://kms-var:3', AWS_ENDPOINT_URL: 'http://global-var:4' };
    const endpointOf = async (
      settings: Partial<ConnectionSettings>,
      env: Env = {},
    ): Promise<[string | undefined, string | undefined]> => {
      const connection = await connect(settings, env as Record<string, string>);
      return [connection.endpoint, connection.endpointSource];
    };

    it('prefers the awsKms.endpointUrl setting', async () => {
      assert.deepEqual(await endpointOf({ profile: 'local', endpointUrl: 'https://vpce.example:443' }, bothVariables), [
        'https://vpce.example:443',
        'setting',
      ]);
    });
    it('then AWS_ENDPOINT_URL_KMS', async () => {
      assert.deepEqual(await endpointOf({ profile: 'local' }, bothVariables), [
        'http://kms-var:3',
        'AWS_ENDPOINT_URL_KMS',
      ]);
    });
    it('then AWS_ENDPOINT_URL', async () => {
      assert.deepEqual(await endpointOf({ profile: 'local' }, { AWS_ENDPOINT_URL: 'http://global-var:4' }), [
        'http://global-var:4',
        'AWS_ENDPOINT_URL',
      ]);
    });
    it("then the kms endpoint_url of the profile's services section", async () => {
      assert.deepEqual(await endpointOf({ profile: 'local' }), ['http://services:2', 'profileServices']);
    });
    it("then the profile's endpoint_url", async () => {
      assert.deepEqual(await endpointOf({ profile: 'plain' }), ['http://plain:5', 'profile']);
    });
    it("else none: the SDK's regional endpoint", async () => {
      await folder.config('[profile none]\nregion = eu-west-1\n');
      await folder.credentials('[none]\naws_access_key_id = AKIAEXAMPLE000000009\naws_secret_access_key = x\n');
      assert.deepEqual(await endpointOf({ profile: 'none' }), [undefined, undefined]);
    });

    it('skips configured endpoints when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true, but not the setting', async () => {
      const ignore = { ...bothVariables, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' };
      assert.deepEqual(await endpointOf({ profile: 'local' }, ignore), [undefined, undefined]);
      assert.deepEqual(await endpointOf({ profile: 'local', endpointUrl: 'http://setting:7' }, ignore), [
        'http://setting:7',
        'setting',
      ]);
    });

    it('skips them when the profile sets ignore_configured_endpoint_urls, unless the variable says false', async () => {
      assert.deepEqual(await endpointOf({ profile: 'ignoring' }, { AWS_ENDPOINT_URL: 'http://global-var:4' }), [
        undefined,
        undefined,
      ]);
      assert.deepEqual(await endpointOf({ profile: 'ignoring' }, { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' }), [
        'http://ignored:6',
        'profile',
      ]);
    });

    it('rejects an endpoint that is not an http(s) URL, naming where it came from', async () => {
      const fromSetting = await resolve({ profile: 'local', endpointUrl: 'localhost:4566' });
      assert.equal(fromSetting.problem, 'invalidEndpoint');
      assert.equal(fromSetting.next, 'openSettings');
      assert.match(fromSetting.message ?? '', /awsKms\.endpointUrl setting is not an http\(s\) URL: localhost:4566/);
      const fromVariable = await resolve({ profile: 'local' }, { AWS_ENDPOINT_URL_KMS: 'ftp://x' });
      assert.match(fromVariable.message ?? '', /AWS_ENDPOINT_URL_KMS/);
      assert.equal(fromVariable.next, 'checkEndpoint');
    });

    it('gives connections with different endpoints different ids', async () => {
      const a = await connect({ profile: 'local' });
      const b = await connect({ profile: 'local', endpointUrl: 'http://other:1' });
      assert.notEqual(a.id, b.id);
      assert.equal(a.label, b.label);
    });
  });

  it('reads FIPS and dual-stack from the env, then the profile', async () => {
    await folder.config('[default]\nuse_fips_endpoint = true\nuse_dualstack_endpoint = true\n');
    const fromProfile = await connect({}, ENV_KEYS);
    assert.deepEqual([fromProfile.useFipsEndpoint, fromProfile.useDualstackEndpoint], [true, true]);
    const fromEnv = await connect({}, { ...ENV_KEYS, AWS_USE_FIPS_ENDPOINT: 'false' });
    assert.equal(fromEnv.useFipsEndpoint, false);
  });

  it('regionOfKeyArn reads key and alias ARNs of any partition, and nothing else', () => {
    assert.equal(regionOfKeyArn(KEY_ARN), 'ap-southeast-2');
    assert.equal(regionOfKeyArn('arn:aws:kms:eu-west-1:111122223333:alias/app'), 'eu-west-1');
    assert.equal(regionOfKeyArn('arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1234abcd'), 'cn-north-1');
    assert.equal(regionOfKeyArn('arn:aws:s3:::bucket'), undefined);
    assert.equal(regionOfKeyArn('1234abcd-12ab-34cd-56ef-1234567890ab'), undefined);
  });
});
