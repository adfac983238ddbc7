/** A tiny element builder: text goes in as text nodes (never HTML), so nothing the host sends can inject markup. */

type Child = Node | string | false | undefined | null;
type Attrs = Record<string, string | boolean | number | undefined>;

export function h(tag: string, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) {
      continue;
    }
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

/** A button that runs `onClick` (click, Enter or Space: vscode-button handles the keys). */
export function button(id: string, label: string, onClick: () => void, attrs: Attrs = {}): HTMLElement {
  const el = h('vscode-button', { id, ...attrs }, label);
  el.addEventListener('click', () => {
    if (!el.hasAttribute('disabled')) {
      onClick();
    }
  });
  return el;
}
