import * as l10n from '@vscode/l10n';
import type { PageNextStep } from '../core/errors';
import type { ImportTypeName } from './keyMaterialProtocol';
import { lazyTexts } from './lazyTexts';

/**
 * The names of the Key material page's buttons, in one place: the webview labels its buttons with them, and every
 * text that tells the user which button to press (errors, notices, hints) quotes them, so the two cannot drift apart.
 * Translated when read (see lazyTexts).
 */
export const BUTTON = lazyTexts({
  refresh: () => l10n.t('Refresh'),
  dismiss: () => l10n.t('Dismiss'),
  getParameters: () => l10n.t('Get wrapping parameters'),
  getNewParameters: () => l10n.t('Get new parameters'),
  exportParameters: () => l10n.t('Export wrapping key and import token'),
  generate: () => l10n.t('Generate key material'),
  loadMaterial: () => l10n.t('Load plaintext key material…'),
  loadWrapped: () => l10n.t('Load wrapped key material…'),
  saveBackup: () => l10n.t('Save backup…'),
  declineBackup: () => l10n.t('Continue without a backup'),
  import: () => l10n.t('Import key material'),
  rotateNow: () => l10n.t('Rotate now'),
  cancelDeletion: () => l10n.t('Cancel key deletion'),
  reimport: () => l10n.t('Re-import'),
  delete: () => l10n.t('Delete'),
});

/** The button an error's next step is (the page shows it beside the error). */
export const NEXT_STEP_BUTTON: Readonly<Record<PageNextStep, string>> = lazyTexts({
  newParameters: () => BUTTON.getNewParameters,
  loadMaterial: () => BUTTON.loadMaterial,
  cancelDeletion: () => BUTTON.cancelDeletion,
  refresh: () => BUTTON.refresh,
});

/**
 * Step 2's primary button. Re-importing brings back material the key had (after a deletion or an expiry only the
 * same bytes fit), so loading the backup comes first; otherwise generating new material does. Symmetric keys say which
 * by the chosen import type; keys with one material for life by whether they had it.
 */
export function primaryMaterialButton(
  key: { symmetric: boolean; hadMaterial: boolean },
  importType: ImportTypeName,
): 'generate' | 'loadMaterial' {
  const restoring = key.symmetric ? importType === 'EXISTING_KEY_MATERIAL' : key.hadMaterial;
  return restoring ? 'loadMaterial' : 'generate';
}
