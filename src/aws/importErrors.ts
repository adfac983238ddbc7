import * as l10n from '@vscode/l10n';
import { BUTTON } from '../shared/keyMaterialButtons';
import type { PageNextStep } from '../core/errors';
import { describeAwsError, type AwsErrorContext } from './awsErrors';

/**
 * What the Key material page says when an import operation fails: the cause in the user's terms and the one next
 * step that fixes it (new parameters, the original material, cancel the deletion). Everything else falls back to
 * the general AWS error description.
 */

export interface PageError {
  message: string;
  next?: PageNextStep;
  /**
   * What failed, for the page's decisions (the message is translated and may change): the KMS exception name, or the
   * code of the extension's own error.
   */
  code?: string;
}

/** The import token (and so its wrapping parameters) has expired: KMS's exception name, also used for the local check. */
export const EXPIRED_IMPORT_TOKEN = 'ExpiredImportTokenException';

export function importOperationError(error: unknown, label: string, context: AwsErrorContext): PageError {
  const name = error instanceof Error ? error.name : '';
  const described = describe(error, name, label, context);
  return { ...described, ...(name && { code: name }) };
}

function describe(error: unknown, name: string, label: string, context: AwsErrorContext): PageError {
  const text = error instanceof Error ? error.message : '';
  const operation = context.operation ?? l10n.t('The request');
  switch (name) {
    case EXPIRED_IMPORT_TOKEN:
      return {
        message: l10n.t({
          message:
            'The import token has expired (wrapping parameters last 24 hours). Press {0}, then import again: the material is wrapped anew.',
          args: [BUTTON.getNewParameters],
          comment: ['{0} is the name of a button'],
        }),
        next: 'newParameters',
      };
    case 'InvalidImportTokenException':
      return {
        message: l10n.t({
          message:
            'KMS refused the import token: it was not issued for {0}, or it does not go with the wrapping key the material was wrapped with. Press {1}.',
          args: [label, BUTTON.getNewParameters],
          comment: ['{0} is the name of a key', '{1} is the name of a button'],
        }),
        next: 'newParameters',
      };
    case 'InvalidCiphertextException':
      return {
        message: l10n.t({
          message:
            'KMS could not unwrap the key material: it was wrapped with another wrapping public key or algorithm than the import token belongs to. Wrap it again under these parameters, or press {0}.',
          args: [BUTTON.getNewParameters],
          comment: ['{0} is the name of a button'],
        }),
        next: 'newParameters',
      };
    case 'IncorrectKeyMaterialException':
      return {
        message: l10n.t({
          message:
            "KMS refused this key material for {0}: {1} Re-importing needs the original bytes of the key's material — press {2} and choose your backup (for example PlaintextKeyMaterial.bin).",
          args: [label, text, BUTTON.loadMaterial],
          comment: ['{0} is the name of a key', "{1} is KMS's reason, a sentence", '{2} is the name of a button'],
        }),
        next: 'loadMaterial',
      };
    case 'UnsupportedOperationException':
    case 'KMSInvalidStateException':
      return invalidStateError(text, operation, label) ?? { message: describeAwsError(error, context).message };
    case 'NotFoundException':
      return {
        message: l10n.t({
          message: '{0} failed: {1} no longer exists.',
          args: [operation, label],
          comment: ['{0} is a KMS operation such as ImportKeyMaterial', '{1} is the name of a key'],
        }),
        next: 'refresh',
      };
    default:
      return { message: describeAwsError(error, context).message };
  }
}

/** KMS names several refusals with one exception: its message says which (its text is KMS's, always English). */
function invalidStateError(text: string, operation: string, label: string): PageError | undefined {
  const comment = ['{0} is a KMS operation such as ImportKeyMaterial', '{1} is the name of a key'];
  if (/pending ?deletion/i.test(text)) {
    return {
      message: l10n.t({
        message:
          '{0} failed: {1} is pending deletion, and KMS does not change the key material of such a key. Press {2} first.',
        args: [operation, label, BUTTON.cancelDeletion],
        comment: [...comment, '{2} is the name of a button'],
      }),
      next: 'cancelDeletion',
    };
  }
  if (/origin|EXTERNAL/.test(text)) {
    return {
      message: l10n.t({
        message:
          '{0} failed: {1} does not take imported key material — KMS created its material. Only keys created with origin External (Create Key… → External) can import.',
        args: [operation, label],
        comment,
      }),
    };
  }
  if (/pending rotation/i.test(text)) {
    return {
      message: l10n.t({
        message: '{0} failed: {1} Rotate to the staged material first ({2}), or delete it.',
        args: [operation, text, BUTTON.rotateNow],
        comment: [comment[0], "{1} is KMS's reason, a sentence", '{2} is the name of a button'],
      }),
    };
  }
  return undefined;
}
