import * as vscode from 'vscode';
import { envelopeInfoMarkdown, escape } from './model/envelopeInfoText';
import { isEncryptedDocument } from './encryptedDocuments';
import { inspectFile } from './envelopeInfo';

/** The envelope info as a hover on the first line of an encrypted file, with Open Decrypted: no KMS call. */
export class EnvelopeHoverProvider implements vscode.HoverProvider {
  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    if (position.line !== 0 || !(await isEncryptedDocument(document))) {
      return undefined;
    }
    let info: string;
    try {
      info = envelopeInfoMarkdown(await inspectFile(document.uri), { title: false });
    } catch (error) {
      info = `This file starts like an AWS Encryption SDK message, but its header cannot be read: ${escape((error as Error).message)}`;
    }
    const markdown = new vscode.MarkdownString(undefined, true);
    markdown.isTrusted = { enabledCommands: ['awsKms.file.openDecrypted', 'awsKms.file.showEnvelopeInfo'] };
    const arg = encodeURIComponent(JSON.stringify([document.uri.toJSON()]));
    markdown.appendMarkdown(info);
    markdown.appendMarkdown(
      `\n\n[$(unlock) Open Decrypted](command:awsKms.file.openDecrypted?${arg}) · ` +
        `[$(info) Show Envelope Info](command:awsKms.file.showEnvelopeInfo?${arg})`,
    );
    return new vscode.Hover(markdown, document.lineAt(0).range);
  }
}
