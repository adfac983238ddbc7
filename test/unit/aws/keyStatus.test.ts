import assert from 'node:assert/strict';
import type { KeyMetadata, RotationsListEntry } from '@aws-sdk/client-kms';
import {
  DAY_MS,
  daysUntil,
  keyContextValue,
  keyLabel,
  materialContextValue,
  summarizeMaterial,
} from '../../../src/aws/keyStatus';

const NOW = Date.UTC(2026, 5, 1);
const meta = (fields: Partial<KeyMetadata>): KeyMetadata => ({
  KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
  KeyManager: 'CUSTOMER',
  KeySpec: 'SYMMETRIC_DEFAULT',
  KeyState: 'Enabled',
  Origin: 'AWS_KMS',
  ...fields,
});
const material = (fields: Partial<RotationsListEntry>): RotationsListEntry => ({
  KeyMaterialId: 'a'.repeat(64),
  ...fields,
});

describe('key material status', () => {
  it('is "managed" for keys whose material KMS holds', () => {
    assert.deepEqual(summarizeMaterial(meta({}), undefined, NOW, 30), { status: 'managed' });
  });

  it('is "none" for an EXTERNAL key that never had material', () => {
    assert.equal(
      summarizeMaterial(meta({ Origin: 'EXTERNAL', KeyState: 'PendingImport' }), [], NOW, 30).status,
      'none',
    );
  });

  it('is "missing" for an EXTERNAL key whose material was deleted or expired', () => {
    const deleted = meta({ Origin: 'EXTERNAL', KeyState: 'PendingImport', CurrentKeyMaterialId: 'b'.repeat(64) });
    assert.equal(summarizeMaterial(deleted, undefined, NOW, 30).status, 'missing');
    const asymmetric = meta({ Origin: 'EXTERNAL', KeyState: 'PendingImport', KeySpec: 'RSA_2048' });
    assert.equal(
      summarizeMaterial(asymmetric, [material({ ImportState: 'PENDING_IMPORT' })], NOW, 30).status,
      'missing',
    );
  });

  it('is "imported" for material that does not expire or expires after the warning window', () => {
    assert.equal(
      summarizeMaterial(
        meta({ Origin: 'EXTERNAL', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }),
        undefined,
        NOW,
        30,
      ).status,
      'imported',
    );
    const later = meta({
      Origin: 'EXTERNAL',
      ExpirationModel: 'KEY_MATERIAL_EXPIRES',
      ValidTo: new Date(NOW + 31 * DAY_MS),
    });
    assert.deepEqual(summarizeMaterial(later, undefined, NOW, 30), {
      status: 'imported',
      expiresAt: NOW + 31 * DAY_MS,
    });
  });

  it('is "expiring" for material that expires within the warning window, and never when the warning is off', () => {
    const soon = meta({
      Origin: 'EXTERNAL',
      ExpirationModel: 'KEY_MATERIAL_EXPIRES',
      ValidTo: new Date(NOW + 5 * DAY_MS),
    });
    assert.equal(summarizeMaterial(soon, undefined, NOW, 30).status, 'expiring');
    assert.equal(summarizeMaterial(soon, undefined, NOW, 0).status, 'imported');
  });

  it('counts staged material that expires soon, and notes that material waits for rotation', () => {
    const key = meta({ Origin: 'EXTERNAL', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    const summary = summarizeMaterial(
      key,
      [
        material({ KeyMaterialState: 'CURRENT', ImportState: 'IMPORTED' }),
        material({
          KeyMaterialState: 'PENDING_ROTATION',
          ImportState: 'IMPORTED',
          ValidTo: new Date(NOW + 2 * DAY_MS),
        }),
      ],
      NOW,
      30,
    );
    assert.deepEqual(summary, { status: 'expiring', expiresAt: NOW + 2 * DAY_MS, pendingRotation: true });
  });

  it('counts whole days left, rounding up, and 0 once passed', () => {
    assert.equal(daysUntil(NOW + 5 * DAY_MS - 1000, NOW), 5);
    assert.equal(daysUntil(NOW + 1, NOW), 1);
    assert.equal(daysUntil(NOW - DAY_MS, NOW), 0);
  });
});

describe('contextValue tokens', () => {
  it('name manager, origin, state, spec, material and rotation of a key', () => {
    const key = meta({ Origin: 'EXTERNAL', KeyState: 'PendingImport' });
    assert.equal(
      keyContextValue(key, { status: 'none' }, undefined, 0),
      'kmsKey manager-customer origin-external state-pendingimport spec-symmetric material-none rotation-na',
    );
  });

  it('give the automatic rotation state of AWS_KMS symmetric keys, staged material and aliases', () => {
    assert.match(keyContextValue(meta({}), { status: 'managed' }, undefined, 1), /\brotation-unknown\b.*\bhas-alias\b/);
    assert.match(keyContextValue(meta({}), { status: 'managed' }, true, 0), /\brotation-on\b/);
    assert.match(keyContextValue(meta({}), { status: 'managed' }, false, 0), /\brotation-off\b/);
    assert.match(
      keyContextValue(meta({ Origin: 'EXTERNAL' }), { status: 'imported', pendingRotation: true }, undefined, 0),
      /\bstaged-material\b/,
    );
    assert.match(
      keyContextValue(meta({ KeySpec: 'RSA_2048', KeyManager: 'AWS' }), { status: 'managed' }, undefined, 0),
      /manager-aws .*spec-other .*rotation-na/,
    );
  });

  it('name material state, import state and expiry of a key material', () => {
    assert.equal(
      materialContextValue(
        material({ KeyMaterialState: 'PENDING_ROTATION', ImportState: 'IMPORTED', ValidTo: new Date(NOW + DAY_MS) }),
        NOW,
        30,
      ),
      'kmsKeyMaterial material-pending_rotation import-imported expiring',
    );
    assert.equal(
      materialContextValue(material({ KeyMaterialState: 'CURRENT' }), NOW, 30),
      'kmsKeyMaterial material-current import-none',
    );
  });

  it('label a key by its first alias without the prefix, else by its key id', () => {
    assert.equal(keyLabel({ keyId: 'k', aliases: ['alias/zeta', 'alias/app'] }), 'app');
    assert.equal(keyLabel({ keyId: 'k', aliases: [] }), 'k');
  });
});
