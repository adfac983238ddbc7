import assert from 'node:assert/strict';
import type { KeyMetadata } from '@aws-sdk/client-kms';
import {
  canEverEncrypt,
  keyRefusal,
  usageInKmsMessage,
  whyCannotEncrypt,
  wrongUsageMessage,
} from '../../../src/aws/keyUsability';

const ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const meta = (extra: Partial<KeyMetadata>): KeyMetadata => ({
  KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
  Arn: ARN,
  KeySpec: 'SYMMETRIC_DEFAULT',
  KeyUsage: 'ENCRYPT_DECRYPT',
  KeyState: 'Enabled',
  ...extra,
});
const key = { label: 'alias/payments', arn: ARN };

describe('key usability for encryption', () => {
  it('only a symmetric encryption key can ever encrypt: HMAC, signing and key-agreement keys never can', () => {
    assert.equal(canEverEncrypt(meta({})), true);
    assert.equal(canEverEncrypt(meta({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })), false);
    assert.equal(canEverEncrypt(meta({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })), false);
    assert.equal(
      canEverEncrypt(meta({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })),
      false,
      'asymmetric encryption is not envelope encryption',
    );
    assert.equal(canEverEncrypt(meta({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' })), false);
  });

  it('an enabled symmetric key is usable; disabled, pending import and pending deletion keys are not, for now', () => {
    assert.equal(whyCannotEncrypt(meta({})), undefined);
    assert.equal(whyCannotEncrypt(meta({ KeyState: 'Disabled' }))?.reason, 'disabled');
    assert.equal(whyCannotEncrypt(meta({ KeyState: 'PendingImport', Origin: 'EXTERNAL' }))?.reason, 'pendingImport');
    assert.equal(whyCannotEncrypt(meta({ KeyState: 'PendingDeletion' }))?.reason, 'pendingDeletion');
    assert.equal(whyCannotEncrypt(meta({ KeyState: 'Unavailable' }))?.reason, 'unavailable');
    assert.equal(whyCannotEncrypt(meta({ KeyState: 'Creating' }))?.reason, 'notReady');
    assert.deepEqual(
      whyCannotEncrypt(meta({ KeyState: 'Disabled', KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })),
      { reason: 'wrongUsage', usage: 'GENERATE_VERIFY_MAC', spec: 'HMAC_256' },
      'the usage is the lasting reason',
    );
  });

  it('refuses a disabled key with "enable the key" and Enable Key for that key as the next step', () => {
    const refusal = keyRefusal(meta({ KeyState: 'Disabled' }), key, 'Encrypt File');
    assert.equal(
      refusal?.message,
      'Encrypt File: alias/payments cannot encrypt while it is disabled: enable the key, then retry.',
    );
    assert.equal(refusal?.code, 'KeyDisabled');
    assert.equal(refusal?.next, 'enableKey');
    assert.equal(refusal?.target, ARN);
  });

  it('refuses a key pending import with Import Key Material as the next step', () => {
    const refusal = keyRefusal(meta({ KeyState: 'PendingImport' }), key, 'Generate Data Key');
    assert.match(
      refusal?.message ?? '',
      /^Generate Data Key: alias\/payments cannot encrypt: it is pending import .*Import its key material/,
    );
    assert.equal(refusal?.next, 'importMaterial');
    assert.equal(refusal?.target, ARN);
  });

  it('refuses an HMAC key naming its spec and usage and what to pick instead', () => {
    const refusal = keyRefusal(
      meta({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }),
      key,
      'Encrypt Selection',
    );
    assert.equal(refusal?.code, 'InvalidKeyUsage');
    assert.equal(
      refusal?.message,
      'Encrypt Selection: alias/payments is not a symmetric encryption key (HMAC_256, key usage GENERATE_VERIFY_MAC), ' +
        'so it cannot encrypt. Choose a key with key spec SYMMETRIC_DEFAULT and key usage ENCRYPT_DECRYPT.',
    );
    assert.equal(refusal?.next, undefined, 'no state change helps');
  });

  it("reads the key usage from KMS's InvalidKeyUsageException message", () => {
    assert.equal(
      usageInKmsMessage(`${ARN} key usage is GENERATE_VERIFY_MAC which is not valid for GenerateDataKey.`),
      'GENERATE_VERIFY_MAC',
    );
    assert.equal(usageInKmsMessage('something else'), undefined);
    assert.equal(
      wrongUsageMessage('k', undefined, undefined, 'Encrypt'),
      'Encrypt: k is not a symmetric encryption key, so it cannot encrypt. ' +
        'Choose a key with key spec SYMMETRIC_DEFAULT and key usage ENCRYPT_DECRYPT.',
    );
  });
});
