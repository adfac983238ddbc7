import assert from 'node:assert/strict';
import type { KeyMetadata, RotationsListEntry } from '@aws-sdk/client-kms';
import type { KeyEntry } from '../../../src/aws/keyCatalogue';
import { pageTitle, pageViewModel, type PageView } from '../../../src/keyMaterial/model/pageViewModel';

const ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const CURRENT: RotationsListEntry = {
  KeyMaterialId: 'a'.repeat(64),
  KeyMaterialState: 'CURRENT',
  ImportState: 'IMPORTED',
};
const STAGED: RotationsListEntry = {
  KeyMaterialId: 'b'.repeat(64),
  KeyMaterialState: 'PENDING_ROTATION',
  ImportState: 'IMPORTED',
};

const entry = (meta: Partial<KeyMetadata> = {}, aliases: string[] = ['alias/payments']): KeyEntry => ({
  keyId: KEY_ID,
  arn: ARN,
  aliases,
  metadata: {
    KeyId: KEY_ID,
    KeySpec: 'SYMMETRIC_DEFAULT',
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: 'Enabled',
    Origin: 'EXTERNAL',
    KeyManager: 'CUSTOMER',
    ...meta,
  },
});

const view = (over: Partial<PageView> = {}): PageView => ({
  region: 'us-east-1',
  entry: entry(),
  materials: [],
  sawImportedMaterial: false,
  session: undefined,
  lastWrapping: undefined,
  importType: undefined,
  focusImport: 0,
  notice: undefined,
  busy: undefined,
  error: undefined,
  locale: 'en',
  ...over,
});

describe('what the Key material page shows (pageViewModel)', () => {
  it('shows nothing until the key has loaded, also when DescribeKey was denied', () => {
    assert.equal(pageViewModel(view({ entry: undefined })), undefined);
    assert.equal(
      pageViewModel(view({ entry: { keyId: KEY_ID, arn: ARN, aliases: [], problem: 'denied' } })),
      undefined,
    );
  });

  it("describes the key in the Keys tree's words, and a new External key as ready for its first import", () => {
    const state = pageViewModel(view({ entry: entry({ KeyState: 'PendingImport', Description: 'for payments' }) }));
    assert.ok(state);
    const { key } = state;
    assert.deepEqual(
      [key.arn, key.region, key.keyId, key.alias, key.description],
      [ARN, 'us-east-1', KEY_ID, 'alias/payments', 'for payments'],
    );
    assert.deepEqual(
      [key.state, key.stateLabel, key.origin, key.originLabel],
      ['PendingImport', 'Pending import', 'EXTERNAL', 'External'],
    );
    assert.deepEqual([key.keySpec, key.symmetric, key.multiRegion], ['SYMMETRIC_DEFAULT', true, false]);
    assert.deepEqual(state.importTypes, ['NEW_KEY_MATERIAL']);
    assert.equal(state.defaultImportType, 'NEW_KEY_MATERIAL');
    assert.equal(state.hadMaterial, false);
    assert.equal(state.canImport, true);
    assert.equal(state.canRotate, false);
    assert.equal(state.backup, 'notNeeded', 'no session yet');
    assert.deepEqual(state.defaultChoice, { spec: 'RSA_2048', algorithm: 'RSAES_OAEP_SHA_256' });
    assert.equal(state.materialsNote, undefined);
    assert.deepEqual(state.expiryWords, {
      expired: 'expired',
      oneDay: 'expires in 1 day',
      days: 'expires in {0} days',
    });
  });

  it('offers rotation to imported staged material of an enabled key, and both import types once it has material', () => {
    const state = pageViewModel(view({ materials: [CURRENT, STAGED] }));
    assert.equal(state?.canRotate, true);
    assert.deepEqual(state?.importTypes, ['EXISTING_KEY_MATERIAL', 'NEW_KEY_MATERIAL']);
    assert.deepEqual(
      state?.materials.map((m) => m.state),
      ['Current', 'Pending rotation'],
    );
    assert.equal(
      pageViewModel(view({ materials: [CURRENT, STAGED], entry: entry({ KeyState: 'Disabled' }) }))?.canRotate,
      false,
    );
  });

  it('proposes bringing the material back when some is pending import, unless an action asked for a type', () => {
    const pending = { ...CURRENT, ImportState: 'PENDING_IMPORT' as const };
    assert.equal(pageViewModel(view({ materials: [pending] }))?.defaultImportType, 'EXISTING_KEY_MATERIAL');
    assert.equal(
      pageViewModel(view({ materials: [pending], importType: 'NEW_KEY_MATERIAL' }))?.defaultImportType,
      'NEW_KEY_MATERIAL',
    );
    assert.equal(
      pageViewModel(view({ importType: 'EXISTING_KEY_MATERIAL' }))?.defaultImportType,
      'NEW_KEY_MATERIAL',
      'a type the key does not offer is not proposed',
    );
  });

  it('a key with one material remembers having had it after its deletion', () => {
    const hmac = entry({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC', KeyState: 'PendingImport' });
    assert.equal(pageViewModel(view({ entry: hmac }))?.hadMaterial, false);
    const state = pageViewModel(view({ entry: hmac, sawImportedMaterial: true }));
    assert.equal(state?.hadMaterial, true);
    assert.deepEqual(state?.importTypes, ['NEW_KEY_MATERIAL'], 'no import types for keys with one material');
  });

  it('refuses imports into keys KMS made the material of, AWS managed keys and keys pending deletion', () => {
    const kms = pageViewModel(view({ entry: entry({ Origin: 'AWS_KMS' }) }));
    assert.equal(kms?.canImport, false);
    assert.equal(kms?.materialsNote, "KMS created this key's material: it cannot be imported, deleted or exported.");
    assert.equal(pageViewModel(view({ entry: entry({ KeyManager: 'AWS' }) }))?.canImport, false);
    assert.equal(pageViewModel(view({ entry: entry({ KeyState: 'PendingDeletion' }) }))?.canImport, false);
  });

  it("shows the error with its next step's button, but not the code the host decides by", () => {
    const state = pageViewModel(
      view({
        error: { message: 'The import token has expired.', next: 'newParameters', code: 'ExpiredImportTokenException' },
      }),
    );
    assert.deepEqual(state?.error, {
      message: 'The import token has expired.',
      next: 'newParameters',
      nextLabel: 'Get new parameters',
    });
    assert.deepEqual(pageViewModel(view({ error: { message: 'No.' } }))?.error, { message: 'No.' });
  });

  it('passes on the busy banner, the notice, the last wrapping choice, the focus and the session', () => {
    const state = pageViewModel(
      view({
        busy: 'Importing key material',
        notice: { message: 'Imported key material.', offerRotate: false },
        lastWrapping: { spec: 'RSA_4096', algorithm: 'RSA_AES_KEY_WRAP_SHA_256' },
        focusImport: 3,
        session: { backup: 'required', material: { source: 'generated', summary: 'Generated here' } },
      }),
    );
    assert.equal(state?.busy, 'Importing key material');
    assert.deepEqual(state?.notice, { message: 'Imported key material.', offerRotate: false });
    assert.deepEqual(state?.defaultChoice, { spec: 'RSA_4096', algorithm: 'RSA_AES_KEY_WRAP_SHA_256' });
    assert.equal(state?.focusImport, 3);
    assert.equal(state?.backup, 'required');
    assert.deepEqual(state?.material, { source: 'generated', summary: 'Generated here' });
  });

  it("titles the panel with the key's alias, else its id", () => {
    const withAlias = pageViewModel(view());
    const withoutAlias = pageViewModel(view({ entry: entry({}, []) }));
    assert.ok(withAlias && withoutAlias);
    assert.equal(pageTitle(withAlias.key), 'Key material: payments');
    assert.equal(pageTitle(withoutAlias.key), `Key material: ${KEY_ID}`);
  });
});
