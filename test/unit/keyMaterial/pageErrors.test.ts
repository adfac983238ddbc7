import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as l10n from '@vscode/l10n';
import { EXPIRED_IMPORT_TOKEN, importOperationError } from '../../../src/aws/importErrors';
import { KmsExtensionError } from '../../../src/core/errors';
import { ImportSession } from '../../../src/keyMaterial/model/importSession';
import { PageFailure, pageErrorOf } from '../../../src/keyMaterial/model/pageErrors';
import { InvalidMessageError } from '../../../src/keyMaterial/model/pageMessages';

const context = { connection: { kind: 'sandbox' }, region: 'us-east-1', operation: 'ImportKeyMaterial' } as never;
const kmsError = (name: string, message = ''): Error => Object.assign(new Error(message), { name });
/** The bundle key of the English message: its text, then its translator comment. */
const EXPIRED_KEY =
  'The import token has expired (wrapping parameters last 24 hours). Press {0}, then import again: the material is wrapped anew./{0} is the name of a button';

describe("the Key material page's errors decide by code, not by their (translated) words", () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const withParameters = (): ImportSession => {
    const session = new ImportSession('SYMMETRIC_DEFAULT');
    session.setParameters({
      publicKey: publicKey.export({ format: 'der', type: 'spki' }),
      token: randomBytes(64),
      validTo: Date.now() + 86_400_000,
      spec: 'RSA_2048',
      algorithm: 'RSAES_OAEP_SHA_256',
    });
    return session;
  };

  afterEach(() => l10n.config({ contents: {} }));

  it('a KMS failure carries its exception name as the code', () => {
    assert.equal(importOperationError(kmsError(EXPIRED_IMPORT_TOKEN), 'k', context).code, EXPIRED_IMPORT_TOKEN);
    assert.equal(
      importOperationError(kmsError('AccessDeniedException', 'no'), 'k', context).code,
      'AccessDeniedException',
    );
    assert.equal(importOperationError('not an error', 'k', context).code, undefined);
  });

  it('an expired token, worded in another language, still makes the import forget its parameters', () => {
    l10n.config({
      contents: { [EXPIRED_KEY]: 'Das Importtoken ist abgelaufen. Drücken Sie {0} und importieren Sie erneut.' },
    });
    const error = importOperationError(kmsError(EXPIRED_IMPORT_TOKEN), 'k', context);
    assert.match(error.message, /^Das Importtoken ist abgelaufen/, 'the message is translated');
    assert.doesNotMatch(error.message, /expired/i, 'so matching the English word would miss it');
    const session = withParameters();
    session.importFailed(pageErrorOf(new PageFailure(error)));
    assert.equal(session.view().parameters, undefined, 'the expired parameters are gone');
  });

  it('another refusal that merely says "expired" keeps the parameters', () => {
    const error = importOperationError(
      kmsError('AccessDeniedException', 'The session token has expired.'),
      'k',
      context,
    );
    assert.match(error.message, /expired/);
    const session = withParameters();
    session.importFailed(pageErrorOf(new PageFailure(error)));
    assert.equal(session.view().parameters?.source, 'kms');
  });

  it('maps every failure to what the page shows: its own wording, the extension error with its code, or the cause', () => {
    const own = { message: 'Key k was not found: refresh the Keys view.', next: 'refresh' as const };
    assert.deepEqual(pageErrorOf(new PageFailure(own)), own);
    assert.deepEqual(pageErrorOf(new KmsExtensionError(EXPIRED_IMPORT_TOKEN, 'The import token has expired.')), {
      message: 'The import token has expired.',
      code: EXPIRED_IMPORT_TOKEN,
      next: 'newParameters',
    });
    assert.deepEqual(pageErrorOf(new KmsExtensionError('noMaterial', 'Choose the key material first.')), {
      message: 'Choose the key material first.',
      code: 'noMaterial',
    });
    assert.deepEqual(pageErrorOf(new InvalidMessageError('The expiration date must be in the future.')), {
      message: 'The expiration date must be in the future.',
    });
    assert.deepEqual(pageErrorOf(new TypeError('boom')), { message: 'Unexpected error: boom' });
    assert.deepEqual(pageErrorOf('thrown text'), { message: 'Unexpected error: thrown text' });
  });
});
