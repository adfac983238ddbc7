import { basename } from 'node:path';
import * as vscode from 'vscode';
import { isEncryptedDocument } from './encryptedDocuments';

/**
 * An encrypted file opened in the normal editor shows its base64 armour; typing there would damage the message.
 * So the editor offers the decrypted view: a CodeLens above the first line, and a warning in the status bar while
 * that editor is active. Not a notification: a toast cannot be withdrawn, and one that still said "is encrypted"
 * after the file was decrypted misled. The status-bar entry goes as soon as the file is no longer encrypted.
 */
export class EncryptedFileOffers implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly offers = new vscode.EventEmitter<vscode.Uri>();
  /** The status bar started offering Open Decrypted for this file. */
  readonly onDidOffer = this.offers.event;
  private readonly item = vscode.window.createStatusBarItem(
    'awsKms.encryptedFileOffer',
    vscode.StatusBarAlignment.Left,
    100,
  );
  private readonly listeners: vscode.Disposable[];
  private offered: vscode.Uri | undefined;
  private checks = 0;

  constructor() {
    this.item.name = vscode.l10n.t('AWS KMS: encrypted file');
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.listeners = [
      vscode.window.onDidChangeActiveTextEditor(() => {
        void this.check();
      }),
      vscode.workspace.onDidChangeTextDocument(({ document }) => {
        if (document === vscode.window.activeTextEditor?.document) {
          void this.check();
        }
      }),
    ];
    void this.check();
  }

  /** The file the status bar offers to open decrypted, if any. */
  get offeredFile(): vscode.Uri | undefined {
    return this.offered;
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!(await isEncryptedDocument(document))) {
      return [];
    }
    const range = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(range, {
        title: vscode.l10n.t('$(unlock) Open Decrypted'),
        command: 'awsKms.file.openDecrypted',
        arguments: [document.uri],
        tooltip: vscode.l10n.t('Edit the plaintext in memory; saving encrypts it again with the same keys and context'),
      }),
      new vscode.CodeLens(range, {
        title: vscode.l10n.t('$(info) Show Envelope Info'),
        command: 'awsKms.file.showEnvelopeInfo',
        arguments: [document.uri],
      }),
    ];
  }

  /** Shows or hides the status-bar offer for the active editor; a later check supersedes an earlier one. */
  private async check(): Promise<void> {
    const check = ++this.checks;
    const document = vscode.window.activeTextEditor?.document;
    const encrypted = document !== undefined && (await isEncryptedDocument(document));
    if (check !== this.checks) {
      return;
    }
    if (!encrypted) {
      this.offered = undefined;
      this.item.hide();
      return;
    }
    const name = basename(document.uri.fsPath);
    const isNew = this.offered?.toString() !== document.uri.toString();
    this.offered = document.uri;
    this.item.text = vscode.l10n.t('$(lock) {0} is encrypted: Open Decrypted', name);
    this.item.tooltip = vscode.l10n.t(
      '{0} is encrypted with AWS KMS. Open it decrypted to edit it: editing the encrypted text here would damage it.',
      name,
    );
    this.item.command = {
      title: vscode.l10n.t('Open Decrypted'),
      command: 'awsKms.file.openDecrypted',
      arguments: [document.uri],
    };
    this.item.show();
    if (isNew) {
      this.offers.fire(document.uri);
    }
  }

  dispose(): void {
    this.listeners.forEach((listener) => listener.dispose());
    this.item.dispose();
    this.offers.dispose();
  }
}
