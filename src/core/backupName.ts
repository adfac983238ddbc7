import * as l10n from '@vscode/l10n';

/**
 * The proposed file name of a key-material backup. It names the key, so a second key's backup is not proposed over
 * the first one's (the only copy of that material, maybe), and the moment, since KMS names the material only once it
 * is imported: e.g. "demo-byok.key-material.20261203T094512Z.bin".
 */
export function backupFileName(keyLabel: string, now: Date): string {
  // An alias may hold "/" (alias/team/app): not in a file name.
  const key =
    keyLabel
      .replace(/^alias\//, '')
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^[._]+/, '') || 'key';
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `${key}.key-material.${stamp}.bin`;
}

/** The key a backup file is for, read back from a name that backupFileName made; undefined for other names. */
export function backupKeyOf(fileName: string): string | undefined {
  return /^(.+)\.key-material\.\d{8}T\d{6}Z\.bin$/.exec(fileName)?.[1];
}

/** What overwriting a file at a backup's place can lose: the detail of the confirmation. */
export function overwriteWarning(fileName: string): string {
  const owner = backupKeyOf(fileName);
  const whose = owner
    ? l10n.t({ message: 'By its name it is the key material backup of {0}.', args: [owner], comment: ['{0} is a key'] })
    : l10n.t('It may be a key material backup of another key.');
  return l10n.t({
    message:
      '{0} If it is the only copy of that material, overwriting it loses it for good: that key could never import it again, and what it encrypted would stay undecryptable. Choose another name unless you are sure.',
    args: [whose],
    comment: ['{0} says whose backup the file may be'],
  });
}
