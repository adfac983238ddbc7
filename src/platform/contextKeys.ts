import * as vscode from 'vscode';

/** Context keys the manifest's `when` clauses read. */
export type ContextKey = 'awsKms.connectionState' | `awsKms.done.${string}`;
export type ConnectionState = 'connected' | 'none' | 'error' | 'loading';

export function setContext(key: ContextKey, value: string | boolean): void {
  void vscode.commands.executeCommand('setContext', key, value);
}
