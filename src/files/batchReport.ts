import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { BatchItem } from '../aws/envelope/types';
import { describeError } from '../core/errors';
import type { Logger } from '../platform/logger';
import { showLogToast } from '../ui/showLogToast';

/**
 * Tells the user how a file command went. One file that failed: its error is thrown, so the command wrapper shows
 * it with its next step. Several files: one message, with each failure named and logged; the files that worked
 * stay done.
 */
export function reportOutcome<R>(
  verb: string,
  items: Array<BatchItem<R>>,
  skipped: Array<{ path: string; reason: string }>,
  log: Logger,
  detail = '',
): void {
  const failed = items.filter((item): item is Extract<BatchItem<R>, { ok: false }> => !item.ok);
  const done = items.length - failed.length;
  for (const item of failed) {
    log.warn(`${verb}: ${item.path} failed: ${describeError(item.error)}`, 'files');
  }
  for (const item of skipped) {
    log.info(`${verb}: ${item.path} skipped: ${item.reason}`, 'files');
  }
  if (done === 0 && failed.length === 1 && skipped.length === 0) {
    throw failed[0].error;
  }

  const total = items.length + skipped.length;
  const summary =
    total === 1
      ? vscode.l10n.t({
          message: '{0} {1}',
          args: [verb, basename(items[0]?.path ?? skipped[0].path)],
          comment: ['{0} is the verb ("Encrypted"), {1} a file name'],
        })
      : vscode.l10n.t({
          message: '{0} {1} of {2} files',
          args: [verb, done, total],
          comment: ['{0} is the verb ("Encrypted"), {1} and {2} numbers'],
        });
  if (failed.length === 0 && skipped.length === 0) {
    void vscode.window.showInformationMessage(`${summary}${detail ? ` ${detail}` : ''}.`);
    return;
  }
  const problems = [
    ...failed.map((item) => `${basename(item.path)}: ${item.error.message}`),
    ...skipped.map((item) => `${basename(item.path)}: ${item.reason}`),
  ];
  const notDone =
    problems.length === 1
      ? vscode.l10n.t('{0}. Not done: {1}', summary, problems[0])
      : vscode.l10n.t('{0}. {1} not done: {2}', summary, problems.length, problems.join(' · '));
  showLogToast('warning', notDone, log);
}
