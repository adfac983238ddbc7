import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { importOperationError } from '../../../src/aws/importErrors';
import { ImportSession } from '../../../src/keyMaterial/model/importSession';
import { BUTTON, NEXT_STEP_BUTTON, primaryMaterialButton } from '../../../src/shared/keyMaterialButtons';

const ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const context = { connection: { kind: 'sandbox' }, region: 'us-east-1', operation: 'ImportKeyMaterial' } as never;
const kmsError = (name: string, message = ''): Error => Object.assign(new Error(message), { name });
const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('expected a refusal');
};

describe("the Key material page's buttons", () => {
  it('step 2 proposes loading the backup when the import brings back material the key had, else generating', () => {
    assert.equal(primaryMaterialButton({ symmetric: true, hadMaterial: false }, 'NEW_KEY_MATERIAL'), 'generate');
    assert.equal(
      primaryMaterialButton({ symmetric: true, hadMaterial: true }, 'EXISTING_KEY_MATERIAL'),
      'loadMaterial',
    );
    assert.equal(
      primaryMaterialButton({ symmetric: true, hadMaterial: true }, 'NEW_KEY_MATERIAL'),
      'generate',
      'new material for rotation',
    );
    assert.equal(
      primaryMaterialButton({ symmetric: false, hadMaterial: true }, 'NEW_KEY_MATERIAL'),
      'loadMaterial',
      'one material for life, deleted',
    );
    assert.equal(primaryMaterialButton({ symmetric: false, hadMaterial: false }, 'NEW_KEY_MATERIAL'), 'generate');
  });

  it('errors that say which button to press name it exactly as the button is labelled', () => {
    const expired = importOperationError(kmsError('ExpiredImportTokenException'), 'k', context);
    assert.ok(expired.message.includes(`Press ${BUTTON.getNewParameters},`), expired.message);
    assert.equal(NEXT_STEP_BUTTON[expired.next ?? 'refresh'], BUTTON.getNewParameters);
    assert.ok(
      importOperationError(kmsError('InvalidImportTokenException'), 'k', context).message.endsWith(
        `Press ${BUTTON.getNewParameters}.`,
      ),
    );
    assert.ok(
      importOperationError(kmsError('InvalidCiphertextException'), 'k', context).message.endsWith(
        `press ${BUTTON.getNewParameters}.`,
      ),
    );
    const wrong = importOperationError(
      kmsError('IncorrectKeyMaterialException', 'Not the same material.'),
      'k',
      context,
    );
    assert.ok(wrong.message.includes(`press ${BUTTON.loadMaterial} and choose your backup`), wrong.message);
    assert.equal(
      NEXT_STEP_BUTTON[wrong.next ?? 'refresh'],
      BUTTON.loadMaterial,
      "the error's own button has the same name",
    );
    const deleting = importOperationError(kmsError('KMSInvalidStateException', 'k is pending deletion.'), 'k', context);
    assert.ok(deleting.message.endsWith(`Press ${BUTTON.cancelDeletion} first.`), deleting.message);
    assert.equal(NEXT_STEP_BUTTON[deleting.next ?? 'refresh'], BUTTON.cancelDeletion);

    const session = new ImportSession('SYMMETRIC_DEFAULT');
    const choices = { expires: false, importType: 'NEW_KEY_MATERIAL' as const, description: '' };
    assert.equal(
      refusal(() => session.request(ARN, true, choices)),
      'Choose the key material first (step 2): Generate key material, Load plaintext key material… or Load wrapped key material…',
    );
    session.setPlaintext('generated', randomBytes(32), 'Generated here');
    assert.match(
      refusal(() => session.request(ARN, true, choices)),
      /^Save a backup of the generated key material first \(Save backup…\), or press Continue without a backup\./,
    );
    session.backupDeclined();
    assert.equal(
      refusal(() => session.request(ARN, true, choices)),
      'Press Get wrapping parameters first (step 1).',
    );
    for (const name of [
      'Generate key material',
      'Load plaintext key material…',
      'Load wrapped key material…',
      'Save backup…',
      'Continue without a backup',
      'Get wrapping parameters',
      'Get new parameters',
    ]) {
      assert.ok((Object.values(BUTTON) as string[]).includes(name), `${name} is a button of the page`);
    }
  });
});
