import type { PageNextStep } from '../core/errors';
import type { ImportTypeName } from './keyMaterialProtocol';

/**
 * The names of the Key material page's buttons, in one place: the webview labels its buttons with them, and every
 * text that tells the user which button to press (errors, notices, hints) quotes them, so the two cannot drift apart.
 */
export const BUTTON = {
  refresh: 'Refresh',
  dismiss: 'Dismiss',
  getParameters: 'Get wrapping parameters',
  getNewParameters: 'Get new parameters',
  exportParameters: 'Export wrapping key and import token',
  generate: 'Generate key material',
  loadMaterial: 'Load plaintext key material…',
  loadWrapped: 'Load wrapped key material…',
  saveBackup: 'Save backup…',
  declineBackup: 'Continue without a backup',
  import: 'Import key material',
  rotateNow: 'Rotate now',
  cancelDeletion: 'Cancel key deletion',
  reimport: 'Re-import',
  delete: 'Delete',
} as const;

/** The button an error's next step is (the page shows it beside the error). */
export const NEXT_STEP_BUTTON: Record<PageNextStep, string> = {
  newParameters: BUTTON.getNewParameters,
  loadMaterial: BUTTON.loadMaterial,
  cancelDeletion: BUTTON.cancelDeletion,
  refresh: BUTTON.refresh,
};

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
