import assert from 'node:assert/strict';
import {
  busyText,
  deleteConfirmation,
  deletedNotice,
  importedNotice,
  parametersSavedNotice,
  reimportNotice,
  rotationStartedNotice,
} from '../../../src/keyMaterial/model/pageTexts';
import { BUTTON } from '../../../src/shared/keyMaterialButtons';

const ID = `abcdef01${'0'.repeat(56)}`;

describe("what the Key material page's actions say (pageTexts)", () => {
  it('a new material for a key that has one is staged: the notice says so and offers the rotation', () => {
    assert.deepEqual(importedNotice(true, ID, { KeyId: 'k', KeyState: 'Enabled' }), {
      message:
        'Imported new key material (abcdef01…). It is pending rotation: KMS uses it once you rotate the key to it.',
      offerRotate: true,
    });
    assert.equal(
      importedNotice(true, undefined, undefined).message,
      'Imported new key material. It is pending rotation: KMS uses it once you rotate the key to it.',
    );
  });

  it("otherwise the notice gives the key's state after the import", () => {
    assert.deepEqual(importedNotice(false, ID, { KeyId: 'k', KeyState: 'Enabled' }), {
      message: 'Imported key material (abcdef01…). The key is enabled.',
      offerRotate: false,
    });
    assert.equal(
      importedNotice(false, undefined, { KeyId: 'k', KeyState: 'Disabled' }).message,
      'Imported key material. Key state: Disabled.',
    );
    assert.equal(importedNotice(false, undefined, undefined).message, 'Imported key material. Key state: updated.');
  });

  it('re-importing names the buttons to press, exactly as they are labelled', () => {
    assert.equal(
      reimportNotice(ID).message,
      `To re-import material abcdef01…, press ${BUTTON.loadMaterial} (step 2) and choose your backup of it, then ${BUTTON.import} as the existing key material.`,
    );
    assert.equal(
      reimportNotice(undefined).message,
      `To re-import the key material, press ${BUTTON.loadMaterial} (step 2) and choose your backup of it, then ${BUTTON.import} as the existing key material.`,
    );
    assert.equal(
      parametersSavedNotice('/tmp/out').message,
      `Saved wrappingKey.der, wrappingKey.pem and importToken.bin in /tmp/out. Wrap the material with them (OpenSSL, your HSM), then press ${BUTTON.loadWrapped}`,
    );
  });

  it('deleting staged material warns less than deleting the material the key uses', () => {
    const staged = deleteConfirmation('payments', ID, true);
    assert.equal(staged.message, 'Delete key material abcdef01… of payments?');
    assert.match(staged.detail, /^This material waits for rotation/);
    assert.equal(staged.button, 'Delete Key Material');
    const current = deleteConfirmation('payments', undefined, false);
    assert.equal(current.message, 'Delete the imported key material of payments?');
    assert.match(current.detail, /Make sure you have a backup of the key material\.$/);
    assert.equal(deletedNotice(true, true).message, 'Deleted the staged key material.');
    assert.equal(
      deletedNotice(false, true).message,
      'Deleted the key material. Re-import it from your backup to use the key again.',
    );
    assert.equal(
      deletedNotice(false, false).message,
      'Deleted the key material. Import it again from your backup to use the key again.',
    );
    assert.equal(rotationStartedNotice().offerRotate, false);
  });

  it('every action has its busy banner', () => {
    assert.equal(busyText('refresh'), 'Loading the key');
    assert.equal(busyText('declineBackup'), 'Recording that there is no backup');
    assert.equal(busyText('import'), 'Importing key material');
  });
});
