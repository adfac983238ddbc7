import * as vscode from 'vscode';
import { confirmed, type ConfirmPrompt } from '../ui/confirm';

/**
 * The native dialogs the Key material page opens: file choosers and the modal confirmation of destructive actions.
 * One interface so integration tests can answer them (the extension host cannot click a native dialog).
 */
export interface PageUi {
  /** A modal warning with one verb button: true when it was pressed. */
  confirm: ConfirmPrompt;
  /** A save dialog that proposes `proposed` (a full path). */
  saveFile(title: string, proposed: vscode.Uri): Promise<vscode.Uri | undefined>;
  openFile(title: string, filters?: Record<string, string[]>): Promise<vscode.Uri | undefined>;
  pickFolder(title: string): Promise<vscode.Uri | undefined>;
}

const defaultFolder = (): vscode.Uri | undefined => vscode.workspace.workspaceFolders?.[0]?.uri;

export const nativePageUi: PageUi = {
  confirm: confirmed,
  async saveFile(title, proposed) {
    return vscode.window.showSaveDialog({ title, saveLabel: vscode.l10n.t('Save'), defaultUri: proposed });
  },
  async openFile(title, filters) {
    const folder = defaultFolder();
    const picked = await vscode.window.showOpenDialog({
      title,
      canSelectFiles: true,
      canSelectFolders: false,
      canSelectMany: false,
      openLabel: vscode.l10n.t('Open'),
      ...(filters && { filters }),
      ...(folder && { defaultUri: folder }),
    });
    return picked?.[0];
  },
  async pickFolder(title) {
    const folder = defaultFolder();
    const picked = await vscode.window.showOpenDialog({
      title,
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      openLabel: vscode.l10n.t('Save Here'),
      ...(folder && { defaultUri: folder }),
    });
    return picked?.[0];
  },
};
