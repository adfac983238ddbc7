import * as vscode from 'vscode';
import type { Logger } from '../platform/logger';

/** A button of a notification and what pressing it does. */
export interface ToastAction {
  title: string;
  run: () => unknown;
}

/**
 * The one notification that points at the log: the message, the next step's button if there is one, and
 * "Show Log" last, since the log has the full cause (errors) or each file's outcome (batches).
 */
export function showLogToast(severity: 'error' | 'warning', message: string, log: Logger, next?: ToastAction): void {
  const showLog = vscode.l10n.t('Show Log');
  const buttons = next ? [next.title, showLog] : [showLog];
  const shown =
    severity === 'error'
      ? vscode.window.showErrorMessage(message, ...buttons)
      : vscode.window.showWarningMessage(message, ...buttons);
  void shown.then((choice) => {
    if (choice === showLog) {
      log.show();
    } else if (next && choice === next.title) {
      next.run();
    }
  });
}
