import * as assert from 'node:assert/strict';
import { configuredEndpoint, kmsEndpoint, sourceChainUsesSso } from '../../../src/aws/configuredEndpoint';
import { configuredRegion } from '../../../src/aws/configuredRegion';
import type { ProfileInfo, SharedConfig } from '../../../src/aws/profiles';

const profile = (name: string, extra: Partial<ProfileInfo> = {}): ProfileInfo => ({
  name,
  foundIn: ['config'],
  kinds: ['static'],
  ...extra,
});
const config = (profiles: ProfileInfo[], services: SharedConfig['services'] = {}): SharedConfig => ({
  files: { configFile: '/c', credentialsFile: '/k' },
  profiles,
  services,
});

describe('configuredRegion', () => {
  it('takes the setting, then AWS_REGION, AWS_DEFAULT_REGION and the profile', () => {
    const dev = profile('dev', { region: 'ap-south-1' });
    const env = { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'us-east-2' };
    assert.deepEqual(configuredRegion({ connection: 'aws', region: ' us-west-2 ' }, env, dev), {
      region: 'us-west-2',
      regionSource: 'setting',
    });
    assert.deepEqual(configuredRegion({ connection: 'aws' }, env, dev), {
      region: 'eu-west-1',
      regionSource: 'AWS_REGION',
    });
    assert.deepEqual(configuredRegion({ connection: 'aws' }, { AWS_DEFAULT_REGION: 'us-east-2' }, dev), {
      region: 'us-east-2',
      regionSource: 'AWS_DEFAULT_REGION',
    });
    assert.deepEqual(configuredRegion({ connection: 'aws' }, {}, dev), {
      region: 'ap-south-1',
      regionSource: 'profile',
    });
  });

  it('names where a malformed region came from, with the step that fixes it', () => {
    assert.deepEqual(configuredRegion({ connection: 'aws', region: 'Ireland' }, {}, undefined), {
      problem: 'invalidRegion',
      message: 'The awsKms.region setting is not an AWS region name like eu-west-1: Ireland',
      next: 'openSettings',
    });
    assert.deepEqual(configuredRegion({ connection: 'aws' }, { AWS_DEFAULT_REGION: 'eu_west_1' }, undefined), {
      problem: 'invalidRegion',
      message: 'AWS_DEFAULT_REGION is not an AWS region name like eu-west-1: eu_west_1',
      next: 'selectRegion',
    });
    const bad = configuredRegion({ connection: 'aws' }, {}, profile('dev', { region: 'x' }));
    assert.equal(
      'message' in bad && bad.message,
      'The region of profile "dev" is not an AWS region name like eu-west-1: x',
    );
  });

  it('with no region anywhere, says what to say once a region is needed', () => {
    assert.deepEqual(configuredRegion({ connection: 'aws' }, {}, profile('dev')), {
      regionMissing:
        'No AWS region is configured (awsKms.region, AWS_REGION, AWS_DEFAULT_REGION or the region of profile "dev"): choose a region.',
    });
    assert.deepEqual(configuredRegion({ connection: 'aws' }, {}, undefined), {
      regionMissing: 'No AWS region is configured (awsKms.region, AWS_REGION, AWS_DEFAULT_REGION): choose a region.',
    });
  });
});

describe('configuredEndpoint and kmsEndpoint', () => {
  const dev = profile('dev', { services: 'local', endpointUrl: 'http://profile:1' });
  const shared = config([dev], { local: { kms: 'http://services:1' } });

  it("follows the SDK's order for a service: its variable, AWS_ENDPOINT_URL, [services], endpoint_url", () => {
    const env = { AWS_ENDPOINT_URL_STS: 'http://sts:1', AWS_ENDPOINT_URL: 'http://all:1' };
    assert.equal(configuredEndpoint('sts', env, dev, shared)?.where, 'AWS_ENDPOINT_URL_STS');
    assert.equal(configuredEndpoint('kms', env, dev, shared)?.source, 'AWS_ENDPOINT_URL');
    assert.deepEqual(configuredEndpoint('kms', {}, dev, shared), {
      url: 'http://services:1',
      source: 'profileServices',
      where: 'the [services local] section (kms)',
    });
    assert.equal(configuredEndpoint('sts', {}, dev, shared)?.where, 'the endpoint_url of profile "dev"');
    assert.equal(configuredEndpoint('kms', { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, dev, shared), undefined);
    assert.equal(configuredEndpoint('kms', {}, undefined, shared), undefined);
  });

  it('the setting wins; a value that is not an http(s) URL is a problem naming where it is set', () => {
    assert.deepEqual(kmsEndpoint({ connection: 'aws', endpointUrl: 'http://set:1' }, {}, dev, shared), {
      url: 'http://set:1',
      source: 'setting',
    });
    assert.deepEqual(kmsEndpoint({ connection: 'aws' }, { AWS_ENDPOINT_URL_KMS: 'kms.local' }, dev, shared), {
      problem: 'invalidEndpoint',
      message: 'The KMS endpoint in AWS_ENDPOINT_URL_KMS is not an http(s) URL: kms.local',
      next: 'checkEndpoint',
    });
    const fromSetting = kmsEndpoint({ connection: 'aws', endpointUrl: 'ftp://x' }, {}, undefined, shared);
    assert.equal(fromSetting && 'next' in fromSetting && fromSetting.next, 'openSettings');
    assert.equal(kmsEndpoint({ connection: 'aws' }, {}, undefined, shared), undefined);
  });

  it('sourceChainUsesSso follows source_profile to an SSO profile, and stops at a loop', () => {
    const sso = profile('sso', { kinds: ['sso'] });
    const role = profile('role', { kinds: ['role'], sourceProfile: 'sso' });
    const loopA = profile('a', { kinds: ['role'], sourceProfile: 'b' });
    const loopB = profile('b', { kinds: ['role'], sourceProfile: 'a' });
    const all = config([sso, role, loopA, loopB]);
    assert.equal(sourceChainUsesSso(role, all), true);
    assert.equal(sourceChainUsesSso(loopA, all), false);
  });
});
