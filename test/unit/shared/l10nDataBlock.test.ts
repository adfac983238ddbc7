import assert from 'node:assert/strict';
import { L10N_BUNDLE_ID, l10nDataBlock, parseL10nBundle } from '../../../src/shared/l10nDataBlock';

/** The block's text as a browser reads it: everything up to the first `</script` (script text knows no entities). */
function blockText(html: string): string {
  const open = `<script type="application/json" id="${L10N_BUNDLE_ID}">`;
  assert.ok(html.startsWith(open), html);
  return html.slice(open.length, html.search(/<\/script/i));
}

describe('the l10n bundle embedded in a webview page', () => {
  const hostile = {
    'Key material': '</script><script>alert(1)</script>',
    Loading: '<!-- <script> -->',
    Refresh: 'say "hi" & \'bye\' > </SCRIPT >',
    'Line\u2028break': 'para\u2029graph',
    '{0} · {1}': 'Schlüssel {0} — {1} ✓',
  };

  it('comes back from the page exactly as the host gave it, whatever the translations hold', () => {
    assert.deepEqual(parseL10nBundle(blockText(l10nDataBlock(hostile))), hostile);
  });

  it('holds nothing that could end the block, open a comment or a script, in any case', () => {
    const html = l10nDataBlock(hostile);
    const text = blockText(html);
    assert.equal(html, `<script type="application/json" id="${L10N_BUNDLE_ID}">${text}</script>`);
    for (const c of ['<', '>', '&', '\u2028', '\u2029']) {
      assert.ok(!text.includes(c), `no ${JSON.stringify(c)} in ${text}`);
    }
  });

  it('is an empty object in English (no bundle), which the page takes for no bundle', () => {
    const html = l10nDataBlock(undefined);
    assert.equal(blockText(html), '{}');
    assert.equal(parseL10nBundle(blockText(html)), undefined);
  });

  it('is no bundle when the block is missing or is not an object of strings', () => {
    for (const text of [
      null,
      undefined,
      '',
      'not json',
      '[]',
      '["a"]',
      '"text"',
      '42',
      'null',
      '{"a":1}',
      '{"a":{}}',
    ]) {
      assert.equal(parseL10nBundle(text), undefined, String(text));
    }
  });
});
