// Another KMS emulator, a proxy or a web server at the endpoint: an answer that is not KMS's must read as
// "this endpoint does not support X (HTTP n)", never as the JSON parser's "Unexpected token '<'", for every
// operation the extension sends. Real HTTP, real KMS client.
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KMSClient } from '@aws-sdk/client-kms';
import { describeAwsError } from '../../../src/aws/awsErrors';
import type { ProfileConnection } from '../../../src/aws/connection';
import { staticCredentials } from '../../../src/aws/credentials';
import { kmsCall, type KmsCall, type KmsOperation, type KmsOperations } from '../../../src/aws/kmsCall';

// Every operation in KmsOperations: the type makes a missing one a compile error.
const OPERATIONS: Record<KmsOperation, true> = {
  ListKeys: true,
  ListAliases: true,
  DescribeKey: true,
  ListKeyRotations: true,
  GetKeyRotationStatus: true,
  CreateKey: true,
  CreateAlias: true,
  DeleteAlias: true,
  UpdateKeyDescription: true,
  EnableKey: true,
  DisableKey: true,
  ScheduleKeyDeletion: true,
  CancelKeyDeletion: true,
  EnableKeyRotation: true,
  DisableKeyRotation: true,
  RotateKeyOnDemand: true,
  DeleteImportedKeyMaterial: true,
  Encrypt: true,
  Decrypt: true,
  GenerateDataKey: true,
  GetParametersForImport: true,
  ImportKeyMaterial: true,
  GetKeyPolicy: true,
  PutKeyPolicy: true,
};

const answers = {
  'an HTML error page (HTTP 500)': {
    status: 500,
    type: 'text/html',
    body: '<!doctype html><html><body>Internal Server Error</body></html>',
  },
  'an HTML page (HTTP 200)': { status: 200, type: 'text/html', body: '<!doctype html><html><body>Hello</body></html>' },
  'plain text (HTTP 404)': { status: 404, type: 'text/plain', body: 'Not Found' },
  'JSON without a KMS error name (HTTP 501)': {
    status: 501,
    type: 'application/json',
    body: '{"message":"not implemented"}',
  },
};

describe('aws/awsErrors: an endpoint that does not answer as KMS', () => {
  let server: Server;
  let answer: { status: number; type: string; body: string };
  let call: KmsCall;
  let client: KMSClient;
  let connection: ProfileConnection;

  before(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(answer.status, { 'content-type': answer.type });
        response.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const credentials = { accessKeyId: 'AKIAEXAMPLE000000001', secretAccessKey: 'not-a-secret' };
    client = new KMSClient({ endpoint, region: 'eu-west-1', credentials, maxAttempts: 1 });
    call = kmsCall(client);
    connection = {
      kind: 'profile',
      id: 'profile:emulator',
      label: 'profile:emulator',
      profile: 'emulator',
      profileSource: 'setting',
      credentialKind: 'static',
      region: 'eu-west-1',
      regionSource: 'profile',
      endpoint,
      endpointSource: 'setting',
      useFipsEndpoint: false,
      useDualstackEndpoint: false,
      credentials: staticCredentials(credentials),
    };
  });
  after(async () => {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  for (const [what, reply] of Object.entries(answers)) {
    it(`names the operation and the HTTP status for ${what}, for every operation the extension calls`, async () => {
      answer = reply;
      for (const operation of Object.keys(OPERATIONS) as KmsOperation[]) {
        const error = await call(operation, {} as KmsOperations[typeof operation][0]).then(
          () => undefined,
          (e: unknown) => e,
        );
        assert.ok(error, `${operation} failed`);
        const described = describeAwsError(error, { connection, region: 'eu-west-1', operation });
        assert.equal(described.code, 'EndpointUnsupported', `${operation}: ${described.message}`);
        assert.equal(
          described.message,
          `This endpoint does not support ${operation} (HTTP ${reply.status}): ${connection.endpoint} ` +
            '(set by awsKms.endpointUrl) answered with something other than a KMS response. Use an endpoint that implements it, such as AWS KMS or the sandbox.',
        );
        assert.equal(described.next, 'checkEndpoint');
        assert.doesNotMatch(described.message, /Unexpected token|SyntaxError|Deserialization/);
      }
    });
  }

  it('still reports a real KMS error by its name, also a server error', async () => {
    answer = {
      status: 500,
      type: 'application/x-amz-json-1.1',
      body: '{"__type":"KMSInternalException","message":"An internal error occurred."}',
    };
    const error = await call('GetParametersForImport', {} as KmsOperations['GetParametersForImport'][0]).then(
      () => undefined,
      (e: unknown) => e,
    );
    const described = describeAwsError(error, { connection, operation: 'GetParametersForImport' });
    assert.equal(described.code, 'KMSInternalException');
    assert.match(
      described.message,
      /^GetParametersForImport failed: KMSInternalException: An internal error occurred\.$/,
    );
  });
});
