import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { Inspection } from '../aws/envelope/types';
import { envelopeInfoMarkdown } from './model/envelopeInfoText';

/**
 * Show Envelope Info: a read-only Markdown document, shown rendered beside the editor, with what the file's header says. It reads
 * the file only (engine's inspectEnvelopeFile): no connection, no KMS call.
 */
export const ENVELOPE_INFO_SCHEME = 'awskms-envelope-info';

export async function inspectFile(file: vscode.Uri): Promise<Inspection> {
  const { inspectEnvelopeFile } = await import('../aws/envelope/engine');
  return inspectEnvelopeFile(file.fsPath);
}

/** `awskms-envelope-info:/<name> (envelope).md?<file path>`: the content is made from the file when it is shown. */
export class EnvelopeInfoDocuments implements vscode.TextDocumentContentProvider {
  static uriFor(file: vscode.Uri): vscode.Uri {
    return vscode.Uri.from({
      scheme: ENVELOPE_INFO_SCHEME,
      // The path is the tab's title; the file is named by the query.
      path: `/${vscode.l10n.t('{0} (envelope)', basename(file.fsPath))}.md`,
      query: file.fsPath,
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    return envelopeInfoMarkdown(await inspectFile(vscode.Uri.file(uri.query)));
  }
}

/**
 * Opens the info of `file` beside the active editor, rendered (the built-in Markdown preview), or as Markdown text
 * when the Markdown extension is disabled; returns its text.
 */
export async function showEnvelopeInfo(file: vscode.Uri): Promise<string> {
  await inspectFile(file); // a file that is not an envelope fails here, as a command error, before a tab opens
  const document = await vscode.workspace.openTextDocument(EnvelopeInfoDocuments.uriFor(file));
  // The command activates the built-in Markdown extension (so it is not listed before); it fails if that is disabled.
  const rendered = await vscode.commands.executeCommand('markdown.showPreviewToSide', document.uri).then(
    () => true,
    () => false,
  );
  if (!rendered) {
    await vscode.window.showTextDocument(document, {
      viewColumn: vscode.ViewColumn.Beside,
      preview: true,
      preserveFocus: true,
    });
  }
  return document.getText();
}
