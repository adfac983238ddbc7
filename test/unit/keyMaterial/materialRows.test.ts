import assert from 'node:assert/strict';
import { materialRow, singleMaterialRow } from '../../../src/keyMaterial/model/materialRows';

const ID = 'a'.repeat(64);
const VALID_TO = new Date('2027-01-31T00:00:00Z');

describe("the Key material page's table rows (materialRows)", () => {
  it('an imported material says its state, import state and expiry in the Keys tree words', () => {
    assert.deepEqual(
      materialRow({
        KeyMaterialId: ID,
        KeyMaterialDescription: 'first',
        KeyMaterialState: 'CURRENT',
        ImportState: 'IMPORTED',
        ExpirationModel: 'KEY_MATERIAL_EXPIRES',
        ValidTo: VALID_TO,
      }),
      {
        id: ID,
        description: 'first',
        state: 'Current',
        importState: 'Imported',
        imported: true,
        expires: true,
        validTo: VALID_TO.getTime(),
      },
    );
  });

  it('a material pending import shows no expiry date, even if KMS still reports the old one', () => {
    const row = materialRow({
      KeyMaterialId: ID,
      KeyMaterialState: 'PENDING_ROTATION',
      ImportState: 'PENDING_IMPORT',
      ExpirationModel: 'KEY_MATERIAL_EXPIRES',
      ValidTo: VALID_TO,
    });
    assert.equal(row.state, 'Pending rotation');
    assert.equal(row.importState, 'Pending import');
    assert.equal(row.imported, false);
    assert.equal(row.validTo, undefined);
  });

  it('a material KMS created (no import state) counts as imported; an unknown state is shown as KMS names it', () => {
    const row = materialRow({ KeyMaterialState: 'SOMETHING_NEW' as never });
    assert.deepEqual(row, { state: 'SOMETHING_NEW', importState: 'Imported', imported: true, expires: false });
  });

  it('a non-symmetric key with imported material has one current row; without material or origin External, none', () => {
    assert.deepEqual(
      singleMaterialRow({ KeyId: 'k', Origin: 'EXTERNAL', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }),
      [{ state: 'Current', importState: 'Imported', imported: true, expires: false }],
    );
    assert.deepEqual(singleMaterialRow({ KeyId: 'k', Origin: 'EXTERNAL' }), [], 'pending import: no material yet');
    assert.deepEqual(singleMaterialRow({ KeyId: 'k', Origin: 'AWS_KMS', ExpirationModel: 'KEY_MATERIAL_EXPIRES' }), []);
  });
});
