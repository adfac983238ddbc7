import type { PageError } from '../aws/importErrors';

/** A failure already worded for the Key material page: shown in place, with its next step. */
export class PageFailure extends Error {
  constructor(readonly page: PageError) {
    super(page.message);
  }
}
