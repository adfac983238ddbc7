import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { CancelledError, KmsExtensionError } from '../core/errors';
import { activeResource } from './detection';

/**
 * The files a file command acts on: the explorer's multi-selection (`uris`), the clicked file (`uri`), else the
 * active editor's file. Only files on disk: an untitled editor or a remote file system is refused with a reason.
 */
export async function resolveTargets(uri: unknown, uris: unknown): Promise<vscode.Uri[]> {
  const many = Array.isArray(uris) ? uris.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
  const chosen = many.length > 0 ? many : uri instanceof vscode.Uri ? [uri] : activeTarget();
  if (chosen.length === 0) {
    throw new KmsExtensionError(
      'NoFile',
      vscode.l10n.t('No file to act on: open a file in an editor, or select files in the Explorer.'),
    );
  }
  const targets: vscode.Uri[] = [];
  for (const target of chosen) {
    if (target.scheme !== 'file') {
      throw new KmsExtensionError('NotAFile', notOnDisk(basename(target.path) || target.toString(), target.scheme));
    }
    const info = await stat(target.fsPath).catch(() => undefined);
    if (!info) {
      throw new KmsExtensionError('FileError', vscode.l10n.t('{0} does not exist.', target.fsPath));
    }
    if (info.isDirectory()) {
      throw new KmsExtensionError(
        'NotAFile',
        vscode.l10n.t('{0} is a folder: select the files in it instead.', basename(target.fsPath)),
      );
    }
    if (!targets.some((t) => t.fsPath === target.fsPath)) {
      targets.push(target);
    }
  }
  return targets;
}

function notOnDisk(name: string, scheme: string): string {
  return vscode.l10n.t({
    message: '{0} is not a file on disk ({1}): save it to a file first.',
    args: [name, scheme],
    comment: ['{0} is a file or editor name, {1} a URI scheme such as untitled'],
  });
}

function activeTarget(): vscode.Uri[] {
  const active = activeResource();
  if (active) {
    return [active];
  }
  const document = vscode.window.activeTextEditor?.document;
  if (document) {
    throw new KmsExtensionError(
      'NotAFile',
      notOnDisk(basename(document.uri.path) || vscode.l10n.t('This editor'), document.uri.scheme),
    );
  }
  return [];
}

export type DirtyChoice = 'save' | 'cancel';

/**
 * Unsaved changes would be lost or left out: encrypting changes the file under the editor. Asks to save them first
 * (or cancel); `preset` answers for tests and API callers.
 */
export async function saveDirtyEditors(targets: vscode.Uri[], preset?: DirtyChoice): Promise<void> {
  const dirty = vscode.workspace.textDocuments.filter(
    (doc) => doc.isDirty && targets.some((t) => t.fsPath === doc.uri.fsPath && doc.uri.scheme === 'file'),
  );
  if (dirty.length === 0) {
    return;
  }
  const save = vscode.l10n.t('Save and Continue');
  const names = dirty.map((doc) => basename(doc.uri.fsPath)).join(', ');
  const choice =
    preset ??
    ((await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} has unsaved changes. Save before continuing?', names),
      {
        modal: true,
        detail: vscode.l10n.t('The command works on the file on disk; unsaved changes would be left out.'),
      },
      save,
    )) === save
      ? 'save'
      : 'cancel');
  if (choice !== 'save') {
    throw new CancelledError();
  }
  for (const doc of dirty) {
    if (!(await doc.save())) {
      throw new KmsExtensionError(
        'SaveFailed',
        vscode.l10n.t('{0} could not be saved: nothing was changed.', basename(doc.uri.fsPath)),
      );
    }
  }
}

/**
 * Makes open editors show what is now on disk: a text document that is not dirty is reverted to the file's content
 * (VS Code's watcher would get there too, but later and not for every file system).
 */
export async function reloadOpenEditors(targets: vscode.Uri[]): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.uri.scheme === 'file' && !doc.isDirty && targets.some((t) => t.fsPath === doc.uri.fsPath)) {
      await vscode.commands.executeCommand('workbench.action.files.revert', doc.uri);
    }
  }
}
