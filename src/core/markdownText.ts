/** Markdown-inert text: every punctuation character that Markdown or HTML could act on is backslash-escaped. */
export function markdownInert(text: string): string {
  return text.replace(/[\\`*_{}[\]()#!|<>~&]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
}
