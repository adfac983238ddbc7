import { stateErrors } from './errors';
import type { KeyRecord, KeyUsage } from './model';

/** Key-state rules shared by operations (kms-api.md §5.3). */

/** Cryptographic operations: Disabled → DIS, PendingDeletion → PD, PendingImport → PI. */
export function requireUsableForCrypto(key: KeyRecord): void {
  switch (key.state) {
    case 'Enabled':
      return;
    case 'Disabled':
      throw stateErrors.disabled(key.arn);
    case 'PendingDeletion':
      throw stateErrors.pendingDeletion(key.arn);
    case 'PendingImport':
      throw stateErrors.pendingImport(key.arn);
  }
}

export function requireNotPendingDeletion(key: KeyRecord): void {
  if (key.state === 'PendingDeletion') {
    throw stateErrors.pendingDeletion(key.arn);
  }
}

/** InvalidKeyUsageException `<arn> key usage is <USAGE> which is not valid for <Operation>.` */
export function requireUsage(key: KeyRecord, usage: KeyUsage, operation: string): void {
  if (key.keyUsage !== usage) {
    throw stateErrors.wrongUsage(key.arn, key.keyUsage, operation);
  }
}

/** The state a key takes when its material comes back or goes away, unless it is pending deletion. */
export function settleImportState(key: KeyRecord, allImported: boolean): void {
  if (key.state === 'PendingDeletion') {
    return;
  }
  if (!allImported) {
    key.state = 'PendingImport';
    return;
  }
  if (key.state === 'PendingImport') {
    key.state = 'Enabled';
  }
}
