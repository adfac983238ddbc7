import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { ArmorMode } from '../aws/envelope/types';
import type { EnvelopeEncoding } from '../core/envelopeFormat';
import { firstNames } from '../core/nameList';

/** "a.txt, b.txt, c.txt, d.txt, e.txt and 7 more": the files of a batch, by name. */
export function fileNames(paths: readonly string[]): string {
  const { shown, more } = firstNames(paths.map((path) => basename(path)));
  const list = shown.join(', ');
  return more === 0
    ? list
    : vscode.l10n.t({
        message: '{0} and {1} more',
        args: [list, more],
        comment: ['{0} is a list of file names, {1} a number'],
      });
}

/** What a batch confirmation says about its files: the count, then which ones. */
export function batchLine(paths: readonly string[]): string[] {
  return paths.length > 1
    ? [
        vscode.l10n.t({
          message: 'Files ({0}): {1}',
          args: [paths.length, fileNames(paths)],
          comment: ['{0} is a number, {1} a list of file names'],
        }),
      ]
    : [];
}

/**
 * How the encrypted files will be stored, file by file as the engine decides it: "base64 text" or "binary",
 * and why (the awsKms.encryption.armor setting, or the content of the file under `auto`).
 */
export function storedAsLine(mode: ArmorMode, encodings: ReadonlyMap<string, EnvelopeEncoding>): string {
  const name = (encoding: EnvelopeEncoding): string =>
    encoding === 'base64' ? vscode.l10n.t('base64 text (76-column lines)') : vscode.l10n.t('binary (the raw message)');
  if (mode !== 'auto') {
    return vscode.l10n.t({
      message: 'Stored as: {0}, as awsKms.encryption.armor says',
      args: [name(mode)],
      comment: ['{0} is "base64 text…" or "binary…"'],
    });
  }
  const base64 = [...encodings].filter(([, e]) => e === 'base64').map(([path]) => path);
  const binary = [...encodings].filter(([, e]) => e === 'binary').map(([path]) => path);
  if (base64.length === 0 || binary.length === 0) {
    const encoding: EnvelopeEncoding = binary.length === 0 ? 'base64' : 'binary';
    const text = encoding === 'base64';
    const because =
      encodings.size === 1
        ? text
          ? vscode.l10n.t('the file is text')
          : vscode.l10n.t('the file is not text')
        : text
          ? vscode.l10n.t('the files are text')
          : vscode.l10n.t('the files are not text');
    return vscode.l10n.t({
      message: 'Stored as: {0}, since {1}',
      args: [name(encoding), because],
      comment: ['{0} is "base64 text…" or "binary…", {1} the reason'],
    });
  }
  return vscode.l10n.t({
    message: 'Stored as: {0} for {1}; {2} for {3} (not text)',
    args: [name('base64'), fileNames(base64), name('binary'), fileNames(binary)],
    comment: ['{0} and {2} name the encodings, {1} and {3} list file names'],
  });
}
