import * as assert from 'assert';
import { endpointIdentity, needsApproval } from '../../../src/aws/endpointTrust';
import { isLoopbackHost } from '../../../src/core/loopback';

describe('endpoints that need the user to allow them', () => {
  it("sends to AWS's own endpoints in every partition without asking", () => {
    for (const endpoint of [
      'https://kms.us-east-1.amazonaws.com',
      'https://kms-fips.us-gov-west-1.amazonaws.com',
      'https://kms.cn-north-1.amazonaws.com.cn',
      'https://kms.eu-west-1.api.aws',
      'https://vpce-0123456789abcdef0-abcdefgh.kms.us-east-1.vpce.amazonaws.com',
      'https://kms.us-iso-east-1.c2s.ic.gov',
      'https://kms.us-isob-east-1.sc2s.sgov.gov',
      'HTTPS://KMS.US-EAST-1.AMAZONAWS.COM',
    ]) {
      assert.strictEqual(needsApproval(endpoint), false, endpoint);
    }
  });

  it('sends to this machine without asking', () => {
    for (const endpoint of [
      'http://127.0.0.1:4566',
      'http://127.8.9.10',
      'http://localhost:8080',
      'http://[::1]:4599',
    ]) {
      assert.strictEqual(needsApproval(endpoint), false, endpoint);
    }
  });

  it('asks for any other host, for look-alikes of AWS names, and for what is not a URL', () => {
    for (const endpoint of [
      'https://kms.example.com',
      'http://192.0.2.2:8080',
      'http://10.0.0.1',
      'https://kms.us-east-1.amazonaws.com.evil.example',
      'https://amazonaws.com', // no subdomain: not an AWS service endpoint
      'https://evilamazonaws.com',
      'http://localhost.example.com',
      'http://127.0.0.1.nip.io',
      'http://[::2]',
      'not a url',
    ]) {
      assert.strictEqual(needsApproval(endpoint), true, endpoint);
    }
  });

  it('remembers an approval by scheme, host and port', () => {
    assert.strictEqual(endpointIdentity('https://kms.example.com/some/path?x=1'), 'https://kms.example.com');
    assert.strictEqual(endpointIdentity('http://192.0.2.2:8080/'), 'http://192.0.2.2:8080');
    assert.notStrictEqual(endpointIdentity('http://kms.example.com'), endpointIdentity('https://kms.example.com'));
  });

  it('loopback: brackets and case do not matter; other addresses are not loopback', () => {
    assert.ok(isLoopbackHost('[::1]'));
    assert.ok(isLoopbackHost('LOCALHOST'));
    assert.ok(!isLoopbackHost('128.0.0.1'));
    assert.ok(!isLoopbackHost('0.0.0.0'));
  });
});
