import * as vscode from 'vscode';
import { CancelledError } from '../core/errors';

/**
 * The one confirmation of the extension: a modal warning with one verb button (never "OK"), since every action it
 * guards changes or deletes something. True when the user pressed the button.
 */
export async function confirmed(message: string, detail: string, button: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, button)) === button;
}

/** A confirmation's shape, for the parts that let the integration suites answer it (Key material page, saves). */
export type ConfirmPrompt = typeof confirmed;

let testDoorOpen = false;

/**
 * Called by activate() when the test door is open (see platform/testDoor.ts): only then does a command's
 * `confirmed: true` option skip its confirmation. Any extension, or a `command:` link, can pass that option to
 * `executeCommand`; none may skip a confirmation by saying it already asked.
 */
export function honourPreconfirmation(): void {
  testDoorOpen = true;
}

/** Whether a command's options skip its confirmation: `confirmed: true`, from the test suites only. */
export function preconfirmed(options: { confirmed?: unknown }): boolean {
  return testDoorOpen && options.confirmed === true;
}

/**
 * The same for a command: returns when the user pressed the button and otherwise cancels the command quietly.
 * `options.confirmed` skips the dialog for the test suites (see `preconfirmed`); callers that check `preconfirmed`
 * themselves, to skip preparing the dialog's text, pass none.
 */
export async function confirmOrCancel(
  message: string,
  detail: string,
  button: string,
  options: { confirmed?: unknown } = {},
): Promise<void> {
  if (!preconfirmed(options) && !(await confirmed(message, detail, button))) {
    throw new CancelledError();
  }
}
