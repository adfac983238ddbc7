import * as l10n from '@vscode/l10n';
import { BUTTON } from '../../shared/keyMaterialButtons';
import { lazyTexts } from '../../shared/lazyTexts';

/**
 * Every word the Key material page writes itself (the host sends the rest already translated), through @vscode/l10n
 * with the bundle the host embeds in the page. No DOM here, so the words can be checked in plain Node.
 */
export const TEXT = lazyTexts({
  pageHeading: () => l10n.t('Key material'),
  alias: () => l10n.t('Alias'),
  arn: () => l10n.t('ARN'),
  keySpec: () => l10n.t('Key spec'),
  keyUsage: () => l10n.t('Key usage'),
  keyState: () => l10n.t('Key state'),
  origin: () => l10n.t('Origin'),
  multiRegion: () => l10n.t('Multi-Region'),
  yes: () => l10n.t('Yes'),
  no: () => l10n.t('No'),
  description: () => l10n.t('Description'),
  refreshLabel: () => l10n.t('Refresh the key and its key material'),
  working: () => l10n.t('Working'),

  rotateNowLabel: () => l10n.t('{0}: make the key material pending rotation current', BUTTON.rotateNow),
  noMaterialYet: () => l10n.t('No key material has been imported into this key yet.'),
  theMaterial: () => l10n.t('(the key material)'),
  doesNotExpire: () => l10n.t('Does not expire'),
  expires: () => l10n.t('Expires'),
  materialIdColumn: () => l10n.t('Key material ID'),
  stateColumn: () => l10n.t('State'),
  importStateColumn: () => l10n.t('Import state'),
  expiryColumn: () => l10n.t('Expiry'),
  actionsColumn: () => l10n.t('Actions'),

  importHeading: () => l10n.t('Import key material'),
  notExternal: () => l10n.t('Only keys created with origin External take imported key material.'),

  parametersStep: () => l10n.t('1. Wrapping parameters'),
  parametersHint: () =>
    l10n.t(
      'KMS gives you a wrapping public key and an import token. The material is encrypted (wrapped) with the public key, here in VS Code or on your own HSM.',
    ),
  wrappingKeySpec: () => l10n.t('Wrapping key spec'),
  wrappingAlgorithm: () => l10n.t('Wrapping algorithm'),
  tokenExpiredHint: () => l10n.t(' — press {0} to import.', BUTTON.getNewParameters),
  tokenFromFile: () => l10n.t('Using the import token loaded with the wrapped material.'),
  noParameters: () => l10n.t('No wrapping parameters yet.'),

  materialStep: () => l10n.t('2. Key material'),
  noMaterialChosen: () => l10n.t('No key material chosen yet.'),

  backupStep: () => l10n.t('3. Backup'),
  backupRequired: () =>
    l10n.t(
      'Save a copy of the generated key material before you import it. KMS never gives it back: if it is deleted or expires, only the same bytes can be imported again — without a backup, everything encrypted under this key is lost.',
    ),
  backupDeclined: () =>
    l10n.t(
      'No backup. Deleted or expired key material can then never be imported again. Until you import, {0} still saves one.',
      BUTTON.saveBackup,
    ),
  backupNotNeeded: () => l10n.t('Needed only for material generated here: material from a file is already backed up.'),

  optionsStep: () => l10n.t('4. Import options'),
  expiration: () => l10n.t('Expiration'),
  neverExpires: () => l10n.t('Key material does not expire'),
  expiresOnDate: () => l10n.t('Key material expires'),
  expirationDateLabel: () => l10n.t('Expiration date (at most 365 days from now)'),
  expiresOn: () => l10n.t('Expires on (at most 365 days from now)'),
  importAs: () => l10n.t('Import as'),
  existingMaterial: () => l10n.t('Existing key material (re-import the same bytes)'),
  newMaterial: () => l10n.t('New key material (for rotation)'),
  descriptionPlaceholder: () => l10n.t('e.g. 2026 key from HSM-A'),
  descriptionLabel: () => l10n.t('Key material description (optional)'),

  importStep: () => l10n.t('5. Import'),
  completeStepsFirst: () => l10n.t('Complete steps 1–3 first.'),
});

/** "Key material: my-key": the page's heading, by alias (without `alias/`) or key id. */
export function keyHeading(name: string): string {
  return l10n.t('Key material: {0}', name);
}

/** The label of a material's Delete or Re-import button, by the start of its id. */
export function deleteMaterialLabel(shortId: string): string {
  return l10n.t('Delete key material {0}', shortId);
}

export function reimportMaterialLabel(shortId: string): string {
  return l10n.t('Re-import key material {0}', shortId);
}

/** Why a key in this state takes no import; `state` as the Keys tree words it. */
export function stateRefusesImport(state: string): string {
  return l10n.t('Key state: {0}. KMS does not import key material into a key in this state.', state);
}

/** "RSA_2048 · RSAES_OAEP_SHA_256 · import token ", followed by the token's countdown. */
export function parametersSummary(spec: string, algorithm: string): string {
  return l10n.t('{0} · {1} · import token ', spec, algorithm);
}

/** Step 2's hint: "A SYMMETRIC_DEFAULT key takes 32 random bytes." (the format comes translated from the host). */
export function materialFormatHint(keySpec: string, format: string): string {
  return l10n.t('A {0} key takes {1}.', keySpec, format);
}

/** Where the backup went; `file` is undefined when the host did not say. */
export function backupSaved(file: string | undefined): string {
  return l10n.t('Backup saved to {0} (readable by you only). Keep it safe: it is the key.', file ?? l10n.t('a file'));
}
