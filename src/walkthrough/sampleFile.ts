import * as vscode from 'vscode';
import { CancelledError } from '../core/errors';
import { createSampleFile, sampleNumber } from './createSampleFile';

/**
 * The walkthrough's file buttons act on its sample file, not on the active editor: while the user reads the
 * walkthrough, its own tab is the active editor. The sample is the last one Create Sample File made in this
 * workspace (remembered in workspaceState, so it survives a restart); when it is gone, the user may create one or
 * pick another file.
 */

const SAMPLE_FILE = 'awsKms.walkthrough.sampleFile';

export async function rememberSampleFile(state: vscode.Memento, uri: vscode.Uri): Promise<void> {
  await state.update(SAMPLE_FILE, uri.toString());
}

/** The remembered sample if it still exists, else the newest sample left in the first workspace folder. */
export async function existingSampleFile(state: vscode.Memento): Promise<vscode.Uri | undefined> {
  const remembered = state.get<string>(SAMPLE_FILE);
  if (remembered) {
    const uri = vscode.Uri.parse(remembered);
    if (
      await vscode.workspace.fs.stat(uri).then(
        () => true,
        () => false,
      )
    ) {
      return uri;
    }
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) {
    return undefined;
  }
  const entries = await vscode.workspace.fs.readDirectory(folder).then(
    (list) => list,
    () => [],
  );
  const newest = entries
    .filter(([name, type]) => type === vscode.FileType.File && sampleNumber(name) !== undefined)
    .sort(([a], [b]) => (sampleNumber(b) ?? 0) - (sampleNumber(a) ?? 0))[0];
  return newest && vscode.Uri.joinPath(folder, newest[0]);
}

export type SampleAction = 'encrypt' | 'decrypt' | 'reencrypt';

/** The file a walkthrough button acts on: the sample, else what the user chooses now. */
export async function sampleFileFor(state: vscode.Memento, action: SampleAction): Promise<vscode.Uri> {
  const existing = await existingSampleFile(state);
  if (existing) {
    return existing;
  }
  type Choice = vscode.QuickPickItem & { choice: 'create' | 'pick' };
  const create: Choice = {
    label: vscode.l10n.t('$(new-file) Create Sample File'),
    choice: 'create',
    detail:
      action === 'encrypt'
        ? vscode.l10n.t('A small file that holds nothing of value, in the workspace folder.')
        : vscode.l10n.t('Then encrypt it in the step "Encrypt a file in place".'),
  };
  const pick: Choice = {
    label:
      action === 'encrypt'
        ? vscode.l10n.t('$(folder-opened) Pick a File…')
        : vscode.l10n.t('$(folder-opened) Pick an Encrypted File…'),
    choice: 'pick',
    detail: vscode.l10n.t('Any file on disk; the command changes it in place.'),
  };
  const chosen = await vscode.window.showQuickPick<Choice>(action === 'encrypt' ? [create, pick] : [pick, create], {
    title: vscode.l10n.t("The walkthrough's sample file does not exist"),
    placeHolder: vscode.l10n.t('Create the sample file, or pick the file to act on'),
    ignoreFocusOut: true,
  });
  if (!chosen) {
    throw new CancelledError();
  }
  if (chosen.choice === 'create') {
    const created = await createSampleFile();
    await rememberSampleFile(state, created);
    if (action !== 'encrypt') {
      // A new sample is plaintext: decrypting or re-encrypting it now would only fail.
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          'Created the sample file. Encrypt it first, with the Encrypt File button of the step "Encrypt a file in place".',
        ),
      );
      throw new CancelledError();
    }
    return created;
  }
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: false,
    canSelectMany: false,
    title: vscode.l10n.t('File for the walkthrough'),
    openLabel:
      action === 'encrypt'
        ? vscode.l10n.t('Encrypt')
        : action === 'decrypt'
          ? vscode.l10n.t('Decrypt')
          : vscode.l10n.t('Re-encrypt'),
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  if (!picked?.[0]) {
    throw new CancelledError();
  }
  await rememberSampleFile(state, picked[0]);
  return picked[0];
}
