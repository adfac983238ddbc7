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

/** The value of a vscode-elements control (a text field, a select, a radio). */
export function valueOf(el: EventTarget | null): string {
  return (el as HTMLElement & { value: string }).value;
}

/** A labelled form field: the label names the control for assistive technology (`for` the control's id). */
export function field(label: string, control: HTMLElement, forId?: string): HTMLElement {
  return h('div', { class: 'field' }, h('vscode-label', { for: forId }, label), control);
}

/** A single-select of `values` (shown as they are), labelled `label`, that reports the chosen value. */
export function select(
  id: string,
  label: string,
  values: string[],
  value: string,
  onChange: (v: string) => void,
  disabled: boolean,
): HTMLElement {
  const el = h(
    'vscode-single-select',
    { id, 'aria-label': label, disabled },
    values.map((v) => h('vscode-option', { value: v, selected: v === value }, v)),
  );
  el.addEventListener('change', () => onChange(valueOf(el)));
  return field(label, el, id);
}

/** A radio group named `name`: one radio per option, reporting the chosen option's value. */
export function radios(
  id: string,
  label: string,
  options: { value: string; id: string; checked: boolean; label: string }[],
  onChange: (value: string) => void,
): HTMLElement {
  const group = h(
    'vscode-radio-group',
    { id, 'aria-label': label },
    options.map((o) => h('vscode-radio', { name: id, value: o.value, id: o.id, checked: o.checked }, o.label)),
  );
  group.addEventListener('change', (e) => onChange(valueOf(e.target)));
  return field(label, group);
}
