import * as vscode from 'vscode';
import { markdownInert } from '../core/markdownText';
import { envelopeInfoMarkdown } from './model/envelopeInfoText';
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
      info = vscode.l10n.t(
        'This file starts like an AWS Encryption SDK message, but its header cannot be read: {0}',
        markdownInert((error as Error).message),
      );
    }
    const markdown = new vscode.MarkdownString(undefined, true);
    markdown.isTrusted = { enabledCommands: ['awsKms.file.openDecrypted', 'awsKms.file.showEnvelopeInfo'] };
    const arg = encodeURIComponent(JSON.stringify([document.uri.toJSON()]));
    markdown.appendMarkdown(info);
    markdown.appendMarkdown(
      `\n\n${vscode.l10n.t({
        message: '[$(unlock) Open Decrypted]({0}) · [$(info) Show Envelope Info]({1})',
        args: [`command:awsKms.file.openDecrypted?${arg}`, `command:awsKms.file.showEnvelopeInfo?${arg}`],
        comment: ['{0} and {1} are command links: keep the Markdown link syntax and the $(icon) names'],
      })}`,
    );
    return new vscode.Hover(markdown, document.lineAt(0).range);
  }
}
