import * as vscode from 'vscode';
import type { CommandId } from '../shared/commandIds';

/** A button of a notification that runs one of the extension's commands. */
export interface CommandButton {
  title: string;
  command: CommandId;
  args?: unknown[];
}

/** An information message that offers the next step as a button: pressing it runs the command. */
export function offerCommand(message: string, next: CommandButton): void {
  void vscode.window.showInformationMessage(message, next.title).then((choice) => {
    if (choice === next.title) {
      void vscode.commands.executeCommand(next.command, ...(next.args ?? []));
    }
  });
}
