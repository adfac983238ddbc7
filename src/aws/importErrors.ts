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
}

export function importOperationError(error: unknown, label: string, context: AwsErrorContext): PageError {
  const name = error instanceof Error ? error.name : '';
  const text = error instanceof Error ? error.message : '';
  const operation = context.operation ?? 'The request';
  switch (name) {
    case 'ExpiredImportTokenException':
      return {
        message: `The import token has expired (wrapping parameters last 24 hours). Press ${BUTTON.getNewParameters}, then import again: the material is wrapped anew.`,
        next: 'newParameters',
      };
    case 'InvalidImportTokenException':
      return {
        message: `KMS refused the import token: it was not issued for ${label}, or it does not go with the wrapping key the material was wrapped with. Press ${BUTTON.getNewParameters}.`,
        next: 'newParameters',
      };
    case 'InvalidCiphertextException':
      return {
        message: `KMS could not unwrap the key material: it was wrapped with another wrapping public key or algorithm than the import token belongs to. Wrap it again under these parameters, or press ${BUTTON.getNewParameters}.`,
        next: 'newParameters',
      };
    case 'IncorrectKeyMaterialException':
      return {
        message: `KMS refused this key material for ${label}: ${text} Re-importing needs the original bytes of the key's material — press ${BUTTON.loadMaterial} and choose your backup (for example PlaintextKeyMaterial.bin).`,
        next: 'loadMaterial',
      };
    case 'UnsupportedOperationException':
    case 'KMSInvalidStateException':
      if (/pending ?deletion/i.test(text)) {
        return {
          message: `${operation} failed: ${label} is pending deletion, and KMS does not change the key material of such a key. Press ${BUTTON.cancelDeletion} first.`,
          next: 'cancelDeletion',
        };
      }
      if (/origin|EXTERNAL/.test(text)) {
        return {
          message: `${operation} failed: ${label} does not take imported key material — KMS created its material. Only keys created with origin External (Create Key… → External) can import.`,
        };
      }
      if (/pending rotation/i.test(text)) {
        return {
          message: `${operation} failed: ${text} Rotate to the staged material first (${BUTTON.rotateNow}), or delete it.`,
        };
      }
      break;
    case 'NotFoundException':
      return { message: `${operation} failed: ${label} no longer exists.`, next: 'refresh' };
    default:
      break;
  }
  return { message: describeAwsError(error, context).message };
}
