import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import type {
  HostMessage,
  ImportTypeName,
  PageState,
  SavedPageState,
  WebviewMessage,
  WrappingAlgorithmName,
  WrappingKeySpecName,
} from '../../shared/keyMaterialProtocol';
import { BUTTON, primaryMaterialButton } from '../../shared/keyMaterialButtons';
import { dateText, expiresInText, tokenCountdown } from '../../shared/timeTexts';
import { button, h } from './dom';

/**
 * The Key material page in the webview: renders the state the host sends and sends back the user's choices. It
 * never sees key material, import tokens or wrapping keys — the host keeps them.
 */

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): SavedPageState | undefined;
  setState(state: SavedPageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;

interface Form {
  spec?: WrappingKeySpecName;
  algorithm?: WrappingAlgorithmName;
  expires: boolean;
  validTo: string;
  importType?: ImportTypeName;
  description: string;
}

const saved = vscode.getState();
const form: Form = {
  expires: false,
  validTo: defaultExpiry(),
  description: '',
  ...(saved?.form as Partial<Form> | undefined),
};
let state: PageState | undefined;
let seenFocus = 0;
let lastProposedImportType: ImportTypeName | undefined;

const send = (message: WebviewMessage): void => vscode.postMessage(message);

function remember(): void {
  if (!state) {
    return;
  }
  vscode.setState({
    keyArn: state.key.arn,
    region: state.key.region,
    form: { ...form } as Record<string, string | boolean>,
  });
}

function defaultExpiry(): string {
  return new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'state':
      state = message.state;
      // The host's proposal changes after a delete (re-import the existing material) or an import: follow it.
      if (
        !form.importType ||
        !state.importTypes.includes(form.importType) ||
        state.defaultImportType !== lastProposedImportType
      ) {
        form.importType = state.defaultImportType;
      }
      lastProposedImportType = state.defaultImportType;
      remember();
      render();
      break;
    case 'loadFailed':
      renderFailure(message.message);
      break;
    default: {
      const unreachable: never = message;
      void unreachable;
    }
  }
});

function renderFailure(message: string): void {
  app.replaceChildren(
    h('h1', {}, 'Key material'),
    h(
      'div',
      { class: 'banner error', role: 'alert' },
      h('p', {}, message),
      button('refresh', BUTTON.refresh, () => send({ type: 'refresh' })),
    ),
  );
  app.removeAttribute('aria-busy');
}

function render(): void {
  const s = state;
  if (!s) {
    return;
  }
  const focusedId = document.activeElement?.id;
  app.replaceChildren(header(s), banners(s), materialTable(s), importFlow(s));
  app.toggleAttribute('aria-busy', s.busy !== undefined);
  if (focusedId) {
    document.getElementById(focusedId)?.focus();
  }
  if (s.focusImport > seenFocus) {
    seenFocus = s.focusImport;
    const section = document.getElementById('import-heading');
    section?.scrollIntoView({ block: 'start' });
    section?.focus();
  }
  tick();
}

function header(s: PageState): HTMLElement {
  const k = s.key;
  const fact = (term: string, value: string): HTMLElement[] => [h('dt', {}, term), h('dd', {}, value)];
  return h(
    'header',
    {},
    h('h1', {}, `Key material: ${k.alias?.replace(/^alias\//, '') ?? k.keyId}`),
    h(
      'dl',
      { class: 'facts' },
      fact('Alias', k.alias ?? '—'),
      fact('ARN', k.arn),
      fact('Key spec', k.keySpec),
      fact('Key usage', k.keyUsage),
      fact('Key state', k.stateLabel),
      fact('Origin', k.originLabel),
      fact('Multi-Region', k.multiRegion ? 'Yes' : 'No'),
      k.description ? fact('Description', k.description) : [],
    ),
    h(
      'div',
      { class: 'actions' },
      button('refresh', BUTTON.refresh, () => send({ type: 'refresh' }), {
        secondary: true,
        'aria-label': 'Refresh the key and its key material',
      }),
    ),
  );
}

function banners(s: PageState): HTMLElement {
  const box = h('div', { class: 'banners', 'aria-live': 'polite' });
  if (s.busy) {
    box.append(
      h(
        'div',
        { class: 'banner busy', role: 'status' },
        h('vscode-progress-ring', { 'aria-label': 'Working' }),
        h('span', {}, `${s.busy}…`),
      ),
    );
  }
  if (s.error) {
    const next = s.error.next;
    box.append(
      h(
        'div',
        { class: 'banner error', role: 'alert', id: 'error' },
        h('p', {}, s.error.message),
        h(
          'div',
          { class: 'actions' },
          next && s.error.nextLabel && button('error-next', s.error.nextLabel, () => runNext(next)),
          button('error-dismiss', BUTTON.dismiss, () => send({ type: 'dismiss' }), { secondary: true }),
        ),
      ),
    );
  }
  if (s.notice) {
    box.append(
      h(
        'div',
        { class: 'banner notice', role: 'status', id: 'notice' },
        h('p', {}, s.notice.message),
        h(
          'div',
          { class: 'actions' },
          s.notice.offerRotate &&
            s.canRotate &&
            button('notice-rotate', BUTTON.rotateNow, () => send({ type: 'rotateNow' })),
          button('notice-dismiss', BUTTON.dismiss, () => send({ type: 'dismiss' }), { secondary: true }),
        ),
      ),
    );
  }
  return box;
}

function runNext(next: NonNullable<PageState['error']>['next']): void {
  switch (next) {
    case 'newParameters':
      requestParameters();
      break;
    case 'loadMaterial':
      send({ type: 'loadMaterial' });
      break;
    case 'cancelDeletion':
      send({ type: 'cancelDeletion' });
      break;
    case 'refresh':
      send({ type: 'refresh' });
      break;
    case undefined:
      break;
    default: {
      const unreachable: never = next;
      void unreachable;
    }
  }
}

function materialTable(s: PageState): HTMLElement {
  const section = h(
    'section',
    { 'aria-labelledby': 'materials-heading' },
    h('h2', { id: 'materials-heading' }, 'Key material'),
  );
  if (s.materialsNote) {
    section.append(h('p', {}, s.materialsNote));
  }
  if (s.canRotate) {
    section.append(
      h(
        'div',
        { class: 'actions' },
        button('rotate-now', BUTTON.rotateNow, () => send({ type: 'rotateNow' }), {
          'aria-label': `${BUTTON.rotateNow}: make the key material pending rotation current`,
        }),
      ),
    );
  }
  if (s.materials.length === 0) {
    section.append(
      h(
        'p',
        { class: 'empty' },
        s.key.origin === 'EXTERNAL' ? 'No key material has been imported into this key yet.' : '',
      ),
    );
    return section;
  }
  const rows = s.materials.map((m, index) =>
    h(
      'tr',
      {},
      h('td', { class: 'mono', title: m.id ?? '' }, m.id ? `${m.id.slice(0, 12)}…` : '(the key material)'),
      h('td', {}, m.description ?? ''),
      h('td', {}, m.state),
      h('td', {}, m.importState),
      h(
        'td',
        {},
        !m.imported
          ? '—'
          : !m.expires
            ? 'Does not expire'
            : m.validTo
              ? h('span', { 'data-until': m.validTo, 'data-format': 'expiry' }, materialExpiry(s, m.validTo))
              : 'Expires',
      ),
      h(
        'td',
        { class: 'row-actions' },
        m.imported &&
          s.canImport &&
          button(
            `delete-${index}`,
            BUTTON.delete,
            () => send({ type: 'deleteMaterial', ...(m.id && { keyMaterialId: m.id }) }),
            { secondary: true, 'aria-label': `Delete key material ${m.id?.slice(0, 12) ?? ''}` },
          ),
        s.canImport &&
          button(
            `reimport-${index}`,
            BUTTON.reimport,
            () => send({ type: 'reimport', ...(m.id && { keyMaterialId: m.id }) }),
            { secondary: true, 'aria-label': `Re-import key material ${m.id?.slice(0, 12) ?? ''}` },
          ),
      ),
    ),
  );
  section.append(
    h(
      'table',
      { id: 'materials' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Key material ID', 'Description', 'State', 'Import state', 'Expiry', 'Actions'].map((t) =>
            h('th', { scope: 'col' }, t),
          ),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
  return section;
}

function allowedSpecs(s: PageState): WrappingKeySpecName[] {
  return [...new Set(s.choices.filter((c) => !c.refused).map((c) => c.spec))];
}

function allowedAlgorithms(s: PageState, spec: WrappingKeySpecName): WrappingAlgorithmName[] {
  return s.choices.filter((c) => c.spec === spec && !c.refused).map((c) => c.algorithm);
}

/** The current wrapping choice, kept to what KMS allows for this key spec. */
function wrapping(s: PageState): { spec: WrappingKeySpecName; algorithm: WrappingAlgorithmName } {
  const specs = allowedSpecs(s);
  const spec = form.spec && specs.includes(form.spec) ? form.spec : s.defaultChoice.spec;
  const algorithms = allowedAlgorithms(s, spec);
  const algorithm =
    form.algorithm && algorithms.includes(form.algorithm)
      ? form.algorithm
      : algorithms.includes(s.defaultChoice.algorithm)
        ? s.defaultChoice.algorithm
        : (algorithms[0] ?? s.defaultChoice.algorithm);
  return { spec, algorithm };
}

function requestParameters(): void {
  if (!state) {
    return;
  }
  send({ type: 'getParameters', ...wrapping(state) });
}

function select(
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
  el.addEventListener('change', () => onChange((el as HTMLElement & { value: string }).value));
  return h('div', { class: 'field' }, h('vscode-label', { for: id }, label), el);
}

function importFlow(s: PageState): HTMLElement {
  const section = h(
    'section',
    { 'aria-labelledby': 'import-heading', id: 'import-section' },
    h('h2', { id: 'import-heading', tabindex: '-1' }, 'Import key material'),
  );
  if (!s.canImport) {
    section.append(
      h(
        'p',
        {},
        s.key.origin === 'EXTERNAL'
          ? `Key state: ${s.key.stateLabel}. KMS does not import key material into a key in this state.`
          : 'Only keys created with origin External take imported key material.',
      ),
    );
    return section;
  }
  const busy = s.busy !== undefined;
  const choice = wrapping(s);

  // Step 1
  const params = s.parameters;
  const expired = params?.source === 'kms' && params.validTo <= Date.now();
  const step1 = h(
    'div',
    { class: 'step', id: 'step-parameters' },
    h('h3', {}, '1. Wrapping parameters'),
    h(
      'p',
      { class: 'hint' },
      'KMS gives you a wrapping public key and an import token. The material is encrypted (wrapped) with the public key, here in VS Code or on your own HSM.',
    ),
    h(
      'div',
      { class: 'row' },
      select(
        'wrapping-spec',
        'Wrapping key spec',
        allowedSpecs(s),
        choice.spec,
        (v) => {
          form.spec = v as WrappingKeySpecName;
          remember();
          render();
        },
        busy,
      ),
      select(
        'wrapping-algorithm',
        'Wrapping algorithm',
        allowedAlgorithms(s, choice.spec),
        choice.algorithm,
        (v) => {
          form.algorithm = v as WrappingAlgorithmName;
          remember();
          render();
        },
        busy,
      ),
    ),
    h('p', { class: 'hint', id: 'algorithm-note' }, s.algorithmNotes[choice.algorithm]),
    h(
      'div',
      { class: 'actions' },
      // Errors about the token offer "Get new parameters" (NEXT_STEP_BUTTON): once there are parameters, this is that button.
      button('get-parameters', params ? BUTTON.getNewParameters : BUTTON.getParameters, requestParameters, {
        disabled: busy,
      }),
      params?.source === 'kms' &&
        !expired &&
        button('export-parameters', BUTTON.exportParameters, () => send({ type: 'exportParameters' }), {
          secondary: true,
          disabled: busy,
        }),
    ),
    params?.source === 'kms'
      ? h(
          'p',
          { class: expired ? 'status warn' : 'status ok', id: 'parameters-status' },
          `${params.spec} · ${params.algorithm} · import token `,
          h(
            'span',
            { 'data-until': params.validTo, 'data-format': 'token', id: 'token-countdown' },
            tokenCountdown(params.validTo, Date.now()),
          ),
          expired ? ` — press ${BUTTON.getNewParameters} to import.` : '',
        )
      : params?.source === 'file'
        ? h(
            'p',
            { class: 'status ok', id: 'parameters-status' },
            'Using the import token loaded with the wrapped material.',
          )
        : h('p', { class: 'status', id: 'parameters-status' }, 'No wrapping parameters yet.'),
  );

  // Step 2
  const primary = primaryMaterialButton({ symmetric: s.key.symmetric, hadMaterial: s.hadMaterial }, importType(s));
  const generate = button('generate', BUTTON.generate, () => send({ type: 'generateMaterial' }), {
    secondary: primary !== 'generate',
    disabled: busy,
  });
  const load = button('load-material', BUTTON.loadMaterial, () => send({ type: 'loadMaterial' }), {
    secondary: primary !== 'loadMaterial',
    disabled: busy,
  });
  const step2 = h(
    'div',
    { class: 'step', id: 'step-material' },
    h('h3', {}, '2. Key material'),
    h('p', { class: 'hint' }, `A ${s.key.keySpec} key takes ${s.materialFormat}.`),
    h(
      'div',
      { class: 'actions' },
      ...(primary === 'generate' ? [generate, load] : [load, generate]),
      button('load-wrapped', BUTTON.loadWrapped, () => send({ type: 'loadWrapped' }), {
        secondary: true,
        disabled: busy,
      }),
    ),
    h(
      'p',
      { class: s.material ? 'status ok' : 'status', id: 'material-status' },
      s.material ? s.material.summary : 'No key material chosen yet.',
    ),
  );

  // Step 3
  const step3 = h('div', { class: 'step', id: 'step-backup' }, h('h3', {}, '3. Backup'));
  const saveBackup = (): HTMLElement =>
    button('save-backup', BUTTON.saveBackup, () => send({ type: 'saveBackup' }), { disabled: busy });
  if (s.backup === 'required') {
    step3.append(
      h(
        'p',
        { class: 'status warn', role: 'alert' },
        'Save a copy of the generated key material before you import it. KMS never gives it back: if it is deleted or expires, only the same bytes can be imported again — without a backup, everything encrypted under this key is lost.',
      ),
      h(
        'div',
        { class: 'actions' },
        saveBackup(),
        button('decline-backup', BUTTON.declineBackup, () => send({ type: 'declineBackup' }), {
          secondary: true,
          disabled: busy,
        }),
      ),
    );
  } else if (s.backup === 'saved') {
    step3.append(
      h(
        'p',
        { class: 'status ok', id: 'backup-status' },
        `Backup saved to ${s.backupFile ?? 'a file'} (readable by you only). Keep it safe: it is the key.`,
      ),
    );
  } else if (s.backup === 'declined') {
    // Until the import the material is still here: changing one's mind must not need new material.
    step3.append(
      h(
        'p',
        { class: 'status warn', id: 'backup-status' },
        `No backup. Deleted or expired key material can then never be imported again. Until you import, ${BUTTON.saveBackup} still saves one.`,
      ),
      h('div', { class: 'actions' }, saveBackup()),
    );
  } else {
    step3.append(
      h(
        'p',
        { class: 'hint', id: 'backup-status' },
        'Needed only for material generated here: material from a file is already backed up.',
      ),
    );
  }

  // Step 4
  const expiry = h(
    'vscode-radio-group',
    { id: 'expiration', 'aria-label': 'Expiration' },
    h(
      'vscode-radio',
      { name: 'expiration', value: 'never', id: 'expires-never', checked: !form.expires },
      'Key material does not expire',
    ),
    h(
      'vscode-radio',
      { name: 'expiration', value: 'date', id: 'expires-date', checked: form.expires },
      'Key material expires',
    ),
  );
  expiry.addEventListener('change', (e) => {
    form.expires = (e.target as HTMLElement & { value: string }).value === 'date';
    remember();
    render();
  });
  const date = h('vscode-textfield', {
    id: 'valid-to',
    type: 'date',
    value: form.validTo,
    'aria-label': 'Expiration date (at most 365 days from now)',
    disabled: !form.expires,
  });
  date.addEventListener('change', () => {
    form.validTo = (date as HTMLElement & { value: string }).value;
    remember();
  });
  const step4 = h(
    'div',
    { class: 'step', id: 'step-options' },
    h('h3', {}, '4. Import options'),
    h('div', { class: 'field' }, h('vscode-label', {}, 'Expiration'), expiry),
    h(
      'div',
      { class: 'field' },
      h('vscode-label', { for: 'valid-to' }, 'Expires on (at most 365 days from now)'),
      date,
    ),
  );
  if (s.key.symmetric) {
    if (s.importTypes.length > 1) {
      const types = h(
        'vscode-radio-group',
        { id: 'import-type', 'aria-label': 'Import as' },
        h(
          'vscode-radio',
          {
            name: 'import-type',
            value: 'EXISTING_KEY_MATERIAL',
            id: 'import-existing',
            checked: form.importType === 'EXISTING_KEY_MATERIAL',
          },
          'Existing key material (re-import the same bytes)',
        ),
        h(
          'vscode-radio',
          {
            name: 'import-type',
            value: 'NEW_KEY_MATERIAL',
            id: 'import-new',
            checked: form.importType === 'NEW_KEY_MATERIAL',
          },
          'New key material (for rotation)',
        ),
      );
      types.addEventListener('change', (e) => {
        form.importType = (e.target as HTMLElement & { value: string }).value as ImportTypeName;
        remember();
        render(); // step 2's primary button follows the import type
      });
      step4.append(h('div', { class: 'field' }, h('vscode-label', {}, 'Import as'), types));
    }
    const description = h('vscode-textfield', {
      id: 'material-description',
      value: form.description,
      maxlength: 256,
      placeholder: 'e.g. 2026 key from HSM-A',
      'aria-label': 'Key material description (optional)',
    });
    description.addEventListener('input', () => {
      form.description = (description as HTMLElement & { value: string }).value;
      remember();
    });
    step4.append(
      h(
        'div',
        { class: 'field' },
        h('vscode-label', { for: 'material-description' }, 'Key material description (optional)'),
        description,
      ),
    );
  }

  // Step 5
  const ready =
    s.material !== undefined &&
    s.backup !== 'required' &&
    (s.parameters?.source === 'file' || (s.parameters !== undefined && !expired));
  const step5 = h(
    'div',
    { class: 'step', id: 'step-import' },
    h('h3', {}, '5. Import'),
    h(
      'div',
      { class: 'actions' },
      button(
        'import',
        BUTTON.import,
        () =>
          send({
            type: 'import',
            choices: {
              expires: form.expires,
              ...(form.expires && { validTo: form.validTo }),
              importType: importType(s),
              description: s.key.symmetric ? form.description.trim() : '',
            },
          }),
        { disabled: busy || !ready },
      ),
    ),
    !ready && h('p', { class: 'hint' }, 'Complete steps 1–3 first.'),
  );

  section.append(step1, step2, step3, step4, step5);
  return section;
}

function importType(s: PageState): ImportTypeName {
  return form.importType ?? s.defaultImportType;
}

/** "Dec 8, 2026, 11:59 PM UTC (expires in 21 days)": the date in the display language, the days as the Keys tree counts them. */
function materialExpiry(s: PageState, validTo: number): string {
  return `${dateText(validTo, s.locale)} (${expiresInText(validTo, Date.now(), s.expiryWords)})`;
}

/** Updates the countdowns every second; when the import token lapses, renders again to offer new parameters. */
function tick(): void {
  const s = state;
  if (!s) {
    return;
  }
  let lapsed = false;
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-until]'))) {
    const until = Number(el.dataset.until);
    if (el.dataset.format === 'token') {
      const text = tokenCountdown(until, Date.now());
      if (text === 'expired' && el.textContent !== 'expired') {
        lapsed = true;
      }
      el.textContent = text;
    } else {
      el.textContent = materialExpiry(s, until);
    }
  }
  if (lapsed) {
    render();
  }
}

setInterval(tick, 1000);
send({ type: 'ready' });
