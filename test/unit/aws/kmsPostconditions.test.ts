// The checks the envelope engine makes on every KMS answer before the ESDK sees it, against a KMS endpoint that
// lies over real HTTP (the threat of an endpoint a workspace redirected): each answer that breaks a postcondition
// is refused as MalformedKmsResponse, and a truthful one passes.
import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KMSClient } from '@aws-sdk/client-kms';
import { loadSdks } from '../../../src/aws/envelope/esdk';
import { answersFor, KmsCallLog, kmsClientSupplier, MalformedKmsResponse } from '../../../src/aws/envelope/kmsSupplier';

const REGION = 'eu-west-1';
const KEY = `arn:aws:kms:${REGION}:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER_KEY = `arn:aws:kms:${REGION}:444455556666:key/ffffffff-12ab-34cd-56ef-1234567890ab`;
const b64 = (bytes: number): string => Buffer.alloc(bytes, 7).toString('base64');

/** What the lying KMS answers, by operation; a test replaces one field of the truthful answer. */
type Answer = Record<string, unknown>;
const truthful = (operation: string): Answer =>
  operation === 'GenerateDataKey'
    ? { KeyId: KEY, Plaintext: b64(32), CiphertextBlob: b64(64) }
    : operation === 'Encrypt'
      ? { KeyId: KEY, CiphertextBlob: b64(64), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' }
      : { KeyId: KEY, Plaintext: b64(32), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };

describe('KMS answers the envelope engine accepts', () => {
  let server: Server;
  let answer: (operation: string) => Answer = truthful;
  let kms: Awaited<ReturnType<typeof supplierFor>>;

  async function supplierFor(endpoint: string) {
    const sdks = await loadSdks();
    const client = new KMSClient({
      region: REGION,
      endpoint,
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const supplier = kmsClientSupplier({ sdks, clients: new Map([[REGION, client]]), log: new KmsCallLog() });
    const adapter = supplier(REGION);
    assert.ok(adapter);
    return adapter;
  }

  before(async () => {
    server = createServer((request, response) => {
      const operation = String(request.headers['x-amz-target']).split('.').pop() ?? '';
      request.resume().on('end', () => {
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(answer(operation)));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    kms = await supplierFor(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  after(() => server.close());
  afterEach(() => {
    answer = truthful;
  });

  // The adapter answers plain objects; the ESDK's type also allows a v2 request wrapper, which it never is here.
  type Answered = { KeyId?: string; Plaintext?: Uint8Array };
  const generate = async () =>
    (await kms.generateDataKey({ KeyId: KEY, NumberOfBytes: 32, EncryptionContext: {} })) as Answered;
  const encrypt = async () =>
    (await kms.encrypt({ KeyId: KEY, Plaintext: Buffer.alloc(32), EncryptionContext: {} })) as Answered;
  const decrypt = async () =>
    (await kms.decrypt({ KeyId: KEY, CiphertextBlob: Buffer.alloc(64), EncryptionContext: {} })) as Answered;
  const lie = (operation: string, change: Answer): void => {
    answer = (asked) => (asked === operation ? { ...truthful(asked), ...change } : truthful(asked));
  };
  const refused = async (run: () => Promise<unknown>, operation: string): Promise<void> => {
    await assert.rejects(
      run,
      (error: unknown) => error instanceof MalformedKmsResponse && error.operation === operation,
    );
  };

  it('accepts truthful answers', async () => {
    assert.equal((await generate()).Plaintext?.length, 32);
    assert.equal((await encrypt()).KeyId, KEY);
    assert.equal((await decrypt()).KeyId, KEY);
  });

  it('GenerateDataKey: refuses a data key shorter than asked', async () => {
    lie('GenerateDataKey', { Plaintext: b64(16) });
    await refused(generate, 'GenerateDataKey');
  });

  it('GenerateDataKey: refuses an answer for another key than the one asked', async () => {
    lie('GenerateDataKey', { KeyId: OTHER_KEY });
    await refused(generate, 'GenerateDataKey');
  });

  it('GenerateDataKey: refuses a KeyId that is not a key ARN', async () => {
    lie('GenerateDataKey', { KeyId: 'alias/attacker' });
    await refused(generate, 'GenerateDataKey');
  });

  it('Encrypt: refuses an answer for another key, and one with another algorithm than symmetric', async () => {
    lie('Encrypt', { KeyId: OTHER_KEY });
    await refused(encrypt, 'Encrypt');
    lie('Encrypt', { EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
    await refused(encrypt, 'Encrypt');
  });

  it('Decrypt: refuses a key the message does not name, an empty plaintext and another algorithm', async () => {
    lie('Decrypt', { KeyId: OTHER_KEY });
    await refused(decrypt, 'Decrypt');
    lie('Decrypt', { Plaintext: '' });
    await refused(decrypt, 'Decrypt');
    lie('Decrypt', { EncryptionAlgorithm: 'SM2PKE' });
    await refused(decrypt, 'Decrypt');
  });
});

describe('answersFor', () => {
  it('wants the very key ARN asked, or a key ARN of the alias or key id region', () => {
    assert.equal(answersFor(KEY, KEY, REGION), true);
    assert.equal(answersFor(KEY, OTHER_KEY, REGION), false);
    assert.equal(answersFor('alias/demo', KEY, REGION), true);
    assert.equal(answersFor('alias/demo', KEY.replace(REGION, 'us-east-1'), REGION), false);
    assert.equal(answersFor(`arn:aws:kms:us-east-1:111122223333:alias/demo`, KEY, REGION), false);
    assert.equal(answersFor('1234abcd-12ab-34cd-56ef-1234567890ab', undefined, REGION), false);
  });
});
