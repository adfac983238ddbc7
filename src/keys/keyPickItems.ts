import * as vscode from 'vscode';
import type { KeyMetadata } from '@aws-sdk/client-kms';
import { whyCannotEncrypt } from '../aws/keyUsability';
import { stateLabel } from './model/labels';

/**
 * How a key reads in the encryption key picker: its state as the Keys tree names it (and the same icon), its usage
 * as the console names it, and for a key that could encrypt but currently can't, a line that says why.
 */

export function usageLabel(meta: KeyMetadata): string {
  const spec = meta.KeySpec && meta.KeySpec !== 'SYMMETRIC_DEFAULT' ? ` (${meta.KeySpec})` : '';
  switch (meta.KeyUsage) {
    case 'ENCRYPT_DECRYPT':
      return vscode.l10n.t('Encrypt and decrypt{0}', spec);
    case 'SIGN_VERIFY':
      return vscode.l10n.t('Sign and verify{0}', spec);
    case 'GENERATE_VERIFY_MAC':
      return vscode.l10n.t('Generate and verify MAC{0}', spec);
    case 'KEY_AGREEMENT':
      return vscode.l10n.t('Key agreement{0}', spec);
    default:
      return `${meta.KeyUsage ?? vscode.l10n.t('Unknown usage')}${spec}`;
  }
}

/** "Enabled · Encrypt and decrypt", then where the key comes from when it is not just listed (workspace default…). */
export function keyDescription(meta: KeyMetadata, source?: string): string {
  return [stateLabel(meta), usageLabel(meta), ...(source ? [source] : [])].join(' · ');
}

/** The marking of a key that cannot encrypt: why, and what to do; undefined for a key that can. */
export function cannotEncryptDetail(meta: KeyMetadata): string | undefined {
  const why = whyCannotEncrypt(meta);
  switch (why?.reason) {
    case undefined:
      return undefined;
    case 'wrongUsage':
      return vscode.l10n.t('$(error) Cannot encrypt: not a symmetric encryption key');
    case 'disabled':
      return vscode.l10n.t('$(circle-slash) Cannot encrypt while disabled: enable the key first');
    case 'pendingImport':
      return vscode.l10n.t('$(circle-slash) Cannot encrypt while pending import: import its key material first');
    case 'pendingDeletion':
    case 'pendingReplicaDeletion':
      return vscode.l10n.t('$(circle-slash) Cannot encrypt while pending deletion');
    default:
      return vscode.l10n.t('$(circle-slash) Cannot encrypt now: {0}', stateLabel(meta));
  }
}
