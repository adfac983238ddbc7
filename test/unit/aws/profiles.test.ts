import * as assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  listProfiles,
  ProfileFileError,
  readSharedConfig,
  sharedFiles,
  syntaxProblem,
} from '../../../src/aws/profiles';
import { awsFolder, type AwsFolder } from './support';

describe('aws/profiles', () => {
  let folder: AwsFolder;
  beforeEach(async () => {
    folder = await awsFolder();
  });
  afterEach(async () => folder.cleanup());

  describe('sharedFiles', () => {
    it('uses AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE from the injected env', () => {
      assert.deepEqual(sharedFiles({ AWS_CONFIG_FILE: '/x/config', AWS_SHARED_CREDENTIALS_FILE: '/x/creds' }), {
        configFile: '/x/config',
        credentialsFile: '/x/creds',
      });
    });

    it('defaults to ~/.aws/config and ~/.aws/credentials under the injected HOME, and expands ~/', () => {
      assert.deepEqual(sharedFiles({ HOME: '/home/u' }), {
        configFile: '/home/u/.aws/config',
        credentialsFile: '/home/u/.aws/credentials',
      });
      assert.equal(sharedFiles({ HOME: '/home/u', AWS_CONFIG_FILE: '~/cfg/aws' }).configFile, '/home/u/cfg/aws');
    });

    it('treats blank variables as unset', () => {
      assert.equal(sharedFiles({ HOME: '/home/u', AWS_CONFIG_FILE: '  ' }).configFile, '/home/u/.aws/config');
    });
  });

  describe('listProfiles', () => {
    it('lists [profile x] and [default] from the config file and [x] from the credentials file, default first', async () => {
      await folder.config(
        [
          '[profile zeta]',
          'region = eu-west-1',
          '[default]',
          'region = us-east-1',
          '[profile alpha]',
          'region = ap-south-1',
          '[sso-session corp]',
          'sso_start_url = https://corp.awsapps.com/start',
          'sso_region = eu-west-1',
          '[services local]',
          'kms =',
          '  endpoint_url = http://localhost:4566',
          '',
        ].join('\n'),
      );
      await folder.credentials(
        ['[beta]', 'aws_access_key_id = AKIAEXAMPLE000000001', 'aws_secret_access_key = secret-beta', ''].join('\n'),
      );
      const profiles = await listProfiles(folder.env());
      assert.deepEqual(
        profiles.map((p) => p.name),
        ['default', 'alpha', 'beta', 'zeta'],
      );
      assert.equal(profiles[0].region, 'us-east-1');
      assert.deepEqual(profiles.find((p) => p.name === 'beta')?.foundIn, ['credentials']);
    });

    it('ignores an unprefixed [x] section in the config file, as the SDK and the AWS CLI do', async () => {
      await folder.config('[stray]\nregion = eu-west-1\n[profile real]\nregion = eu-west-2\n');
      assert.deepEqual(
        (await listProfiles(folder.env())).map((p) => p.name),
        ['real'],
      );
    });

    it('merges a profile found in both files, credentials-file values winning', async () => {
      await folder.config('[profile dev]\nregion = eu-west-1\noutput = json\n');
      await folder.credentials(
        '[dev]\naws_access_key_id = AKIAEXAMPLE000000002\naws_secret_access_key = s\nregion = eu-central-1\n',
      );
      const [dev] = await listProfiles(folder.env());
      assert.deepEqual(dev.foundIn, ['config', 'credentials']);
      assert.deepEqual(dev.kinds, ['static']);
      assert.equal(dev.region, 'eu-central-1');
    });

    it('hints each profile kind in the order the SDK tries them', async () => {
      await folder.config(
        [
          '[profile sso]',
          'sso_session = corp',
          'sso_account_id = 111122223333',
          'sso_role_name = Admin',
          '[profile legacy-sso]',
          'sso_start_url = https://x.awsapps.com/start',
          'sso_region = us-east-1',
          '[profile role]',
          'role_arn = arn:aws:iam::111122223333:role/KmsAdmin',
          'source_profile = base',
          'mfa_serial = arn:aws:iam::111122223333:mfa/me',
          '[profile ec2role]',
          'role_arn = arn:aws:iam::111122223333:role/R',
          'credential_source = Ec2InstanceMetadata',
          '[profile process]',
          'credential_process = /usr/bin/get-creds --json',
          '[profile web]',
          'role_arn = arn:aws:iam::111122223333:role/W',
          'web_identity_token_file = /var/token',
          '[profile base]',
          'aws_access_key_id = AKIAEXAMPLE000000003',
          'aws_secret_access_key = s3',
          '[profile regiononly]',
          'region = eu-west-1',
          '[sso-session corp]',
          'sso_start_url = https://corp.awsapps.com/start',
          'sso_region = eu-west-1',
        ].join('\n'),
      );
      const byName = Object.fromEntries((await listProfiles(folder.env())).map((p) => [p.name, p]));
      assert.deepEqual(byName.sso.kinds, ['sso']);
      assert.equal(byName.sso.ssoSession, 'corp');
      assert.deepEqual(byName['legacy-sso'].kinds, ['sso']);
      assert.deepEqual(byName.role.kinds, ['role']);
      assert.equal(byName.role.sourceProfile, 'base');
      assert.equal(byName.role.mfaSerial, 'arn:aws:iam::111122223333:mfa/me');
      assert.deepEqual(byName.ec2role.kinds, ['role']);
      assert.deepEqual(byName.process.kinds, ['credentialProcess']);
      assert.deepEqual(byName.web.kinds, ['webIdentity']);
      assert.deepEqual(byName.base.kinds, ['static']);
      assert.deepEqual(byName.regiononly.kinds, []);
      assert.equal(byName.corp, undefined, 'sso-session sections are not profiles');
    });

    it('reads endpoint_url, services and the endpoint flags', async () => {
      await folder.config(
        [
          '[profile local]',
          'endpoint_url = http://localhost:4566',
          'services = local-kms',
          'ignore_configured_endpoint_urls = TRUE',
          'use_fips_endpoint = false',
          '[services local-kms]',
          'kms =',
          '  endpoint_url = http://localhost:8080',
          'sts =',
          '  endpoint_url = http://localhost:8081',
        ].join('\n'),
      );
      const config = await readSharedConfig(folder.env());
      const [local] = config.profiles;
      assert.equal(local.endpointUrl, 'http://localhost:4566');
      assert.equal(local.services, 'local-kms');
      assert.equal(local.ignoreConfiguredEndpointUrls, true);
      assert.equal(local.useFipsEndpoint, false);
      assert.deepEqual(config.services['local-kms'], { kms: 'http://localhost:8080', sts: 'http://localhost:8081' });
    });

    it('never exposes secret values', async () => {
      await folder.credentials(
        '[default]\naws_access_key_id = AKIAEXAMPLE000000004\naws_secret_access_key = TopSecretValue123\naws_session_token = SessionTokenValue456\n',
      );
      const text = JSON.stringify(await readSharedConfig(folder.env()));
      assert.ok(
        !text.includes('TopSecretValue123') &&
          !text.includes('SessionTokenValue456') &&
          !text.includes('AKIAEXAMPLE000000004'),
      );
    });

    it('returns an empty list when neither file exists', async () => {
      assert.deepEqual(await listProfiles(folder.env()), []);
    });

    it('fails with an error naming the file when a file cannot be read', async () => {
      await mkdir(folder.configFile);
      await assert.rejects(listProfiles(folder.env()), (error: unknown) => {
        assert.ok(error instanceof ProfileFileError);
        assert.equal(error.code, 'profileFileUnreadable');
        assert.equal(error.file, folder.configFile);
        assert.match(error.message, new RegExp(`config file ${folder.configFile.replace(/[/\\]/g, '.')}: EISDIR`));
        return true;
      });
    });

    it('fails with an error naming the file and line, not its content, when a file is malformed', async () => {
      await folder.credentials('[default]\naws_access_key_id = AKIAEXAMPLE000000005\nthisIsNotASetting SECRETSECRET\n');
      await assert.rejects(listProfiles(folder.env()), (error: unknown) => {
        assert.ok(error instanceof ProfileFileError);
        assert.equal(error.code, 'profileFileMalformed');
        assert.ok(error.message.includes(folder.credentialsFile));
        assert.match(error.message, /line 3/);
        assert.ok(!error.message.includes('SECRET'));
        return true;
      });
    });
  });

  describe('syntaxProblem', () => {
    it('accepts comments, blank lines, sub-settings, "key: value" and continuation lines', () => {
      assert.equal(
        syntaxProblem(
          '# c\n; c\n[default]\nregion = eu-west-1 # trailing\ns3 =\n  addressing_style = path\nkey: value\n  continued\n',
        ),
        undefined,
      );
    });

    it('rejects settings before any section, broken headers and __proto__', () => {
      assert.deepEqual(syntaxProblem('region = eu-west-1\n[default]\n'), {
        line: 1,
        reason: 'is a setting before the first [section] header',
      });
      assert.equal(syntaxProblem('[default\nregion = x\n')?.line, 1);
      assert.equal(syntaxProblem('[]\n')?.line, 1);
      assert.equal(syntaxProblem('[profile __proto__]\nregion = x\n')?.reason, 'has an invalid profile name');
    });
  });

  it('reads the files of the injected env, not of process.env', async () => {
    await folder.config('[profile injected]\nregion = eu-west-1\n');
    const elsewhere = join(folder.dir, 'nope');
    assert.deepEqual(
      (await listProfiles({ HOME: elsewhere })).map((p) => p.name),
      [],
    );
    assert.deepEqual(
      (await listProfiles(folder.env())).map((p) => p.name),
      ['injected'],
    );
  });
});
