import * as vscode from 'vscode';
import { describeError, isCancelled, KmsExtensionError, type NextStep } from '../core/errors';
import type { CommandId } from '../shared/commandIds';
import type { Logger } from '../platform/logger';
import { showLogToast } from './showLogToast';

export type CommandHandler = (...args: unknown[]) => unknown;

/** The button an error offers for the next step it names, and the command that button runs. */
function nextStepAction(step: NextStep): { title: string; command: string; args?: unknown[] } | undefined {
  switch (step) {
    case 'selectConnection':
      return { title: vscode.l10n.t('Select Connection'), command: 'awsKms.connection.select' };
    case 'useSandbox':
      return { title: vscode.l10n.t('Use Sandbox'), command: 'awsKms.connection.useSandbox' };
    case 'selectRegion':
      return { title: vscode.l10n.t('Select Region'), command: 'awsKms.connection.selectRegion' };
    case 'checkEndpoint':
      return {
        title: vscode.l10n.t('Open Settings'),
        command: 'workbench.action.openSettings',
        args: ['awsKms.endpointUrl'],
      };
    case 'ssoLogin':
    case 'reloadCredentials':
      return { title: vscode.l10n.t('Reload AWS Configuration'), command: 'awsKms.connection.reload' };
    case 'openSettings':
      return { title: vscode.l10n.t('Open Settings'), command: 'workbench.action.openSettings', args: ['awsKms'] };
    case 'importMaterial':
      return { title: vscode.l10n.t('Import Key Material'), command: 'awsKms.key.importMaterial' };
    case 'enableKey':
      return { title: vscode.l10n.t('Enable Key'), command: 'awsKms.key.enable' };
    default:
      // showLog is the toast's own button; the Key material page's steps are buttons on the page.
      return undefined;
  }
}

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
      : vscode.l10n.t('Unexpected error: {0}', error instanceof Error ? error.message : String(error));
  const next = error instanceof KmsExtensionError && error.next ? nextStepAction(error.next) : undefined;
  const target = error instanceof KmsExtensionError && error.target !== undefined ? [error.target] : [];
  showLogToast(
    'error',
    message,
    log,
    next && { title: next.title, run: () => vscode.commands.executeCommand(next.command, ...(next.args ?? target)) },
  );
}

export function registerCommands(handlers: Record<CommandId, CommandHandler>, log: Logger): vscode.Disposable[] {
  return (Object.entries(handlers) as [CommandId, CommandHandler][]).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => runCommand(id, handler, args, log)),
  );
}
