import { basename } from 'node:path';
import * as vscode from 'vscode';
import { isEncryptedDocument } from './encryptedDocuments';

/**
 * An encrypted file opened in the normal editor shows its base64 armour; typing there would damage the message.
 * So the editor offers the decrypted view: a CodeLens above the first line, and once per file and session a
 * notification with "Open Decrypted".
 */
export class EncryptedFileOffers implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly offered = new Set<string>();
  private readonly offers = new vscode.EventEmitter<vscode.Uri>();
  /** A notification offered Open Decrypted for this file. */
  readonly onDidOffer = this.offers.event;
  private readonly listener: vscode.Disposable;

  constructor() {
    this.listener = vscode.window.onDidChangeActiveTextEditor((editor) => { if (editor) { void this.offer(editor.document); } });
    const active = vscode.window.activeTextEditor;
    if (active) { void this.offer(active.document); }
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!(await isEncryptedDocument(document))) { return []; }
    const range = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(range, { title: '$(unlock) Open Decrypted', command: 'awsKms.file.openDecrypted', arguments: [document.uri],
        tooltip: 'Edit the plaintext in memory; saving encrypts it again with the same keys and context' }),
      new vscode.CodeLens(range, { title: '$(info) Show Envelope Info', command: 'awsKms.file.showEnvelopeInfo', arguments: [document.uri] }),
    ];
  }

  private async offer(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    if (this.offered.has(key) || !(await isEncryptedDocument(document))) { return; }
    this.offered.add(key);
    this.offers.fire(document.uri);
    const open = 'Open Decrypted';
    const choice = await vscode.window.showInformationMessage(
      `${basename(document.uri.fsPath)} is encrypted with AWS KMS. Open it decrypted to edit it: editing the encrypted text here would damage it.`, open);
    if (choice === open) { await vscode.commands.executeCommand('awsKms.file.openDecrypted', document.uri); }
  }

  dispose(): void {
    this.listener.dispose();
    this.offers.dispose();
  }
}
