import * as l10n from '@vscode/l10n';
import { EXPIRED_IMPORT_TOKEN, type PageError } from '../../aws/importErrors';
import { KmsExtensionError } from '../../core/errors';
import { InvalidMessageError } from './pageMessages';

/** A failure already worded for the Key material page: shown in place, with its next step. */
export class PageFailure extends Error {
  constructor(readonly page: PageError) {
    super(page.message);
  }
}

/** What the page shows when an action failed: its own wording, the extension's, or (unexpected) the bare cause. */
export function pageErrorOf(error: unknown): PageError {
  if (error instanceof PageFailure) {
    return error.page;
  }
  if (error instanceof KmsExtensionError) {
    return {
      message: error.message,
      code: error.code,
      ...(error.code === EXPIRED_IMPORT_TOKEN && { next: 'newParameters' as const }),
    };
  }
  if (error instanceof InvalidMessageError) {
    return { message: error.message };
  }
  return {
    message: l10n.t({
      message: 'Unexpected error: {0}',
      args: [error instanceof Error ? error.message : String(error)],
      comment: ['{0} is the cause, as the failing code worded it'],
    }),
  };
}
