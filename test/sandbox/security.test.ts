import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { ListKeysCommand } from '@aws-sdk/client-kms';
import { startSandbox } from '../../src/sandbox/sandbox';
import { json, rawRequest, signedRequest, type RawResponse } from './rawHttp';
import { kmsClientFor, kmsError, openSandbox, useSandbox } from './support';

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const MINUTE = 60_000;

const errorOf = (response: RawResponse): { __type: unknown; message: unknown } => {
  const body = json(response);
  return { __type: body.__type, message: body.message };
};

describe('sandbox request authentication (SigV4)', () => {
  const fx = useSandbox();

  const sendSigned = async (choices: Parameters<typeof signedRequest>[3] = {}, body = '{}'): Promise<RawResponse> =>
    rawRequest(fx.sandbox.endpoint, await signedRequest(fx.sandbox, 'ListKeys', body, choices));

  it('accepts the SDK signing with the sandbox credentials', async () => {
    const result = await fx.kms.send(new ListKeysCommand({}));
    assert.equal(result.$metadata.httpStatusCode, 200);
  });

  it('accepts a request signed by hand with @smithy/signature-v4', async () => {
    assert.equal((await sendSigned()).status, 200);
  });

  it('refuses a request without Authorization: MissingAuthenticationTokenException', async () => {
    const response = await rawRequest(fx.sandbox.endpoint, {
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' },
      body: '{}',
    });
    assert.equal(response.status, 400);
    assert.deepEqual(errorOf(response), {
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });
  });

  it('refuses an unknown access key id: UnrecognizedClientException', async () => {
    const stranger = kmsClientFor(fx.sandbox, {
      credentials: { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: fx.sandbox.credentials.secretAccessKey },
    });
    const err = await kmsError(async () => stranger.send(new ListKeysCommand({})));
    stranger.destroy();
    assert.equal(err.name, 'UnrecognizedClientException');
    assert.equal(err.message, 'The security token included in the request is invalid.');
    assert.equal(err.$metadata?.httpStatusCode, 400);
  });

  it('refuses a wrong secret key: InvalidSignatureException with the AWS text', async () => {
    const impostor = kmsClientFor(fx.sandbox, {
      credentials: { ...fx.sandbox.credentials, secretAccessKey: 'not-the-secret' },
    });
    const err = await kmsError(async () => impostor.send(new ListKeysCommand({})));
    impostor.destroy();
    assert.equal(err.name, 'InvalidSignatureException');
    assert.equal(err.message, SIGNATURE_MISMATCH);
    assert.equal(err.$metadata?.httpStatusCode, 400);
  });

  it('refuses a body changed after signing', async () => {
    const signed = await signedRequest(fx.sandbox, 'ListKeys', '{"Limit":1}');
    const response = await rawRequest(fx.sandbox.endpoint, { ...signed, body: '{"Limit":2}' });
    assert.deepEqual(errorOf(response), { __type: 'InvalidSignatureException', message: SIGNATURE_MISMATCH });
  });

  it('refuses a signed header changed after signing', async () => {
    const signed = await signedRequest(fx.sandbox, 'ListKeys', '{}');
    const response = await rawRequest(fx.sandbox.endpoint, {
      ...signed,
      headers: { ...signed.headers, 'x-amz-target': 'TrentService.ListAliases' },
    });
    assert.equal(errorOf(response).__type, 'InvalidSignatureException');
  });

  it('refuses a signature that is not 64 hex digits, without failing', async () => {
    const signed = await signedRequest(fx.sandbox, 'ListKeys', '{}');
    const authorization = String(signed.headers?.authorization).replace(/Signature=[0-9a-f]+/, 'Signature=zz');
    const response = await rawRequest(fx.sandbox.endpoint, {
      ...signed,
      headers: { ...signed.headers, authorization },
    });
    assert.deepEqual(errorOf(response), { __type: 'InvalidSignatureException', message: SIGNATURE_MISMATCH });
  });

  it('refuses a malformed Authorization header: IncompleteSignatureException', async () => {
    const signed = await signedRequest(fx.sandbox, 'ListKeys', '{}');
    for (const authorization of [
      'Bearer abc',
      'AWS4-HMAC-SHA256 garbage',
      `AWS4-HMAC-SHA256 Credential=${fx.sandbox.credentials.accessKeyId}/x`,
    ]) {
      const response = await rawRequest(fx.sandbox.endpoint, {
        ...signed,
        headers: { ...signed.headers, authorization },
      });
      assert.equal(response.status, 400, authorization);
      assert.equal(errorOf(response).__type, 'IncompleteSignatureException', authorization);
    }
  });

  it('refuses a signature older than 5 minutes: "Signature expired"', async () => {
    const response = await sendSigned({ signingDate: new Date(Date.now() - 6 * MINUTE) });
    assert.equal(response.status, 400);
    const { __type, message } = errorOf(response);
    assert.equal(__type, 'InvalidSignatureException');
    assert.match(
      String(message),
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
    );
  });

  it('refuses a signature more than 5 minutes ahead: "Signature not yet current"', async () => {
    const { __type, message } = errorOf(await sendSigned({ signingDate: new Date(Date.now() + 6 * MINUTE) }));
    assert.equal(__type, 'InvalidSignatureException');
    assert.match(
      String(message),
      /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/,
    );
  });

  it('accepts a signature made 4 minutes ago', async () => {
    assert.equal((await sendSigned({ signingDate: new Date(Date.now() - 4 * MINUTE) })).status, 200);
  });

  it('refuses a credential scoped to another region', async () => {
    assert.deepEqual(errorOf(await sendSigned({ region: 'eu-west-1' })), {
      __type: 'InvalidSignatureException',
      message: "Credential should be scoped to a valid region, not 'eu-west-1'.",
    });
  });

  it('refuses a credential scoped to another service', async () => {
    assert.deepEqual(errorOf(await sendSigned({ service: 's3' })), {
      __type: 'InvalidSignatureException',
      message: "Credential should be scoped to correct service: 'kms'.",
    });
  });

  it('refuses a signature that does not cover the Host header', async () => {
    const { __type, message } = errorOf(await sendSigned({ unsigned: ['host'] }));
    assert.equal(__type, 'InvalidSignatureException');
    assert.equal(message, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  });

  it('refuses an X-Amz-Date whose day differs from the credential scope', async () => {
    const signed = await signedRequest(fx.sandbox, 'ListKeys', '{}');
    const amzDate = String(signed.headers?.['x-amz-date']);
    const authorization = String(signed.headers?.authorization).replace(`/${amzDate.slice(0, 8)}/`, '/20200101/');
    const response = await rawRequest(fx.sandbox.endpoint, {
      ...signed,
      headers: { ...signed.headers, authorization },
    });
    assert.equal(errorOf(response).__type, 'InvalidSignatureException');
    assert.match(String(errorOf(response).message), /^Date in Credential scope does not match/);
  });

  it('ignores headers that were sent but not signed', async () => {
    const response = await sendSigned({ headers: { 'x-unsigned-extra': 'anything' }, unsigned: ['x-unsigned-extra'] });
    assert.equal(response.status, 200);
  });

  it('passes the AWS CLI, which signs with botocore', async function () {
    this.timeout(60_000); // the Python CLI is slow to start
    const run = promisify(execFile);
    try {
      await run('aws', ['--version']);
    } catch {
      this.skip();
    }
    const { stdout } = await run('aws', ['kms', 'list-keys', '--output', 'json'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AWS_ENDPOINT_URL_KMS: fx.sandbox.endpoint,
        AWS_ACCESS_KEY_ID: fx.sandbox.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: fx.sandbox.credentials.secretAccessKey,
        AWS_DEFAULT_REGION: fx.sandbox.region,
        AWS_CONFIG_FILE: '/nonexistent',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      },
    });
    assert.ok(Array.isArray((JSON.parse(stdout) as { Keys: unknown }).Keys));
  });
});

describe('sandbox sessions and clock window', () => {
  it('with session credentials, requires the matching signed X-Amz-Security-Token', async () => {
    const fx = await openSandbox({
      credentials: { accessKeyId: 'ASIASANDBOXSESSION01', secretAccessKey: 'session-secret', sessionToken: 'token-1' },
    });
    try {
      assert.equal((await fx.kms.send(new ListKeysCommand({}))).$metadata.httpStatusCode, 200);
      for (const sessionToken of [undefined, 'token-2']) {
        const client = kmsClientFor(fx.sandbox, { credentials: { ...fx.sandbox.credentials, sessionToken } });
        const err = await kmsError(async () => client.send(new ListKeysCommand({})));
        client.destroy();
        assert.equal(err.name, 'UnrecognizedClientException', String(sessionToken));
      }
    } finally {
      await fx.close();
    }
  });

  it('ignores a session token the sandbox did not issue when its credentials have none', async () => {
    const fx = await openSandbox();
    try {
      const client = kmsClientFor(fx.sandbox, {
        credentials: { ...fx.sandbox.credentials, sessionToken: 'stray-from-env' },
      });
      assert.equal((await client.send(new ListKeysCommand({}))).$metadata.httpStatusCode, 200);
      client.destroy();
    } finally {
      await fx.close();
    }
  });

  it('uses the configured clock window', async () => {
    const fx = await openSandbox({ maxClockSkewMs: MINUTE });
    try {
      const response = await rawRequest(
        fx.sandbox.endpoint,
        await signedRequest(fx.sandbox, 'ListKeys', '{}', { signingDate: new Date(Date.now() - 2 * MINUTE) }),
      );
      assert.match(String(errorOf(response).message), /^Signature expired: .* - 1 min\.\)$/);
    } finally {
      await fx.close();
    }
  });

  it('checks signatures against the wall clock, not the overridable KMS clock', async () => {
    const fx = await openSandbox({ now: () => Date.now() + 400 * 24 * 60 * MINUTE });
    try {
      assert.equal((await fx.kms.send(new ListKeysCommand({}))).$metadata.httpStatusCode, 200);
    } finally {
      await fx.close();
    }
  });
});

describe('sandbox network hardening', () => {
  const fx = useSandbox({ maxBodyBytes: 64 * 1024 });

  const port = (): string => new URL(fx.sandbox.endpoint).port;

  describe('Host header (DNS-rebinding defence)', () => {
    for (const host of ['evil.example', 'evil.example:PORT', '127.0.0.1', '127.0.0.1:1', '127.0.0.2:PORT', '']) {
      it(`refuses Host '${host}' with 403 and a JSON body`, async () => {
        const value = host.replace('PORT', port());
        const signed = await signedRequest(fx.sandbox, 'ListKeys', '{}');
        const response = await rawRequest(fx.sandbox.endpoint, {
          ...signed,
          headers: { ...signed.headers, host: value },
        });
        assert.equal(response.status, 403);
        assert.equal(errorOf(response).__type, 'AccessDeniedException');
        assert.match(
          String(errorOf(response).message),
          /only answers requests addressed to 127\.0\.0\.1:\d+ or localhost:\d+/,
        );
      });
    }

    it('accepts localhost with the port', async () => {
      const client = kmsClientFor(fx.sandbox, { endpoint: fx.sandbox.endpoint.replace('127.0.0.1', 'localhost') });
      assert.equal((await client.send(new ListKeysCommand({}))).$metadata.httpStatusCode, 200);
      client.destroy();
    });
  });

  describe('request size bound', () => {
    it('answers 413 to a declared Content-Length over the bound without waiting for the body', async () => {
      const response = await new Promise<string>((resolve) => {
        const socket = connect(Number(port()), '127.0.0.1');
        let answer = '';
        socket.on('data', (chunk: Buffer) => {
          answer += chunk.toString();
          if (answer.includes('\r\n\r\n')) {
            socket.destroy();
            resolve(answer);
          }
        });
        socket.on('error', () => resolve(answer));
        // Headers only: the body never comes, so a reply proves the server did not wait to read it.
        socket.write(
          `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port()}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n`,
        );
      });
      assert.match(response, /^HTTP\/1\.1 413/);
      assert.match(response, /connection: close/i);
    });

    it('answers 413 to a chunked body that grows past the bound', async () => {
      const body = `{"Description":"${'x'.repeat(100 * 1024)}"}`;
      const signed = await signedRequest(fx.sandbox, 'CreateKey', body);
      const headers = { ...signed.headers };
      delete headers['content-length'];
      const response = await rawRequest(fx.sandbox.endpoint, {
        ...signed,
        headers: { ...headers, 'transfer-encoding': 'chunked' },
      });
      assert.equal(response.status, 413);
      assert.equal(errorOf(response).__type, 'RequestEntityTooLargeException');
    });

    it('answers a body at the bound normally', async () => {
      const body = `{"Limit":10${' '.repeat(64 * 1024 - 12)}}`;
      assert.equal(Buffer.byteLength(body), 64 * 1024);
      const response = await rawRequest(fx.sandbox.endpoint, await signedRequest(fx.sandbox, 'ListKeys', body));
      assert.equal(response.status, 200);
    });

    it('keeps serving after refusing an oversized body', async () => {
      assert.equal((await fx.kms.send(new ListKeysCommand({}))).$metadata.httpStatusCode, 200);
    });
  });

  describe('listening address', () => {
    it('binds 127.0.0.1 by default', () => {
      assert.match(fx.sandbox.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    });

    it('refuses to listen on a non-loopback address', async () => {
      for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) {
        await assert.rejects(startSandbox({ host }), /loopback only/, host);
      }
    });

    it('can listen on ::1', async function () {
      const sandbox = await startSandbox({ host: '::1' }).catch(() => undefined);
      if (!sandbox) {
        this.skip();
      }
      try {
        assert.match(sandbox.endpoint, /^http:\/\/\[::1\]:\d+$/);
        const client = kmsClientFor(sandbox);
        assert.equal((await client.send(new ListKeysCommand({}))).$metadata.httpStatusCode, 200);
        client.destroy();
      } finally {
        await sandbox.close();
      }
    });

    it("cannot be reached on the machine's other addresses", async function () {
      const external = Object.values(networkInterfaces())
        .flat()
        .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal);
      if (!external) {
        this.skip();
      }
      const outcome = await new Promise<string>((resolve) => {
        const socket = connect(Number(port()), external.address);
        socket.on('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      assert.equal(outcome, 'ECONNREFUSED');
    });
  });
});
