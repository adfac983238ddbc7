import assert from 'node:assert/strict';
import { expiryDate, InvalidMessageError, parseWebviewMessage } from '../../../src/keyMaterial/model/pageMessages';

const DAY = 86_400_000;

describe('Key material page messages from the webview', () => {
  it('accepts every message of the protocol, exactly as sent', () => {
    const good = [
      { type: 'ready' },
      { type: 'refresh' },
      { type: 'exportParameters' },
      { type: 'generateMaterial' },
      { type: 'loadMaterial' },
      { type: 'loadWrapped' },
      { type: 'saveBackup' },
      { type: 'declineBackup' },
      { type: 'rotateNow' },
      { type: 'cancelDeletion' },
      { type: 'dismiss' },
      { type: 'getParameters', spec: 'RSA_3072', algorithm: 'RSA_AES_KEY_WRAP_SHA_1' },
      { type: 'deleteMaterial' },
      { type: 'deleteMaterial', keyMaterialId: 'a'.repeat(64) },
      { type: 'reimport', keyMaterialId: '0'.repeat(64) },
      {
        type: 'import',
        choices: {
          expires: true,
          validTo: '2030-01-31',
          importType: 'NEW_KEY_MATERIAL',
          description: 'HSM-A 2026/01: key_1.b',
        },
      },
      { type: 'import', choices: { expires: false, importType: 'EXISTING_KEY_MATERIAL', description: '' } },
    ];
    for (const message of good) {
      assert.deepEqual(parseWebviewMessage(message), message);
    }
  });

  it('refuses anything else, naming what is wrong without echoing values', () => {
    const bad: [unknown, RegExp][] = [
      [undefined, /object with a type/],
      ['ready', /object with a type/],
      [[{ type: 'ready' }], /object with a type/],
      [{ type: 7 }, /object with a type/],
      [{ type: 'format disk' }, /unknown message type/],
      [{ type: 'ready', extra: 1 }, /unexpected field\(s\) extra/],
      [{ type: 'getParameters', spec: 'SM2', algorithm: 'SM2PKE' }, /unknown wrapping key spec/],
      [{ type: 'getParameters', spec: 'RSA_2048', algorithm: 'RSAES_PKCS1_V1_5' }, /unknown wrapping algorithm/],
      [{ type: 'deleteMaterial', keyMaterialId: 'ABC' }, /64 hex digits/],
      [{ type: 'import' }, /choices must be an object/],
      [
        { type: 'import', choices: { expires: 1, importType: 'NEW_KEY_MATERIAL', description: '' } },
        /expires must be a boolean/,
      ],
      [
        {
          type: 'import',
          choices: { expires: true, validTo: 'tomorrow', importType: 'NEW_KEY_MATERIAL', description: '' },
        },
        /YYYY-MM-DD/,
      ],
      [{ type: 'import', choices: { expires: false, importType: 'REPLACE', description: '' } }, /unknown importType/],
      [
        { type: 'import', choices: { expires: false, importType: 'NEW_KEY_MATERIAL', description: 'a'.repeat(257) } },
        /at most 256/,
      ],
      [
        { type: 'import', choices: { expires: false, importType: 'NEW_KEY_MATERIAL', description: '<img src=x>' } },
        /at most 256 letters/,
      ],
      [
        {
          type: 'import',
          choices: { expires: false, importType: 'NEW_KEY_MATERIAL', description: '', material: 'AA==' },
        },
        /unexpected field\(s\) material/,
      ],
    ];
    for (const [message, why] of bad) {
      assert.throws(
        () => parseWebviewMessage(message),
        (e: unknown) => e instanceof InvalidMessageError && why.test(e.message),
        JSON.stringify(message),
      );
    }
  });

  it("turns an expiry date into the end of that day (UTC), within KMS's 365 days", () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    assert.equal(expiryDate('2026-03-31', now).toISOString(), '2026-03-31T23:59:59.000Z');
    assert.equal(expiryDate('2026-03-01', now).toISOString(), '2026-03-01T23:59:59.000Z');
    // The 365th day ends after the limit: the material expires just before it instead.
    assert.equal(expiryDate('2027-03-01', now).getTime(), now + 365 * DAY - 5 * 60_000);
    assert.throws(() => expiryDate('2027-03-02', now), /at most 365 days/);
    assert.throws(() => expiryDate('2026-02-28', now), /must be in the future/);
    assert.throws(() => expiryDate('2026-02-30', now), /2026-02-30 is not a date/);
    assert.throws(() => expiryDate(undefined, now), /Choose the date/);
  });
});
