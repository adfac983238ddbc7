import assert from 'node:assert/strict';
import { keyOperationError } from '../../../src/aws/keyErrors';
import { CancelledError, KmsExtensionError } from '../../../src/core/errors';

const ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const kmsError = (name: string, message: string): Error =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400, requestId: 'req-1' } });
const key = { arn: ARN, label: 'payments' };

describe('key operation errors', () => {
  it('turn "pending import" into "import its key material first", with that key as the next step\'s target', () => {
    const error = keyOperationError(kmsError('KMSInvalidStateException', `${ARN} is pending import.`), {
      operation: 'EnableKey',
      key,
    }) as KmsExtensionError;
    assert.equal(
      error.message,
      'EnableKey failed: payments is pending import, so KMS cannot use it: import its key material first.',
    );
    assert.equal(error.next, 'importMaterial');
    assert.equal(error.target, ARN);
    assert.equal(error.code, 'KMSInvalidStateException');
  });

  it('explain Rotate Now on imported material with nothing staged', () => {
    const error = keyOperationError(
      kmsError('KMSInvalidStateException', `No available key material pending rotation for the key: ${ARN}.`),
      { operation: 'RotateKeyOnDemand', key },
    ) as KmsExtensionError;
    assert.match(error.message, /has no imported key material waiting to become current/);
    assert.equal(error.next, 'importMaterial');
  });

  it('explain that automatic rotation is for KMS-generated symmetric keys', () => {
    const error = keyOperationError(
      kmsError('UnsupportedOperationException', `${ARN} origin is EXTERNAL which is not valid for this operation.`),
      { operation: 'EnableKeyRotation', key },
    );
    assert.match(error.message, /^EnableKeyRotation failed: automatic rotation is only for symmetric encryption keys/);
  });

  it('turn InvalidKeyUsageException into a message naming the key, its usage and spec, and what to pick instead', () => {
    const error = keyOperationError(
      kmsError(
        'InvalidKeyUsageException',
        `${ARN} key usage is GENERATE_VERIFY_MAC which is not valid for GenerateDataKey.`,
      ),
      { operation: 'GenerateDataKey', key, keySpec: 'HMAC_256' },
    ) as KmsExtensionError;
    assert.equal(
      error.message,
      'GenerateDataKey failed: payments is not a symmetric encryption key (HMAC_256, key usage GENERATE_VERIFY_MAC), ' +
        'so it cannot encrypt. Choose a key with key spec SYMMETRIC_DEFAULT and key usage ENCRYPT_DECRYPT.',
    );
    assert.doesNotMatch(error.message, /InvalidKeyUsageException/);
    assert.equal(error.target, ARN);
  });

  it('offer Enable Key for a disabled key', () => {
    const error = keyOperationError(kmsError('DisabledException', `${ARN} is disabled.`), {
      operation: 'Encrypt',
      key,
    }) as KmsExtensionError;
    assert.equal(error.message, 'Encrypt failed: payments is disabled: enable the key, then retry.');
    assert.equal(error.next, 'enableKey');
    assert.equal(error.target, ARN);
  });

  it('name the KMS error and its message otherwise', () => {
    const error = keyOperationError(kmsError('KMSInvalidStateException', `${ARN} is pending deletion.`), {
      operation: 'DisableKey',
      key,
      region: 'eu-west-1',
    });
    assert.equal(error.message, `DisableKey failed: KMSInvalidStateException: ${ARN} is pending deletion.`);
  });

  it('let cancellations and errors that already carry a message pass through', () => {
    const cancelled = new CancelledError();
    assert.equal(keyOperationError(cancelled, { operation: 'DisableKey' }), cancelled);
    const own = new KmsExtensionError('invalidInput', 'Enter a whole number of days from 7 to 30.');
    assert.equal(keyOperationError(own, { operation: 'ScheduleKeyDeletion' }), own);
  });
});
