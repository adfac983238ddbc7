import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { unwrapKeyMaterial } from '../../../src/core/keyMaterialWrap';
import { ImportSession } from '../../../src/keyMaterial/model/importSession';

const ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const DAY = 86_400_000;

describe('the host-side state of one import (ImportSession)', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicDer = publicKey.export({ format: 'der', type: 'spki' });
  let now = Date.parse('2026-05-01T00:00:00Z');
  const session = (spec = 'SYMMETRIC_DEFAULT'): ImportSession => new ImportSession(spec, () => now);
  const params = (validTo = now + DAY) => ({
    publicKey: publicDer,
    token: randomBytes(64),
    validTo,
    spec: 'RSA_2048' as const,
    algorithm: 'RSAES_OAEP_SHA_256' as const,
  });
  const choices = { expires: false, importType: 'NEW_KEY_MATERIAL' as const, description: '' };

  it('requires parameters, material and — for generated material — a saved or declined backup before it builds a request', () => {
    const s = session();
    assert.throws(() => s.request(ARN, true, choices), /Choose the key material first/);
    const material = randomBytes(32);
    s.setPlaintext('generated', Buffer.from(material), 'generated');
    assert.throws(() => s.request(ARN, true, choices), { code: 'backupRequired' });
    s.backupDeclined();
    assert.throws(() => s.request(ARN, true, choices), /Press Get wrapping parameters first \(step 1\)/);
    s.setParameters(params());
    const request = s.request(ARN, true, { ...choices, description: 'first one' });
    assert.deepEqual(
      unwrapKeyMaterial(request.EncryptedKeyMaterial as Uint8Array, privateKey, 'RSAES_OAEP_SHA_256'),
      material,
    );
    assert.equal(request.ExpirationModel, 'KEY_MATERIAL_DOES_NOT_EXPIRE');
    assert.equal(request.ImportType, 'NEW_KEY_MATERIAL');
    assert.equal(request.KeyMaterialDescription, 'first one');
    assert.equal(request.ValidTo, undefined);
  });

  it('sends neither import type nor description for keys with one material, and an expiry when asked', () => {
    const s = session('HMAC_256');
    s.setParameters(params());
    s.setPlaintext('file', randomBytes(32), 'file');
    const request = s.request(ARN, false, {
      expires: true,
      validTo: '2026-06-01',
      importType: 'EXISTING_KEY_MATERIAL',
      description: 'x',
    });
    assert.equal(request.ImportType, undefined);
    assert.equal(request.KeyMaterialDescription, undefined);
    assert.equal(request.ExpirationModel, 'KEY_MATERIAL_EXPIRES');
    assert.equal(request.ValidTo?.toISOString(), '2026-06-01T23:59:59.000Z');
  });

  it('refuses an expired token before wrapping anything', () => {
    const s = session();
    s.setParameters(params(now + 1000));
    s.setPlaintext('file', randomBytes(32), 'file');
    now += 2000;
    assert.throws(() => s.request(ARN, true, choices), {
      code: 'ExpiredImportTokenException',
      message: /^The import token has expired/,
    });
  });

  it('refuses wrapping choices KMS refuses for the key spec, and material of the wrong format', () => {
    assert.throws(
      () => session('RSA_2048').setParameters(params()),
      /RSAES_OAEP_SHA_256 with RSA_2048 cannot carry RSA_2048 key material/,
    );
    const s = session();
    const wrong = randomBytes(16);
    assert.throws(() => s.setPlaintext('file', wrong, 'file'), { code: 'wrongKeyMaterial' });
    assert.deepEqual(wrong, Buffer.alloc(16), 'refused material is zeroed');
  });

  it('zeroes material when it is replaced or imported, and describes it without its bytes', () => {
    const s = session();
    s.setParameters(params());
    const first = randomBytes(32);
    s.setPlaintext('generated', first, 'first');
    s.backupSaved('backup.bin');
    const view = s.view();
    assert.deepEqual(
      { ...view, parameters: undefined },
      {
        parameters: undefined,
        material: { source: 'generated', summary: 'first' },
        backup: 'saved',
        backupFile: 'backup.bin',
      },
    );
    assert.ok(
      !JSON.stringify(view).includes(first.toString('hex')) && !JSON.stringify(view).includes(first.toString('base64')),
    );
    const second = randomBytes(32);
    s.setPlaintext('file', second, 'second');
    assert.deepEqual(first, Buffer.alloc(32));
    s.imported();
    assert.deepEqual(second, Buffer.alloc(32));
    assert.equal(s.view().material, undefined);
    assert.equal(s.view().backup, 'notNeeded');
  });

  it('uses the token that came with wrapped material, until new parameters replace both', () => {
    const s = session();
    const wrapped = randomBytes(256);
    const token = randomBytes(64);
    s.setWrapped(Buffer.from(wrapped), Buffer.from(token), 'wrapped');
    assert.deepEqual(s.view().parameters, { source: 'file' });
    const request = s.request(ARN, true, choices);
    assert.deepEqual(Buffer.from(request.EncryptedKeyMaterial as Uint8Array), wrapped);
    assert.deepEqual(Buffer.from(request.ImportToken as Uint8Array), token);
    s.setParameters(params());
    assert.equal(s.view().material, undefined);
    assert.equal(s.view().parameters?.source, 'kms');
  });
});
