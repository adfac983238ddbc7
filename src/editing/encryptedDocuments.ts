import * as vscode from 'vscode';
import { sniffEnvelope } from '../core/envelopeFormat';

/**
 * Whether a text document shows an encrypted file (its armoured ESDK message), from its first lines: by content,
 * never by file name (DESIGN.md §2). The quick byte check runs first; the header parser only for candidates.
 */
const PREFIX_LINES = 64;

export async function isEncryptedDocument(document: vscode.TextDocument): Promise<boolean> {
  if (document.uri.scheme !== 'file' || document.lineCount === 0) {
    return false;
  }
  const head = Buffer.from(document.lineAt(0).text.slice(0, 16), 'utf8');
  if (!sniffEnvelope(head)) {
    return false;
  }
  const prefix = Buffer.from(
    document.getText(new vscode.Range(0, 0, Math.min(document.lineCount, PREFIX_LINES), 0)),
    'utf8',
  );
  const { detectEnvelope } = await import('../core/envelopeHeader');
  return detectEnvelope(prefix) !== undefined;
}
