/**
 * A table of texts looked up when read, not when the module loads: a webview configures @vscode/l10n with the host's
 * bundle only after its modules have run, and the host's bundle is set in activate(). Each entry stays a literal
 * `l10n.t('…')` call, so the texts can still be found by string extraction.
 */
export function lazyTexts<Name extends string>(texts: Record<Name, () => string>): Readonly<Record<Name, string>> {
  const table = {} as Record<Name, string>;
  for (const [name, text] of Object.entries<() => string>(texts)) {
    Object.defineProperty(table, name, { get: text, enumerable: true });
  }
  return table;
}
