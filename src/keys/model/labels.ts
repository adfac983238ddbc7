import * as l10n from '@vscode/l10n';
import type { KeyMetadata, RotationsListEntry } from '@aws-sdk/client-kms';
import { expiresInText, type ExpiryWords } from '../../shared/timeTexts';

/**
 * The words of the Keys tree, also on the Key material page: KMS states and origins as the console names them, dates,
 * expiry. Pure, so the page's view model can use them in plain Node; the icons are in ../stateIcons.ts.
 */

/** 2026-12-08 (ISO dates: unambiguous in every locale, as the AWS CLI prints them). */
export function day(date: Date | number): string {
  return new Date(date).toISOString().slice(0, 10);
}

export function stateLabel(meta: KeyMetadata): string {
  switch (meta.KeyState) {
    case 'Enabled':
      return l10n.t('Enabled');
    case 'Disabled':
      return l10n.t('Disabled');
    case 'PendingImport':
      return l10n.t('Pending import');
    case 'PendingDeletion':
      return meta.DeletionDate
        ? l10n.t({
            message: 'Pending deletion on {0}',
            args: [day(meta.DeletionDate)],
            comment: ['{0} is a date like 2026-12-08'],
          })
        : l10n.t('Pending deletion');
    case 'PendingReplicaDeletion':
      return l10n.t('Pending replica deletion');
    case 'Unavailable':
      return l10n.t('Unavailable');
    case 'Creating':
      return l10n.t('Creating');
    case 'Updating':
      return l10n.t('Updating');
    default:
      return meta.KeyState ?? l10n.t('Unknown state');
  }
}

export function originLabel(origin: string | undefined): string {
  switch (origin) {
    case 'AWS_KMS':
      return l10n.t('AWS KMS');
    case 'EXTERNAL':
      return l10n.t('External');
    case 'AWS_CLOUDHSM':
      return l10n.t('AWS CloudHSM');
    case 'EXTERNAL_KEY_STORE':
      return l10n.t('External key store');
    default:
      return origin ?? l10n.t('Unknown origin');
  }
}

/** "expires in 5 days", "expires in 1 day", "expired": the formatter the Key material page uses too. */
export function expiresIn(validTo: Date | number, now: number): string {
  return expiresInText(new Date(validTo).getTime(), now, expiryWords());
}

/** The words of expiresIn, localised here; the Key material page gets them with its state. */
export function expiryWords(): ExpiryWords {
  return {
    expired: l10n.t('expired'),
    oneDay: l10n.t('expires in 1 day'),
    // The placeholder stays in: expiresInText puts the number of days in, on either side of the webview.
    days: l10n.t({ message: 'expires in {0} days', args: ['{0}'], comment: ['{0} is a number of days, 2 or more'] }),
  };
}

export function materialStateLabel(entry: RotationsListEntry): string {
  switch (entry.KeyMaterialState) {
    case 'CURRENT':
      return l10n.t('Current');
    case 'NON_CURRENT':
      return l10n.t('Non-current');
    case 'PENDING_ROTATION':
      return l10n.t('Pending rotation');
    case 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION':
      return l10n.t('Pending multi-Region import and rotation');
    default:
      return entry.KeyMaterialState ?? '';
  }
}

export function importStateLabel(entry: RotationsListEntry): string | undefined {
  switch (entry.ImportState) {
    case 'IMPORTED':
      return l10n.t('Imported');
    case 'PENDING_IMPORT':
      return l10n.t('Pending import');
    default:
      return undefined;
  }
}

/** The first 8 hex digits of a 64-digit key material id. */
export function shortMaterialId(id: string | undefined): string {
  return id ? `${id.slice(0, 8)}…` : l10n.t('(no id)');
}

/** Markdown-safe text for tooltips. */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
