import * as l10n from '@vscode/l10n';
import assert from 'node:assert/strict';
import { BUTTON, NEXT_STEP_BUTTON } from '../../../src/shared/keyMaterialButtons';
import { DAY_MS, tokenCountdown } from '../../../src/shared/timeTexts';
import {
  backupSaved,
  keyHeading,
  parametersSummary,
  stateRefusesImport,
  TEXT,
} from '../../../src/webview/keyMaterial/texts';

/** A bundle as the host embeds it: English message → translation, `{0}` kept. */
const GERMAN = {
  'Get new parameters': 'Neue Parameter holen',
  'Rotate now': 'Jetzt rotieren',
  '{0}: make the key material pending rotation current': '{0}: das wartende Schlüsselmaterial aktivieren',
  'Key material: {0}': 'Schlüsselmaterial: {0}',
  ' — press {0} to import.': ' — zum Importieren {0} drücken.',
  'Wrapping key spec': 'Spezifikation des Wrapping-Schlüssels',
  'Key state: {0}. KMS does not import key material into a key in this state.':
    'Schlüsselstatus: {0}. KMS importiert in diesem Status nichts.',
  '{0} · {1} · import token ': '{0} · {1} · Import-Token ',
  'Backup saved to {0} (readable by you only). Keep it safe: it is the key.': 'Sicherung in {0} gespeichert.',
  'a file': 'eine Datei',
  expired: 'abgelaufen',
  'expires in {0}': 'läuft ab in {0}',
};

describe("the Key material page's words go through @vscode/l10n", () => {
  afterEach(() => l10n.config({ contents: {} }));

  it('reads them when used, so a bundle configured after the modules loaded still translates them', () => {
    l10n.config({ contents: GERMAN });
    assert.equal(BUTTON.getNewParameters, 'Neue Parameter holen');
    assert.equal(NEXT_STEP_BUTTON.newParameters, 'Neue Parameter holen');
    assert.equal(TEXT.wrappingKeySpec, 'Spezifikation des Wrapping-Schlüssels');
    assert.equal(TEXT.rotateNowLabel, 'Jetzt rotieren: das wartende Schlüsselmaterial aktivieren');
    assert.equal(TEXT.tokenExpiredHint, ' — zum Importieren Neue Parameter holen drücken.');
    assert.equal(keyHeading('my-key'), 'Schlüsselmaterial: my-key');
    assert.equal(
      stateRefusesImport('Deaktiviert'),
      'Schlüsselstatus: Deaktiviert. KMS importiert in diesem Status nichts.',
    );
    assert.equal(parametersSummary('RSA_2048', 'RSAES_OAEP_SHA_256'), 'RSA_2048 · RSAES_OAEP_SHA_256 · Import-Token ');
    assert.equal(backupSaved(undefined), 'Sicherung in eine Datei gespeichert.');
    assert.equal(tokenCountdown(DAY_MS - 4000, 0), 'läuft ab in 23:59:56');
    assert.equal(tokenCountdown(0, 0), 'abgelaufen');
    assert.equal(TEXT.yes, 'Yes', 'a text the bundle does not hold stays English');
  });

  it('says exactly the English it said before without a bundle', () => {
    assert.equal(BUTTON.getNewParameters, 'Get new parameters');
    assert.equal(TEXT.rotateNowLabel, 'Rotate now: make the key material pending rotation current');
    assert.equal(TEXT.tokenExpiredHint, ' — press Get new parameters to import.');
    assert.equal(keyHeading('my-key'), 'Key material: my-key');
    assert.equal(backupSaved(undefined), 'Backup saved to a file (readable by you only). Keep it safe: it is the key.');
    assert.equal(
      backupSaved('/tmp/k.bin'),
      'Backup saved to /tmp/k.bin (readable by you only). Keep it safe: it is the key.',
    );
    assert.deepEqual(Object.keys(BUTTON).length, 15);
  });

  it('gives a text for every entry of its tables, none of them empty', () => {
    for (const [name, text] of Object.entries({ ...BUTTON, ...NEXT_STEP_BUTTON, ...TEXT })) {
      assert.ok(text.trim().length > 0, name);
    }
  });
});
