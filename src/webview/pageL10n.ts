import * as l10n from '@vscode/l10n';
import { L10N_BUNDLE_ID, parseL10nBundle } from '../shared/l10nDataBlock';

/** The part of the page's document this reads (a Document; a stand-in in Node tests). */
export interface PageDocument {
  getElementById(id: string): { textContent: string | null } | null;
}

/**
 * Gives @vscode/l10n the bundle the host put in the page (see l10nDataBlock). Called before anything renders; with no
 * bundle (English, or a block that is not one) the texts stay as written.
 */
export function configureL10n(doc: PageDocument): void {
  const bundle = parseL10nBundle(doc.getElementById(L10N_BUNDLE_ID)?.textContent);
  if (bundle) {
    l10n.config({ contents: bundle });
  }
}
