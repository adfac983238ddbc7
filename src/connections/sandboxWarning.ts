import * as vscode from 'vscode';
import type { Connection } from '../aws/connection';

/**
 * The line an encrypting confirmation adds on the sandbox connection: its keys live in a local file, so what they
 * encrypt is protected by nothing and decrypts only where that sandbox's state is. An ARN of account 111122223333
 * alone does not say so.
 */
export function sandboxLines(connection: Connection | undefined): string[] {
  return connection?.kind === 'sandbox'
    ? [
        vscode.l10n.t(
          'These are local sandbox keys, not AWS KMS: they protect nothing, and only this sandbox can decrypt the result. Use an AWS connection for real secrets.',
        ),
      ]
    : [];
}
