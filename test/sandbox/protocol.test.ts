import assert from 'node:assert/strict';
import { CreateKeyCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { mutation } from '../../src/sandbox/context';
import { operations } from '../../src/sandbox/operations';
import { KMS_LOCAL_HEADER as CLIENT_SIDE_HEADER } from '../../src/aws/kmsLocal';
import { KMS_LOCAL_HEADER } from '../../src/sandbox/server';
import { json, rawRequest, rawSocket, signedRequest, type RawResponse } from './rawHttp';
import { openSandbox, useSandbox } from './support';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('sandbox wire protocol (awsJson1_1 front end)', () => {
  const logged: string[] = [];
  const fx = useSandbox({ log: (line) => logged.push(line) });

  const send = async (target: string, body: string, headers: Record<string, string> = {}) =>
    rawRequest(fx.sandbox.endpoint, await signedRequest(fx.sandbox, target, body, { headers }));
  const newKeyId = async (): Promise<string> => (await fx.kms.send(new CreateKeyCommand({}))).KeyMetadata?.KeyId ?? '';

  describe('successful responses', () => {
    it('carry x-amzn-RequestId (a UUID), Date, Content-Type and a matching Content-Length', async () => {
      const response = await send('ListKeys', '{}');
      assert.equal(response.status, 200);
      assert.match(String(response.headers['x-amzn-requestid']), UUID);
      assert.ok(!Number.isNaN(Date.parse(String(response.headers.date))));
      assert.equal(response.headers['content-type'], 'application/x-amz-json-1.1');
      assert.equal(Number(response.headers['content-length']), Buffer.byteLength(response.body));
      assert.equal(json(response).Truncated, false);
    });

    it('give the SDK a distinct request id per call', async () => {
      const first = await fx.kms.send(new ListKeysCommand({}));
      const second = await fx.kms.send(new ListKeysCommand({}));
      assert.match(first.$metadata.requestId ?? '', UUID);
      assert.notEqual(first.$metadata.requestId, second.$metadata.requestId);
    });

    it('have an empty body for an operation without output (CreateAlias)', async () => {
      const keyId = await newKeyId();
      const response = await send(
        'CreateAlias',
        JSON.stringify({ AliasName: 'alias/protocol-empty-body', TargetKeyId: keyId }),
      );
      assert.equal(response.status, 200);
      assert.equal(response.body, '');
      assert.equal(response.headers['content-length'], '0');
    });

    it('accept any JSON content type, not only application/x-amz-json-1.1', async () => {
      const response = await send('ListKeys', '{}', { 'content-type': 'application/json; charset=utf-8' });
      assert.equal(response.status, 200);
    });
  });

  describe('protocol errors', () => {
    it('answer an unknown operation with UnknownOperationException and no message', async () => {
      const response = await send('NoSuchOperation', '{}');
      assert.equal(response.status, 400);
      assert.deepEqual(json(response), { __type: 'UnknownOperationException' });
    });

    it('answer a target outside TrentService with UnknownOperationException', async () => {
      const signed = await signedRequest(fx.sandbox, 'ListKeys', '{}', {
        headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables' },
      });
      const response = await rawRequest(fx.sandbox.endpoint, signed);
      assert.equal(json(response).__type, 'UnknownOperationException');
    });

    it('answer a method other than POST with UnknownOperationException', async () => {
      const response = await rawRequest(
        fx.sandbox.endpoint,
        await signedRequest(fx.sandbox, 'ListKeys', '', { method: 'GET' }),
      );
      assert.equal(response.status, 400);
      assert.equal(json(response).__type, 'UnknownOperationException');
    });

    it('answer a body that is not JSON with SerializationException', async () => {
      const response = await send('ListKeys', '{"Limit": 1');
      assert.equal(response.status, 400);
      assert.equal(json(response).__type, 'SerializationException');
      assert.equal(typeof json(response).message, 'string');
    });

    it('answer a member of the wrong JSON type with SerializationException', async () => {
      const response = await send('DescribeKey', JSON.stringify({ KeyId: 42 }));
      assert.equal(response.status, 400);
      assert.equal(json(response).__type, 'SerializationException');
    });

    it('answer a JSON body that is not an object with SerializationException', async () => {
      const response = await send('ListKeys', '[]');
      assert.equal(json(response).__type, 'SerializationException');
    });

    it('refuse a non-JSON content type with SerializationException', async () => {
      const response = await send('ListKeys', '{}', { 'content-type': 'text/plain' });
      assert.equal(response.status, 400);
      assert.equal(json(response).__type, 'SerializationException');
    });

    it('send errors as {"__type","message"} with the KMS status, and never an x-amzn-ErrorType header', async () => {
      const response = await send('DescribeKey', JSON.stringify({ KeyId: 'alias/protocol-missing' }));
      assert.equal(response.status, 400);
      assert.deepEqual(json(response), {
        __type: 'NotFoundException',
        message: 'Alias arn:aws:kms:us-east-1:111122223333:alias/protocol-missing is not found.',
      });
      assert.equal(response.headers['x-amzn-errortype'], undefined);
      assert.match(String(response.headers['x-amzn-requestid']), UUID);
      assert.equal(response.headers['content-type'], 'application/x-amz-json-1.1');
    });

    it('quote at most 10,000 characters of a refused value, and say its length: a 900,000-character KeyId gets a small error', async () => {
      const response = await send('DescribeKey', JSON.stringify({ KeyId: 'k'.repeat(900_000) }));
      assert.equal(response.status, 400);
      const { __type, message } = json(response) as { __type: string; message: string };
      assert.equal(__type, 'ValidationException');
      assert.equal(
        message,
        `1 validation error detected: Value '${'k'.repeat(10_000)}… (900000 characters)' at 'keyId' failed to satisfy ` +
          'constraint: Member must have length less than or equal to 2048',
      );
      assert.ok(response.body.length < 11_000, `a ${response.body.length}-byte body`);
    });

    it('omit the message member when the error has none (InvalidCiphertextException)', async () => {
      const response = await send(
        'Decrypt',
        JSON.stringify({ CiphertextBlob: Buffer.alloc(64, 7).toString('base64') }),
      );
      assert.equal(response.status, 400);
      assert.deepEqual(json(response), { __type: 'InvalidCiphertextException' });
    });
  });

  describe('internal failures', () => {
    const EXPLODE = 'ExplodeForProtocolTest';
    before(() => {
      operations[EXPLODE] = mutation(() => {
        throw new TypeError('handler bug');
      });
    });
    after(() => {
      delete operations[EXPLODE];
    });

    it('become KMSInternalException 500, logged without the request contents', async () => {
      const secretInput = 'do-not-log-this-value';
      const response = await send(EXPLODE, JSON.stringify({ Plaintext: secretInput }));
      assert.equal(response.status, 500);
      assert.equal(json(response).__type, 'KMSInternalException');
      const line = logged.find((l) => l.includes(EXPLODE));
      assert.ok(line, 'the failure is logged');
      assert.match(line, /TypeError: handler bug/);
      assert.ok(!line.includes(secretInput));
      assert.ok(!logged.some((l) => l.includes(secretInput)));
    });
  });

  describe('kms-local names itself', () => {
    const EXPLODE = 'ExplodeForIdentityTest';
    before(() => {
      operations[EXPLODE] = mutation(() => {
        throw new TypeError('handler bug');
      });
    });
    after(() => {
      delete operations[EXPLODE];
    });

    it('in a header on every reply, errors included, by the name the kms-envelope CLI looks for', async () => {
      assert.equal(KMS_LOCAL_HEADER, CLIENT_SIDE_HEADER);
      const port = new URL(fx.sandbox.endpoint).port;
      const replies: Array<[string, RawResponse]> = [
        ['success', await send('ListKeys', '{}')],
        ['empty success', await send('TagResource', JSON.stringify({ KeyId: await newKeyId(), Tags: [] }))],
        ['KMS error', await send('DescribeKey', JSON.stringify({ KeyId: 'alias/identity-missing' }))],
        ['unknown operation', await send('Bogus', '{}')],
        ['bad JSON', await send('ListKeys', '{')],
        ['wrong Host', await send('ListKeys', '{}', { host: `rebind.example:${port}` })],
        [
          'bad signature',
          await rawRequest(
            fx.sandbox.endpoint,
            await signedRequest(fx.sandbox, 'ListKeys', '{}', {
              credentials: { ...fx.sandbox.credentials, secretAccessKey: 'not-the-secret' },
            }),
          ),
        ],
        ['internal failure', await send(EXPLODE, '{}')],
      ];
      assert.deepEqual(
        replies.map(([kind, reply]) => [kind, reply.status]),
        [
          ['success', 200],
          ['empty success', 200],
          ['KMS error', 400],
          ['unknown operation', 400],
          ['bad JSON', 400],
          ['wrong Host', 403],
          ['bad signature', 400],
          ['internal failure', 500],
        ],
      );
      for (const [kind, reply] of replies) {
        assert.match(String(reply.headers[KMS_LOCAL_HEADER]), /sandbox/, `${kind}: ${KMS_LOCAL_HEADER}`);
      }
      // Refused before its body is read.
      const tooLarge = await rawSocket(
        fx.sandbox.endpoint,
        `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n`,
      );
      assert.match(tooLarge, /^HTTP\/1\.1 413/);
      assert.match(tooLarge, new RegExp(`\r\n${KMS_LOCAL_HEADER}: sandbox`, 'i'));
    });
  });

  describe('robustness: the server keeps serving after', () => {
    const stillServes = async (): Promise<void> => {
      const result = await fx.kms.send(new ListKeysCommand({}));
      assert.equal(result.$metadata.httpStatusCode, 200);
    };

    it('garbage bytes instead of HTTP', async () => {
      const answer = await rawSocket(
        fx.sandbox.endpoint,
        Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x00, 0x0d, 0x0a, 0x0d, 0x0a]),
      );
      assert.match(answer, /^HTTP\/1\.1 400/);
      await stillServes();
    });

    it('a connection closed halfway through the headers', async () => {
      await rawSocket(fx.sandbox.endpoint, 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Tar');
      await stillServes();
    });

    it('a connection dropped halfway through the body', async () => {
      const port = new URL(fx.sandbox.endpoint).port;
      const head = `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 100\r\n\r\n{"Li`;
      await rawSocket(fx.sandbox.endpoint, head, { halfClose: false, destroyAfterMs: 50 });
      await stillServes();
    });

    it('a body shorter than its Content-Length, half-closed', async () => {
      const port = new URL(fx.sandbox.endpoint).port;
      await rawSocket(
        fx.sandbox.endpoint,
        `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 10\r\n\r\n{}`,
      );
      await stillServes();
    });

    it('a request target that is not a valid URL', async () => {
      const port = new URL(fx.sandbox.endpoint).port;
      const answer = await rawSocket(
        fx.sandbox.endpoint,
        `POST http://[ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 2\r\n\r\n{}`,
      );
      assert.match(answer, /^HTTP\/1\.1 400/);
      assert.ok(!logged.some((line) => line.includes('internal error in (none)')), 'not an internal error');
      await stillServes();
    });

    it('many bad requests in a row', async () => {
      await Promise.all(
        Array.from({ length: 30 }, async (_, i) =>
          rawSocket(fx.sandbox.endpoint, i % 2 === 0 ? Buffer.from([i, 0, 255, 10, 13]) : `GARBAGE ${i}\r\n\r\n`),
        ),
      );
      await stillServes();
    });

    it('an internal failure', async () => {
      operations.ExplodeAgain = mutation(() => {
        throw new Error('boom');
      });
      try {
        assert.equal((await send('ExplodeAgain', '{}')).status, 500);
      } finally {
        delete operations.ExplodeAgain;
      }
      await stillServes();
    });
  });
});

describe('sandbox response latency (--latency-ms)', () => {
  it('delays every response by the configured time', async () => {
    const fx = await openSandbox({ latencyMs: 150 });
    try {
      const started = performance.now();
      await fx.kms.send(new ListKeysCommand({}));
      assert.ok(performance.now() - started >= 150);
      const errorStarted = performance.now();
      await assert.rejects(fx.kms.send(new CreateKeyCommand({ KeySpec: 'NOPE' as never })));
      assert.ok(performance.now() - errorStarted >= 150, 'errors are delayed too');
    } finally {
      await fx.close();
    }
  });
});
