import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeAwsError } from '../../../src/aws/awsErrors';
import type { Connection } from '../../../src/aws/connection';
import { describeError } from '../../../src/core/errors';
import {
  memoizeCredentials,
  profileCredentials,
  REFRESH_BEFORE_EXPIRY_MS,
  type CredentialIdentity,
} from '../../../src/aws/credentials';
import { resolveConnection, type ResolveConnectionInput } from '../../../src/aws/resolveConnection';
import { awsFolder, fakeSts, type AwsFolder } from './support';

async function connectionFor(input: ResolveConnectionInput): Promise<Connection> {
  const result = await resolveConnection(input);
  if (!result.connection) {
    assert.fail(`${result.problem}: ${result.message}`);
  }
  return result.connection;
}

describe('aws/credentials', () => {
  let folder: AwsFolder;
  beforeEach(async () => {
    folder = await awsFolder();
  });
  afterEach(async () => folder.cleanup());

  describe('credential_process', () => {
    /** A real executable that prints credentials and counts its runs. */
    async function processProfile(json: string): Promise<string> {
      const counter = join(folder.dir, 'runs');
      const script = await folder.script(
        'get-creds.sh',
        `#!/bin/sh\necho run >> '${counter}'\ncat <<'EOF'\n${json}\nEOF\n`,
      );
      await folder.config(`[profile proc]\ncredential_process = ${script}\nregion = eu-west-1\n`);
      return counter;
    }
    const runs = async (counter: string): Promise<number> =>
      (await readFile(counter, 'utf8')).trim().split('\n').length;

    it('runs the process and returns its credentials, once per connection', async () => {
      const expiration = new Date(Date.now() + 3600_000).toISOString();
      const counter = await processProfile(
        JSON.stringify({
          Version: 1,
          AccessKeyId: 'ASIAPROCESS000000001',
          SecretAccessKey: 'proc-secret',
          SessionToken: 'proc-token',
          Expiration: expiration,
        }),
      );
      const connection = await connectionFor({ settings: { connection: 'aws', profile: 'proc' }, env: folder.env() });
      assert.ok(connection.kind === 'profile' && connection.credentialKind === 'credentialProcess');
      const [first, second] = await Promise.all([connection.credentials.provider(), connection.credentials.provider()]);
      assert.equal(first.accessKeyId, 'ASIAPROCESS000000001');
      assert.equal(first.sessionToken, 'proc-token');
      assert.equal(second, first);
      await connection.credentials.provider();
      assert.equal(await runs(counter), 1);

      connection.credentials.reload();
      await connection.credentials.provider();
      assert.equal(await runs(counter), 2, 'reload runs the process again');
    });

    it('fails with a message that names the profile and the SDK check, without the process output', async () => {
      await processProfile(
        '{"Version": 1, "AccessKeyId": "AKIAPROCESS000000002", "SecretAccessKey": "LeakedSecretOutput/abc", oops',
      );
      const connection = await connectionFor({ settings: { connection: 'aws', profile: 'proc' }, env: folder.env() });
      const error = await connection.credentials.provider().then(
        () => assert.fail('expected a failure'),
        (e: unknown) => e,
      );
      const described = describeAwsError(error, { connection });
      assert.equal(described.code, 'CredentialProcessFailed');
      assert.equal(
        described.message,
        'The credential_process of profile proc failed: credential_process returned invalid JSON.',
      );
      assert.ok(
        !described.message.includes('LeakedSecretOutput') && !describeError(error).includes('LeakedSecretOutput'),
      );
    });
  });

  describe('role_arn + source_profile (against a local STS)', () => {
    let sts: Awaited<ReturnType<typeof fakeSts>>;
    beforeEach(async () => {
      sts = await fakeSts();
      await folder.config(
        [
          '[profile admin]',
          'role_arn = arn:aws:iam::111122223333:role/KmsAdmin',
          'source_profile = base',
          'region = eu-west-1',
          '[profile admin-mfa]',
          'role_arn = arn:aws:iam::111122223333:role/KmsAdmin',
          'source_profile = base',
          'mfa_serial = arn:aws:iam::111122223333:mfa/alice',
          'region = eu-west-1',
        ].join('\n'),
      );
      await folder.credentials(
        '[base]\naws_access_key_id = AKIASOURCEPROFILE001\naws_secret_access_key = base-secret\n',
      );
    });
    afterEach(async () => sts.close());

    it("assumes the role with the source profile's keys, at the STS endpoint of the injected env", async () => {
      const connection = await connectionFor({
        settings: { connection: 'aws', profile: 'admin' },
        env: folder.env({ AWS_ENDPOINT_URL_STS: sts.endpoint }),
      });
      const identity = await connection.credentials.provider();
      assert.equal(identity.accessKeyId, 'ASIAROLEEXAMPLE00001');
      assert.equal(identity.sessionToken, 'role-session-token');
      assert.equal(sts.requests.length, 1);
      const [request] = sts.requests;
      assert.equal(request.params.get('Action'), 'AssumeRole');
      assert.equal(request.params.get('RoleArn'), 'arn:aws:iam::111122223333:role/KmsAdmin');
      assert.match(String(request.headers.authorization), /Credential=AKIASOURCEPROFILE001\//);
      await connection.credentials.provider();
      assert.equal(sts.requests.length, 1, 'memoised: STS is called once');
    });

    it('asks the MFA code provider for the mfa_serial and sends the code', async () => {
      const asked: string[] = [];
      const connection = await connectionFor({
        settings: { connection: 'aws', profile: 'admin-mfa' },
        env: folder.env({ AWS_ENDPOINT_URL_STS: sts.endpoint }),
        mfaCodeProvider: async (serial) => {
          asked.push(serial);
          return '123456';
        },
      });
      await connection.credentials.provider();
      assert.deepEqual(asked, ['arn:aws:iam::111122223333:mfa/alice']);
      assert.equal(sts.requests[0].params.get('SerialNumber'), 'arn:aws:iam::111122223333:mfa/alice');
      assert.equal(sts.requests[0].params.get('TokenCode'), '123456');
    });

    it("uses the sts endpoint_url of the profile's services section too", async () => {
      await folder.config(
        [
          '[profile admin]',
          'role_arn = arn:aws:iam::111122223333:role/KmsAdmin',
          'source_profile = base',
          'region = eu-west-1',
          'services = local',
          '[services local]',
          'sts =',
          `  endpoint_url = ${sts.endpoint}`,
        ].join('\n'),
      );
      const connection = await connectionFor({ settings: { connection: 'aws', profile: 'admin' }, env: folder.env() });
      await connection.credentials.provider();
      assert.equal(sts.requests.length, 1);
    });
  });

  describe('SSO', () => {
    it('reads the SSO profile from the explicit files and asks for `aws sso login` when no token is cached', async () => {
      // A session name nobody has logged in to: its token file (~/.aws/sso/cache/<sha1>.json) cannot exist.
      const session = `kms-workbench-test-${randomUUID()}`;
      await folder.config(
        [
          '[profile corp]',
          `sso_session = ${session}`,
          'sso_account_id = 111122223333',
          'sso_role_name = KmsAdmin',
          'region = eu-west-1',
          `[sso-session ${session}]`,
          'sso_start_url = https://corp.awsapps.com/start',
          'sso_region = eu-west-1',
        ].join('\n'),
      );
      const connection = await connectionFor({ settings: { connection: 'aws', profile: 'corp' }, env: folder.env() });
      assert.ok(connection.kind === 'profile' && connection.credentialKind === 'sso');
      const error = await connection.credentials.provider().then(
        () => assert.fail('expected a failure'),
        (e: unknown) => e,
      );
      const described = describeAwsError(error, { connection });
      assert.equal(described.next, 'ssoLogin');
      assert.equal(described.command, 'aws sso login --profile corp');
      assert.equal(
        described.message,
        'You are not signed in to AWS SSO for profile corp: run `aws sso login --profile corp`, then retry.',
      );
    });
  });

  describe('memoizeCredentials', () => {
    const identity = (id: string, expiresInMs?: number, now = 0): CredentialIdentity => ({
      accessKeyId: id,
      secretAccessKey: 's',
      ...(expiresInMs !== undefined && { expiration: new Date(now + expiresInMs) }),
    });

    it('shares one load between concurrent callers and caches an identity without expiry', async () => {
      let loads = 0;
      const { provider } = memoizeCredentials(async () => {
        loads++;
        return identity(`id${loads}`);
      });
      const results = await Promise.all([provider(), provider(), provider()]);
      assert.deepEqual(
        results.map((r) => r.accessKeyId),
        ['id1', 'id1', 'id1'],
      );
      assert.equal((await provider()).accessKeyId, 'id1');
      assert.equal(loads, 1);
    });

    it('reloads temporary credentials before they expire', async () => {
      let clock = 0;
      let loads = 0;
      const { provider } = memoizeCredentials(
        async () => {
          loads++;
          return identity(`id${loads}`, 3600_000, clock);
        },
        () => clock,
      );
      assert.equal((await provider()).accessKeyId, 'id1');
      clock = 3600_000 - REFRESH_BEFORE_EXPIRY_MS - 1;
      assert.equal((await provider()).accessKeyId, 'id1');
      clock += 2;
      assert.equal((await provider()).accessKeyId, 'id2');
    });

    it('does not cache a failure, and re-reads the files on the next attempt', async () => {
      const calls: boolean[] = [];
      let fail = true;
      const { provider } = memoizeCredentials(async (ignoreCache) => {
        calls.push(ignoreCache);
        if (fail) {
          throw new Error('boom');
        }
        return identity('ok');
      });
      await assert.rejects(provider(), /boom/);
      fail = false;
      assert.equal((await provider()).accessKeyId, 'ok');
      assert.deepEqual(calls, [false, true]);
    });

    it('reload() forgets the identity and asks the loader to bypass the file cache', async () => {
      const calls: boolean[] = [];
      const credentials = memoizeCredentials(async (ignoreCache) => {
        calls.push(ignoreCache);
        return identity('x');
      });
      await credentials.provider();
      await credentials.provider();
      credentials.reload();
      await credentials.provider();
      assert.deepEqual(calls, [false, true]);
    });

    it('passes the client context through to the SDK provider', async () => {
      let seen: unknown;
      const { provider } = memoizeCredentials(async (_ignoreCache, args) => {
        seen = args;
        return identity('x');
      });
      const args = { callerClientConfig: { region: async () => 'eu-west-1' } };
      await provider(args);
      assert.equal(seen, args);
    });
  });

  it('profileCredentials reads only the files it is given', async () => {
    await folder.credentials('[only-here]\naws_access_key_id = AKIAONLYHERE00000001\naws_secret_access_key = s\n');
    const files = { configFile: folder.configFile, credentialsFile: folder.credentialsFile };
    const { provider } = profileCredentials({ profile: 'only-here', files, kind: 'static' });
    assert.equal((await provider()).accessKeyId, 'AKIAONLYHERE00000001');
  });
});
