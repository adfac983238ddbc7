/**
 * The l10n bundle handed from the host to a webview inside its HTML: a `<script type="application/json">` data block,
 * which the CSP does not run (only scripts with the nonce run) and the webview reads before it renders anything.
 */

/** The id of the data block in the page. */
export const L10N_BUNDLE_ID = 'l10n-bundle';

export type L10nBundle = Record<string, string>;

/**
 * The data block's HTML. The text of a script element is raw (no entities), so the JSON itself must hold no `<`
 * (which could close the element or open a comment) and no `>` or `&`: JSON.stringify puts these characters only
 * inside strings, where `\u003c` and its kind mean the same. U+2028 and U+2029 are escaped for old parsers' sake.
 */
export function l10nDataBlock(bundle: L10nBundle | undefined): string {
  const json = JSON.stringify(bundle ?? {}).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `<script type="application/json" id="${L10N_BUNDLE_ID}">${json}</script>`;
}

/** The bundle back from the data block's text; anything but an object of strings is no bundle (the page stays English). */
export function parseL10nBundle(text: string | null | undefined): L10nBundle | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const entries = Object.entries(value);
  if (entries.length === 0 || !entries.every(([, text]) => typeof text === 'string')) {
    return undefined;
  }
  return Object.fromEntries(entries) as L10nBundle;
}
