import * as assert from 'node:assert/strict';
import { KMSServiceException } from '@aws-sdk/client-kms';
import { describeAwsError, toKmsExtensionError } from '../../../src/aws/awsErrors';
import type { Connection, EnvironmentConnection, ProfileConnection } from '../../../src/aws/connection';
import { staticCredentials } from '../../../src/aws/credentials';
import { sandboxConnection } from '../../../src/aws/resolveConnection';
import { CancelledError, describeError, KmsExtensionError } from '../../../src/core/errors';
import { scrubSecrets } from '../../../src/core/redact';

const credentials = staticCredentials({ accessKeyId: 'AKIAEXAMPLE000000001', secretAccessKey: 's' });
const base = { useFipsEndpoint: false, useDualstackEndpoint: false, credentials };
const profile = (name: string, extra: Partial<ProfileConnection> = {}): ProfileConnection => ({
  kind: 'profile',
  id: `profile:${name}`,
  label: `profile:${name}`,
  profile: name,
  profileSource: 'setting',
  credentialKind: 'static',
  region: 'eu-west-1',
  regionSource: 'profile',
  ...base,
  ...extra,
});
const environment: EnvironmentConnection = {
  kind: 'environment',
  id: 'env',
  label: 'env',
  credentialSource: 'keys',
  ...base,
};
const sandbox = sandboxConnection({
  endpoint: 'http://127.0.0.1:4599',
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIASANDBOX000000000', secretAccessKey: 's' },
});

/** The shape the SDK throws for a service error (an unmodelled one, as KMS's AccessDeniedException is). */
const serviceError = (name: string, message: string, status = 400): KMSServiceException =>
  new KMSServiceException({
    name,
    message,
    $fault: 'client',
    $metadata: { httpStatusCode: status, requestId: 'req-1234' },
  });
const named = (name: string, message: string, extra: Record<string, unknown> = {}): Error =>
  Object.assign(new Error(message), { name }, extra);
const socketError = (code: string, extra: Record<string, unknown> = {}): Error =>
  Object.assign(new Error(`connect ${code}`), { code, ...extra });

describe('aws/awsErrors', () => {
  describe('SSO', () => {
    it('asks for `aws sso login --profile X` when the SSO session has expired', () => {
      const error = named(
        'CredentialsProviderError',
        'The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.',
      );
      const described = describeAwsError(error, { connection: profile('dev', { credentialKind: 'sso' }) });
      assert.equal(
        described.message,
        'Your AWS SSO session for profile dev has expired: run `aws sso login --profile dev`, then retry.',
      );
      assert.equal(described.next, 'ssoLogin');
      assert.equal(described.command, 'aws sso login --profile dev');
    });

    it('names the profile the token provider names (the SSO source of a role)', () => {
      const error = named(
        'TokenProviderError',
        "The SSO session token associated with profile=corp-sso was not found or is invalid. To refresh this SSO session run 'aws sso login' with the corresponding profile.",
      );
      const described = describeAwsError(error, { connection: profile('admin', { credentialKind: 'role' }) });
      assert.equal(described.command, 'aws sso login --profile corp-sso');
      assert.match(described.message, /^You are not signed in to AWS SSO for profile corp-sso/);
    });

    it('treats an SSO portal UnauthorizedException on an SSO profile as a login to renew', () => {
      const error = named('UnauthorizedException', 'Session token not found or invalid');
      assert.equal(describeAwsError(error, { connection: profile('dev', { credentialKind: 'sso' }) }).next, 'ssoLogin');
    });
  });

  it('offers the sandbox when there are no credentials', () => {
    const error = named('CredentialsProviderError', 'Could not load credentials from any providers');
    const described = describeAwsError(error, { connection: environment });
    assert.equal(described.next, 'useSandbox');
    assert.equal(
      described.message,
      'No AWS credentials for the environment connection: Could not load credentials from any providers. Select a profile, or use the sandbox KMS to work without an AWS account.',
    );
  });

  it('says when a profile needs an MFA code that was not given', () => {
    const error = named(
      'CredentialsProviderError',
      'Profile admin requires multi-factor authentication, but no MFA code callback was provided.',
    );
    assert.match(
      describeAwsError(error, { connection: profile('admin') }).message,
      /^Profile admin requires an MFA code/,
    );
  });

  describe('unreachable endpoints', () => {
    it('names the custom endpoint URL and where it was set', () => {
      const connection = profile('local', { endpoint: 'http://localhost:4566', endpointSource: 'setting' });
      const described = describeAwsError(socketError('ECONNREFUSED', { address: '127.0.0.1', port: 4566 }), {
        connection,
        region: 'eu-west-1',
      });
      assert.equal(described.code, 'ECONNREFUSED');
      assert.equal(described.next, 'checkEndpoint');
      assert.equal(
        described.message,
        'Cannot reach http://localhost:4566: connection refused. Check the endpoint (set by awsKms.endpointUrl) and that the service is running.',
      );
    });

    it('names the regional AWS endpoint when there is no custom one', () => {
      const error = socketError('ENOTFOUND', { hostname: 'kms.eu-west-1.amazonaws.com' });
      const described = describeAwsError(error, { connection: profile('dev'), region: 'eu-west-1' });
      assert.equal(
        described.message,
        'Cannot reach https://kms.eu-west-1.amazonaws.com: host not found. Check your network connection, proxy and endpoint settings.',
      );
    });

    it('names the other host when a credential call (STS, SSO) fails', () => {
      const error = socketError('ENOTFOUND', { hostname: 'sts.eu-west-1.amazonaws.com' });
      assert.match(
        describeAwsError(error, { connection: profile('dev'), region: 'eu-west-1' }).message,
        /^Cannot reach sts\.eu-west-1\.amazonaws\.com: host not found/,
      );
    });

    it('finds the socket error inside an AggregateError and a cause chain', () => {
      const inner = new AggregateError(
        [
          socketError('ECONNREFUSED', { address: '::1', port: 4599 }),
          socketError('ECONNREFUSED', { address: '127.0.0.1', port: 4599 }),
        ],
        'connect failed',
      );
      const described = describeAwsError(new Error('request failed', { cause: inner }), { connection: sandbox });
      assert.equal(described.next, 'useSandbox');
      assert.match(
        described.message,
        /^Cannot reach the sandbox KMS at http:\/\/127\.0\.0\.1:4599: connection refused/,
      );
    });

    it('reports timeouts', () => {
      const described = describeAwsError(
        named('TimeoutError', 'Socket timed out without establishing a connection within 5000 ms'),
        { connection: profile('dev'), region: 'us-east-1' },
      );
      assert.equal(
        described.message,
        'Cannot reach https://kms.us-east-1.amazonaws.com: request timed out. Check your network connection, proxy and endpoint settings.',
      );
    });
  });

  describe('access denied', () => {
    it('names the missing kms: permission and the resource', () => {
      const error = serviceError(
        'AccessDeniedException',
        'User: arn:aws:iam::111122223333:user/alice is not authorized to perform: kms:ListKeys on resource: arn:aws:kms:eu-west-1:111122223333:key/* because no identity-based policy allows the kms:ListKeys action',
      );
      const described = describeAwsError(error, { connection: profile('dev'), operation: 'ListKeys' });
      assert.equal(described.code, 'AccessDeniedException');
      assert.equal(described.next, 'selectConnection');
      assert.equal(
        described.message,
        'Access denied: profile dev lacks the kms:ListKeys permission on arn:aws:kms:eu-west-1:111122223333:key/*. Ask for it in the key policy or an IAM policy, or select another connection.',
      );
      assert.match(describeError(error), /AccessDeniedException: User: .*\(HTTP 400, request id req-1234\)/);
    });

    it('falls back to the message when it names no permission', () => {
      const described = describeAwsError(serviceError('AccessDeniedException', 'Access denied. More text.'), {
        connection: profile('dev'),
        operation: 'Decrypt',
      });
      assert.equal(
        described.message,
        'Access denied to Decrypt for profile dev: Access denied. Ask for the permission, or select another connection.',
      );
    });
  });

  describe('credentials AWS rejects', () => {
    it('expired session token: reload the connection', () => {
      const described = describeAwsError(
        serviceError('ExpiredTokenException', 'The security token included in the request is expired'),
        { connection: profile('dev') },
      );
      assert.equal(described.next, 'reloadCredentials');
      assert.match(described.message, /^The AWS session credentials of profile dev have expired/);
    });

    it('expired session token from the environment: restart with fresh credentials', () => {
      const described = describeAwsError(
        serviceError('ExpiredTokenException', 'The security token included in the request is expired'),
        { connection: environment },
      );
      assert.match(described.message, /AWS_SESSION_TOKEN\) has expired/);
    });

    it('unknown access key or invalid token', () => {
      const described = describeAwsError(
        serviceError('UnrecognizedClientException', 'The security token included in the request is invalid.'),
        { connection: profile('dev') },
      );
      assert.equal(
        described.message,
        'AWS does not recognise the access key or session token of profile dev: check the credentials, or select another connection.',
      );
    });

    it('wrong secret key', () => {
      const described = describeAwsError(
        serviceError(
          'InvalidSignatureException',
          'The request signature we calculated does not match the signature you provided.',
        ),
        { connection: profile('dev') },
      );
      assert.equal(described.code, 'InvalidSignatureException');
      assert.match(described.message, /secret access key does not match the access key/);
    });

    it('clock skew', () => {
      const error = serviceError(
        'InvalidSignatureException',
        'Signature expired: 20240101T000000Z is now earlier than 20240101T001000Z (20240101T001500Z - 5 min.)',
      );
      const described = describeAwsError(error, { connection: profile('dev') });
      assert.equal(described.code, 'ClockSkew');
      assert.match(described.message, /clock differs from AWS time/);
    });
  });

  it('asks for a region when the SDK has none', () => {
    assert.equal(describeAwsError(new Error('Region is missing'), { connection: environment }).next, 'selectRegion');
  });

  it('reports other service errors with the operation, name and message', () => {
    const described = describeAwsError(
      serviceError('NotFoundException', "Key 'arn:aws:kms:eu-west-1:111122223333:key/x' does not exist"),
      { operation: 'DescribeKey' },
    );
    assert.equal(
      described.message,
      "DescribeKey failed: NotFoundException: Key 'arn:aws:kms:eu-west-1:111122223333:key/x' does not exist.",
    );
    assert.equal(described.next, 'showLog');
  });

  it('recognises a cancellation and offers nothing', () => {
    const described = describeAwsError(new CancelledError());
    assert.equal(described.code, 'Cancelled');
    assert.equal(described.next, undefined);
    assert.equal(describeAwsError(named('AbortError', 'Request aborted')).code, 'Cancelled');
  });

  it('never puts secrets in the message or in the log line of the error', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const error = serviceError('IncompleteSignatureException', `Bad header AKIAIOSFODNN7EXAMPLE with ${secret}`);
    const described = describeAwsError(error, { connection: profile('dev') });
    for (const text of [described.message, describeError(error)]) {
      assert.ok(!text.includes(secret), text);
      assert.ok(!text.includes('AKIAIOSFODNN7EXAMPLE'), text);
    }
    assert.equal(
      scrubSecrets('arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
      'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    );
  });

  it('toKmsExtensionError keeps the SDK error as the cause and passes cancellations through', () => {
    const sdk = serviceError('AccessDeniedException', 'not authorized to perform: kms:Decrypt');
    const wrapped = toKmsExtensionError(sdk, { connection: profile('dev') as Connection });
    assert.ok(wrapped instanceof KmsExtensionError);
    assert.equal(wrapped.code, 'AccessDeniedException');
    assert.equal(wrapped.next, 'selectConnection');
    assert.equal(wrapped.cause, sdk);
    const cancelled = new CancelledError();
    assert.equal(toKmsExtensionError(cancelled), cancelled);
  });
});
