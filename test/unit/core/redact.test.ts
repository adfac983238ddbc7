import { strict as assert } from 'node:assert';
import { describeError } from '../../../src/core/errors';
import { REDACTED, scrubSecrets } from '../../../src/core/redact';

const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEHgaCXVzLWVhc3QtMSJHMEUCIQDtq9Zr8xK2vQ3mN7pL0aB4cD6eF8gH1iJ3kL5mN7oP9q';
const DATA_KEY = 'q83vEjRWeJq8EjRWeJq8EjRWeJq8EjRWeJq8EjRWeJo=';

describe('scrubSecrets', () => {
  const cases: Array<[string, string, string]> = [
    ['an access key id keeps its kind, not its identity', 'key AKIAIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPLE'],
    ['a secret access key', `secret ${SECRET_KEY} here`, SECRET_KEY],
    ['a session token in a shared credentials file', `aws_session_token = ${SESSION_TOKEN}`, SESSION_TOKEN],
    ['a base64 data key of key length (32 bytes)', `"Plaintext": "${DATA_KEY}"`, DATA_KEY],
    ['a Plaintext field of a JSON body', '{"Plaintext":"c2VjcmV0LXZhbHVl"}', 'c2VjcmV0LXZhbHVl'],
    ['a CiphertextBlob field', 'CiphertextBlob="AQIDBAUG"', 'AQIDBAUG'],
    ['an ImportToken field', "ImportToken: 'dG9rZW4tYnl0ZXM'", 'dG9rZW4tYnl0ZXM'],
    ['a security token in a presigned URL', 'https://kms.test/?X-Amz-Security-Token=abc123xyz&x=1', 'abc123xyz'],
    ['credentials in a URL', 'proxy https://alice:hunter2@proxy.test:8080 refused', 'hunter2'],
    ['a SigV4 signature', `Signature=${'ab12'.repeat(16)}`, 'ab12ab12ab12'],
    ['a bearer token', 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig', 'eyJhbGciOiJIUzI1NiJ9'],
    ['bytes Node printed from a Buffer', '{ Plaintext: <Buffer 8f 3a 01 ff> }', '8f 3a 01 ff'],
  ];
  for (const [what, text, secret] of cases) {
    it(`redacts ${what}`, () => {
      const scrubbed = scrubSecrets(text);
      assert.ok(!scrubbed.includes(secret), scrubbed);
      assert.ok(scrubbed.includes(REDACTED) || scrubbed.includes('AKIAIO…'), scrubbed);
    });
  }

  it('leaves ARNs, key ids, paths, hex fingerprints and prose as they are', () => {
    for (const text of [
      'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      'mrk-1234abcd12ab34cd56ef1234567890ab',
      '/work/main/test/fixtures/workspace/secrets.env',
      'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      'KMS refused the import token: it was not issued for alias/demo.',
    ]) {
      assert.equal(scrubSecrets(text), text);
    }
  });
});

describe('describeError', () => {
  it('writes the whole cause chain with code, HTTP status and request id, and redacts what it carries', () => {
    const sdk = Object.assign(new Error(`signature of AKIAIOSFODNN7EXAMPLE with ${SECRET_KEY} does not match`), {
      name: 'InvalidSignatureException',
      code: 'E1',
      $metadata: { httpStatusCode: 400, requestId: 'req-1' },
    });
    const line = describeError(new Error('Encrypt failed', { cause: sdk }));
    assert.equal(
      line,
      `Error: Encrypt failed ← InvalidSignatureException: signature of AKIAIO… with ${REDACTED} does not match (code E1, HTTP 400, request id req-1)`,
    );
  });
});
