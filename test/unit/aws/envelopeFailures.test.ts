import * as assert from 'node:assert/strict';
import { fromErrno } from '../../../src/aws/envelope/fileErrors';
import { kmsFailure } from '../../../src/aws/envelope/kmsFailures';
import { MalformedKmsResponse, type KmsCallRecord } from '../../../src/aws/envelope/kmsSupplier';
import { esdkFailure, headerFailure } from '../../../src/aws/envelope/messageFailures';
import { sandboxConnection } from '../../../src/aws/resolveConnection';
import { EnvelopeHeaderError } from '../../../src/core/envelopeHeader';

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const kmsError = (name: string, message: string): Error => Object.assign(new Error(message), { name });
const failed = (error: unknown, operation: KmsCallRecord['operation'] = 'Decrypt'): KmsCallRecord => ({
  operation,
  keyId: KEY,
  region: 'eu-west-1',
  error,
});
const context = { path: '/data/report.txt.enc', operation: 'decrypt' as const };

describe('envelope failures: the file system', () => {
  it('names the file and what to do for each errno it knows', () => {
    const errno = (code: string, path?: string) => Object.assign(new Error(code), { code, ...(path && { path }) });
    assert.equal(fromErrno(errno('ENOENT'), '/a/b')?.message, '/a/b does not exist.');
    assert.equal(fromErrno(errno('EACCES', '/a/c'), '/a/b')?.message.startsWith('Permission denied: /a/c.'), true);
    assert.equal(fromErrno(errno('ENOSPC'), '/a/b')?.code, 'FileError');
    const exists = fromErrno(errno('EEXIST'), '/a/out');
    assert.equal(exists?.code, 'OutputExists');
    assert.equal(exists?.message, '/a/out already exists: choose another output, or allow overwriting.');
    assert.equal(fromErrno(errno('EBUSY'), '/a/b'), undefined);
    assert.equal(fromErrno(new Error('plain'), '/a/b'), undefined);
  });
});

describe('envelope failures: the message itself', () => {
  it('a header problem says what was wrong and what to do', () => {
    const tooMany = headerFailure(new EnvelopeHeaderError('tooManyDataKeys', 'It has 11 data keys.'), 'a.enc');
    assert.equal(tooMany.code, 'TooManyDataKeys');
    assert.match(tooMany.message, /^a\.enc: It has 11 data keys\. Only decrypt it if you trust its source/);
    assert.equal(
      headerFailure(new EnvelopeHeaderError('unsupportedSuite', 'suite 0x0014'), 'a').code,
      'UnsupportedMessage',
    );
    assert.equal(headerFailure(new EnvelopeHeaderError('malformed', 'bad'), 'a').code, 'Tampered');
  });

  it("reads the ESDK's text: limits, truncation, damage, and else a failure with the log", () => {
    assert.equal(esdkFailure(new Error('maxEncryptedDataKeys exceeded'), 'a', 'decrypt').code, 'TooManyDataKeys');
    assert.equal(esdkFailure(new Error('maxBodySize exceeded'), 'a', 'decrypt').code, 'FrameTooLarge');
    assert.equal(esdkFailure(new Error('Premature close'), 'a', 'encrypt').code, 'Truncated');
    const tampered = esdkFailure(new Error('unable to authenticate data\nstack'), 'a', 'encrypt');
    assert.equal(tampered.code, 'Tampered');
    assert.match(tampered.message, /\(unable to authenticate data\)\. Restore it from a backup\.$/);
    assert.equal(esdkFailure(new Error('odd'), 'a', 'decrypt').code, 'Tampered', 'reading: whatever else is damage');
    const other = esdkFailure('odd thing', 'a', 'encrypt');
    assert.deepEqual(
      [other.code, other.message, other.next],
      ['EnvelopeFailed', 'Failed to encrypt a: odd thing', 'showLog'],
    );
  });
});

describe('envelope failures: KMS calls', () => {
  it('a key pending import names the key as the target of Import Key Material', () => {
    const error = kmsFailure([failed(kmsError('KMSInvalidStateException', 'key is pending import'))], context);
    assert.deepEqual([error.code, error.next, error.target], ['KeyPendingImport', 'importMaterial', KEY]);
  });

  it('access denied names the permission of the operation when KMS does not', () => {
    const error = kmsFailure([failed(kmsError('AccessDeniedException', 'no.\nmore'), 'GenerateDataKey')], context);
    assert.equal(
      error.message,
      `Access denied: kms:GenerateDataKey on ${KEY} is not allowed for this connection. Ask for it in the key policy or an IAM policy, or select another connection. KMS says: no.`,
    );
    const named = kmsFailure(
      [failed(kmsError('AccessDeniedException', 'not authorized to perform kms:Decrypt'))],
      context,
    );
    assert.match(named.message, /^Access denied: kms:Decrypt on .* another connection\.$/);
  });

  it('lists the other failed keys after the first', () => {
    const error = kmsFailure(
      [
        failed(kmsError('DisabledException', 'disabled')),
        { ...failed(kmsError('NotFoundException', 'gone')), keyId: 'k2' },
      ],
      context,
    );
    assert.equal(error.code, 'KeyDisabled');
    assert.match(
      error.message,
      /is disabled: enable it, then retry\. Other wrapping keys failed too: k2 \(NotFoundException\)\.$/,
    );
  });

  it('a key the sandbox does not have says that sandbox keys stay in their sandbox', () => {
    const sandbox = sandboxConnection({
      endpoint: 'http://127.0.0.1:1',
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 's' },
    });
    const error = kmsFailure([failed(kmsError('NotFoundException', 'gone'))], { ...context, connection: sandbox });
    assert.match(error.message, /does not exist in this sandbox \(eu-west-1, account 111122223333\)\./);
    const noArn = kmsFailure([{ ...failed(kmsError('NotFoundException', 'gone')), keyId: 'alias/x' }], context);
    assert.deepEqual(
      [noArn.message, noArn.next],
      ['The KMS key alias/x does not exist for eu-west-1: check the key id or alias and the region.', 'selectRegion'],
    );
  });

  it('a malformed response, a wrong key usage and damage each say so', () => {
    assert.equal(kmsFailure([failed(new MalformedKmsResponse('Decrypt'))], context).next, 'checkEndpoint');
    const usage = kmsFailure(
      [failed(kmsError('InvalidKeyUsageException', 'key usage is GENERATE_VERIFY_MAC which is not valid'))],
      context,
    );
    assert.match(usage.message, /^Cannot decrypt report\.txt\.enc: .* \(key usage GENERATE_VERIFY_MAC\)/);
    assert.equal(kmsFailure([failed(kmsError('InvalidCiphertextException', ''))], context).code, 'Tampered');
  });
});
