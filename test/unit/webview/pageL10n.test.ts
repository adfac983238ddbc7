import * as l10n from '@vscode/l10n';
import assert from 'node:assert/strict';
import { BUTTON } from '../../../src/shared/keyMaterialButtons';
import { L10N_BUNDLE_ID, l10nDataBlock } from '../../../src/shared/l10nDataBlock';
import { TEXT } from '../../../src/webview/keyMaterial/texts';
import { configureL10n, type PageDocument } from '../../../src/webview/pageL10n';

/** A page holding what pageHtml writes for `bundle`: the data block's text, read as a browser reads script text. */
function pageWith(html: string): PageDocument {
  const text = /^<script type="application\/json" id="([^"]+)">(.*)<\/script>$/s.exec(html);
  assert.ok(text, html);
  return { getElementById: (id) => (id === text[1] ? { textContent: text[2] ?? null } : null) };
}

describe("the webview takes the host's translations from the page", () => {
  afterEach(() => l10n.config({ contents: {} }));

  it('translates with the bundle the host embedded, from the first text it writes', () => {
    configureL10n(pageWith(l10nDataBlock({ 'Import key material': '</script>Schlüsselmaterial importieren' })));
    assert.equal(BUTTON.import, '</script>Schlüsselmaterial importieren');
    assert.equal(TEXT.importHeading, '</script>Schlüsselmaterial importieren');
  });

  it('stays English with no bundle (English), no block, or a block that is not a bundle', () => {
    const pages: PageDocument[] = [
      pageWith(l10nDataBlock(undefined)),
      { getElementById: () => null },
      { getElementById: (id) => (id === L10N_BUNDLE_ID ? { textContent: '{"Import key material": 1' } : null) },
    ];
    for (const page of pages) {
      configureL10n(page);
      assert.equal(BUTTON.import, 'Import key material');
    }
  });
});
