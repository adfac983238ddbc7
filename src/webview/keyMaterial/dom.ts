/** A tiny element builder: text goes in as text nodes (never HTML), so nothing the host sends can inject markup. */

type Child = Node | string | false | undefined | null;
type Attrs = Record<string, string | boolean | number | undefined>;

export function h(tag: string, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) { continue; }
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) { continue; }
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

/** A button that runs `onClick` (click, Enter or Space: vscode-button handles the keys). */
export function button(id: string, label: string, onClick: () => void, attrs: Attrs = {}): HTMLElement {
  const el = h('vscode-button', { id, ...attrs }, label);
  el.addEventListener('click', () => { if (!el.hasAttribute('disabled')) { onClick(); } });
  return el;
}

/** "in 3 d 4 h", "in 23:59:58", "expired": the countdowns of the page. */
export function countdown(until: number, now: number): string {
  const ms = until - now;
  if (ms <= 0) { return 'expired'; }
  const s = Math.floor(ms / 1000);
  const days = Math.floor(s / 86_400);
  if (days >= 1) { return `in ${days} d ${Math.floor((s % 86_400) / 3600)} h`; }
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `in ${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}
