import * as vscode from 'vscode';
import { CancelledError } from '../core/errors';

/** A modal warning with one action: returns when the user chose it, else cancels the command quietly. */
export async function confirmOrCancel(question: string, detail: string[], action: string): Promise<void> {
  const choice = await vscode.window.showWarningMessage(question, { modal: true, detail: detail.join('\n') }, action);
  if (choice !== action) { throw new CancelledError(); }
}
