import * as vscode from 'vscode';
import { CancelledError } from '../core/errors';

/**
 * The one confirmation of the extension: a modal warning with one verb button (never "OK"), since every action it
 * guards changes or deletes something. True when the user pressed the button.
 */
export async function confirmed(message: string, detail: string, button: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, button)) === button;
}

/**
 * The same for a command: returns when the user pressed the button and otherwise cancels the command quietly.
 * `preconfirmed` (tests, and callers that already asked) skips the dialog.
 */
export async function confirmOrCancel(
  message: string,
  detail: string,
  button: string,
  preconfirmed?: boolean,
): Promise<void> {
  if (preconfirmed !== true && !(await confirmed(message, detail, button))) {
    throw new CancelledError();
  }
}
