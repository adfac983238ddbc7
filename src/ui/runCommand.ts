import * as vscode from 'vscode';
import { describeError, isCancelled, KmsExtensionError, type NextStep } from '../core/errors';
import type { CommandId } from '../shared/commandIds';
import type { Logger } from '../platform/logger';

export type CommandHandler = (...args: unknown[]) => unknown;

/** The buttons an error offers, by the next step it names, and the command each runs. */
const NEXT_STEP_ACTIONS: Partial<Record<NextStep, { title: string; command: string; args?: unknown[] }>> = {
  selectConnection: { title: 'Select Connection', command: 'awsKms.connection.select' },
  useSandbox: { title: 'Use Sandbox', command: 'awsKms.connection.useSandbox' },
  selectRegion: { title: 'Select Region', command: 'awsKms.connection.selectRegion' },
  checkEndpoint: { title: 'Open Settings', command: 'workbench.action.openSettings', args: ['awsKms.endpointUrl'] },
  ssoLogin: { title: 'Reload AWS Configuration', command: 'awsKms.connection.reload' },
  reloadCredentials: { title: 'Reload AWS Configuration', command: 'awsKms.connection.reload' },
  openSettings: { title: 'Open Settings', command: 'workbench.action.openSettings', args: ['awsKms'] },
  importMaterial: { title: 'Import Key Material', command: 'awsKms.key.importMaterial' },
  enableKey: { title: 'Enable Key', command: 'awsKms.key.enable' },
};

/**
 * Runs a command: logs failures with context, ignores cancellation, and shows one error message with the next
 * step and "Show Log".
 */
export async function runCommand(
  id: CommandId,
  handler: CommandHandler,
  args: unknown[],
  log: Logger,
): Promise<unknown> {
  try {
    return await handler(...args);
  } catch (error) {
    if (isCancelled(error)) {
      log.debug(`${id}: cancelled`, 'commands');
      return undefined;
    }
    log.error(`${id} failed: ${describeError(error)}`, 'commands');
    showError(error, log);
    return undefined;
  }
}

export function showError(error: unknown, log: Logger): void {
  const message =
    error instanceof KmsExtensionError
      ? error.message
      : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
  const next = error instanceof KmsExtensionError && error.next ? NEXT_STEP_ACTIONS[error.next] : undefined;
  const showLog = vscode.l10n.t('Show Log');
  const buttons = next ? [next.title, showLog] : [showLog];
  void vscode.window.showErrorMessage(message, ...buttons).then((choice) => {
    if (choice === showLog) {
      log.show();
    }
    if (next && choice === next.title) {
      const target = error instanceof KmsExtensionError && error.target !== undefined ? [error.target] : [];
      void vscode.commands.executeCommand(next.command, ...(next.args ?? target));
    }
  });
}

export function registerCommands(handlers: Record<CommandId, CommandHandler>, log: Logger): vscode.Disposable[] {
  return (Object.entries(handlers) as [CommandId, CommandHandler][]).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => runCommand(id, handler, args, log)),
  );
}
