// The Key material page's host under 10,000 random invalid messages, in the real extension host against the sandbox
// KMS: none escapes receive() or leaves an unhandled rejection, none reaches KMS, opens a dialog, writes a file or
// pollutes a prototype, and each is answered with the page exactly as it was plus the invalid-message error.
// The seed is printed; replay a run with `--env FUZZ_SEED=<seed>`.
// (The parser alone is fuzzed in test/unit/keyMaterial/pageMessageFields.test.ts; this is the host around it.)
import * as assert from 'assert';
import { randomBytes } from 'crypto';
import { readdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import * as vscode from 'vscode';
import { WRAPPING_ALGORITHMS, WRAPPING_KEY_SPECS } from '../../../src/core/keyMaterialWrap';
import type { TestSurface } from '../../../src/extension';
import { validPageMessages } from '../../support/pageMessages';
import { mulberry32 } from '../../support/prng';
import { InvalidMessageError, parseWebviewMessage } from '../../../src/keyMaterial/model/pageMessages';
import type { WebviewMessage, WebviewMessageType } from '../../../src/shared/keyMaterialProtocol';
import { countKmsCalls } from '../files/filesSupport';
import { createTestKey, importTestMaterial, sandboxApi, uniqueAlias } from '../keys/keysSupport';
import { PageDriver, ScriptedUi, tempDir } from './keyMaterialSupport';
import { closeAllEditorsDiscarding, resetSettings, waitFor } from '../support';

const CASES = 10_000;
const SEED_VARIABLE = 'FUZZ_SEED'; // as in test/envelope/fuzz.test.ts
const INVALID = 'The page sent a request the extension does not accept; nothing was changed.';

function seedOf(value: string | undefined): number {
  if (value === undefined || value === '') {
    return randomBytes(4).readUInt32BE();
  }
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new Error(`${SEED_VARIABLE} must be an integer from 0 to 4294967295, got "${value}"`);
  }
  return seed;
}

/** A message for a failure report: never throws (BigInt, cycles), never floods the log. */
function shown(message: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(message, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(message);
  } catch {
    text = Object.prototype.toString.call(message);
  }
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
}

/** An own, enumerable property even for `__proto__` (plain assignment would set the prototype instead). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Fields the protocol lets a message leave out. */
const OPTIONAL = new Set(['keyMaterialId', 'validTo']);
const CHOICE_FIELDS = ['expires', 'validTo', 'importType', 'description'];
const IMPORT_TYPES = ['EXISTING_KEY_MATERIAL', 'NEW_KEY_MATERIAL'];
const HUGE_STRING = 'A'.repeat(1 << 20);
const HUGE_ARRAY: unknown[] = new Array<number>(100_000).fill(7);
const DEEP_OBJECT = Array.from({ length: 1_000 }).reduce<unknown>((inner) => ({ type: 'ready', inner }), {});
const DEEP_ARRAY = Array.from({ length: 1_000 }).reduce<unknown>((inner) => [inner], []);
/** Keys that try prototype pollution, or look like fields the host might read. */
const EXTRA_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'then',
  '',
  'Type',
  'type ',
  'data',
  'material',
  'plaintext',
  'path',
  'uri',
  'spec',
  'algorithm',
  'choices',
  'keyMaterialId',
  ...CHOICE_FIELDS,
];
const POLLUTION_PAYLOADS = [
  '{"type":"refresh"}',
  '{"polluted":true}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"prototype":{"polluted":true}}',
  'null',
  '[]',
  '"x"',
];
const NOT_STRINGS: readonly unknown[] = [null, 0, 1, -1, 1.5, NaN, Infinity, true, false, [], ['x'], {}, { a: 1 }];

/**
 * Builds messages that are invalid BY CONSTRUCTION, without asking the parser: each is a non-object, has a `type`
 * the protocol does not define (a defined name gets a "!" appended), or is a real type's valid template with at
 * least one defect — an extra key outside that type's fields, a required field deleted, or a field set to a value
 * from a pool outside its domain (random strings are forced out of it). No later defect can repair an earlier one:
 * only required fields are deleted, and `choices` defects apply only while `choices` is still an object.
 * The test still runs the real parser on each as a tripwire and fails if it accepts one.
 */
class InvalidMessages {
  /** How many messages of each kind, and how many defects of each kind the bad-fields messages carry. */
  readonly tally: Record<string, number> = {};
  readonly defects: Record<string, number> = {};
  private readonly types: WebviewMessageType[];
  private readonly withFields: WebviewMessageType[];

  constructor(
    private readonly random: () => number,
    private readonly templates: Record<WebviewMessageType, WebviewMessage>,
  ) {
    this.types = Object.keys(templates) as WebviewMessageType[];
    this.withFields = this.types.filter((t) => Object.keys(templates[t]).length > 1);
  }

  private int(n: number): number {
    return Math.floor(this.random() * n);
  }
  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  next(): unknown {
    const roll = this.random();
    const [kind, message] =
      roll < 0.15
        ? ['non-object', this.nonObject()]
        : roll < 0.33
          ? ['unknown type', this.unknownType()]
          : roll < 0.85
            ? this.badFields()
            : this.pollution();
    this.tally[kind] = (this.tally[kind] ?? 0) + 1;
    return message;
  }

  private string(): string {
    const length = this.int(24);
    let s = '';
    for (let i = 0; i < length; i++) {
      const band = this.int(4);
      // Printable ASCII, control characters, any BMP code unit (lone surrogates too), and the letters of type names.
      s += String.fromCharCode(
        band === 0
          ? 32 + this.int(95)
          : band === 1
            ? this.int(32)
            : band === 2
              ? this.int(0x10000)
              : 'readyimportspec'.charCodeAt(this.int(15)),
      );
    }
    return s;
  }

  private outside(domain: readonly string[], value: string): string {
    return domain.includes(value) ? `${value}!` : value;
  }

  private junk(depth = 0): unknown {
    switch (this.int(depth >= 2 ? 7 : 9)) {
      case 0:
        return this.pick(NOT_STRINGS);
      case 1:
        return this.string();
      case 2:
        return this.pick([...this.types, 'RSA_2048', 'RSAES_OAEP_SHA_256', 'NEW_KEY_MATERIAL', '2027-01-31', '']);
      case 3:
        return this.pick([
          undefined,
          -0,
          Number.MAX_SAFE_INTEGER + 2,
          -Infinity,
          2n ** 64n,
          HUGE_STRING,
          HUGE_ARRAY,
          DEEP_OBJECT,
          DEEP_ARRAY,
          new Uint8Array(8),
          new Date(0),
          Object.create(null),
        ]);
      case 4:
        return structuredClone(this.templates[this.pick(this.types)]);
      case 5:
        return this.random() * 2 ** this.int(64) * (this.random() < 0.5 ? -1 : 1);
      case 6:
        return this.random() < 0.5;
      case 7:
        return Array.from({ length: this.int(4) }, () => this.junk(depth + 1));
      default: {
        const record: Record<string, unknown> = {};
        for (let n = this.int(4); n > 0; n--) {
          setOwn(record, this.random() < 0.5 ? this.pick(EXTRA_KEYS) : this.string(), this.junk(depth + 1));
        }
        return record;
      }
    }
  }

  /** Anything but a plain object: primitives, arrays (also of valid messages), a valid message as JSON text. */
  private nonObject(): unknown {
    switch (this.int(6)) {
      case 0:
        return [structuredClone(this.templates[this.pick(this.types)])];
      case 1:
        return JSON.stringify(this.templates[this.pick(this.types)]);
      case 2:
        return this.pick(this.types);
      case 3:
        return Array.from({ length: this.int(5) }, () => this.junk(1));
      case 4:
        return this.pick([null, undefined, 0, NaN, true, '', HUGE_STRING, HUGE_ARRAY, DEEP_ARRAY, 1n, () => 'ready']);
      default: {
        const value = this.junk();
        return isRecord(value) ? [value] : value;
      }
    }
  }

  /** An object whose `type` is not one of the protocol's, or is missing; the rest random or real fields. */
  private unknownType(): Record<string, unknown> {
    const message: Record<string, unknown> =
      this.random() < 0.5
        ? {}
        : (structuredClone(this.templates[this.pick(this.types)]) as unknown as Record<string, unknown>);
    const real = this.pick(this.types);
    const near = [
      real.toUpperCase(),
      ` ${real}`,
      `${real}\u0000`,
      `${real}s`,
      real.slice(1),
      real.replace('e', '\u0435'),
    ];
    const type: unknown = this.pick([
      () => this.string(),
      () => this.pick(near),
      () => this.pick(['state', 'loadFailed', '__proto__', 'constructor', 'toString', 'eval', `${real}${HUGE_STRING}`]),
      () => this.pick([[real], { type: real }, null, 0, true, new String(real)]),
      () => undefined,
    ])();
    if (type === undefined) {
      delete message.type;
    } else {
      setOwn(message, 'type', typeof type === 'string' ? this.outside(this.types, type) : type);
    }
    for (let n = this.int(3); n > 0; n--) {
      setOwn(message, this.pick(EXTRA_KEYS), this.junk());
    }
    return message;
  }

  /** A real type's valid template with one to three defects. */
  private badFields(): [string, Record<string, unknown>] {
    // Half from the types with fields, which can go wrong in more ways than by an extra key.
    const type = this.random() < 0.5 ? this.pick(this.withFields) : this.pick(this.types);
    const message = structuredClone(this.templates[type]) as unknown as Record<string, unknown>;
    for (let n = 1 + this.int(3); n > 0; n--) {
      const defect = this.defect(type, message);
      this.defects[defect] = (this.defects[defect] ?? 0) + 1;
    }
    return [`bad fields: ${type}`, message];
  }

  private defect(type: WebviewMessageType, message: Record<string, unknown>): string {
    const fields = Object.keys(this.templates[type]).filter((k) => k !== 'type');
    const required = fields.filter((f) => !OPTIONAL.has(f));
    // Only an import's own choices (another type's `choices` is an extra field, already a defect).
    const choices = type === 'import' && isRecord(message.choices) ? message.choices : undefined;
    const options = ['extra', ...(fields.length > 0 ? ['wrong'] : []), ...(required.length > 0 ? ['missing'] : [])];
    if (choices) {
      options.push('choices extra', 'choices wrong', 'choices missing');
    }
    const option = this.pick(options);
    switch (option) {
      case 'extra': {
        const key = this.random() < 0.7 ? this.pick(EXTRA_KEYS) : this.string();
        setOwn(message, fields.includes(key) || key === 'type' ? `${key}!` : key, this.junk());
        break;
      }
      case 'wrong': {
        const field = this.pick(fields);
        message[field] = this.wrong(field);
        break;
      }
      case 'missing':
        delete message[this.pick(required)];
        break;
      case 'choices extra': {
        const key = this.random() < 0.7 ? this.pick(EXTRA_KEYS) : this.string();
        setOwn(choices!, CHOICE_FIELDS.includes(key) ? `${key}!` : key, this.junk());
        break;
      }
      case 'choices wrong': {
        const field = this.pick(CHOICE_FIELDS);
        choices![field] = this.wrong(field);
        break;
      }
      default:
        delete choices![this.pick(CHOICE_FIELDS.filter((f) => !OPTIONAL.has(f)))];
    }
    return option;
  }

  /** A value outside the field's domain (never undefined: an absent optional field is valid). */
  private wrong(field: string): unknown {
    const notString = (): unknown => this.pick([...NOT_STRINGS, HUGE_ARRAY, DEEP_OBJECT]);
    switch (field) {
      case 'spec':
        return this.random() < 0.3
          ? notString()
          : this.outside(
              WRAPPING_KEY_SPECS,
              this.pick(['RSA_1024', 'rsa_2048', 'RSA_2048 ', '', HUGE_STRING, this.string()]),
            );
      case 'algorithm':
        return this.random() < 0.3
          ? notString()
          : this.outside(
              WRAPPING_ALGORITHMS,
              this.pick(['RSAES_PKCS1_V1_5', 'rsaes_oaep_sha_256', 'SM2PKE', HUGE_STRING, this.string()]),
            );
      case 'keyMaterialId':
        // Not 64 characters, or a character that is not a lowercase hex digit.
        return this.random() < 0.3
          ? notString()
          : this.pick(['', 'a'.repeat(63), 'a'.repeat(65), 'g'.repeat(64), '../../etc/passwd', HUGE_STRING]);
      case 'choices':
        return this.pick([null, 'x', 0, true, [], HUGE_ARRAY, [structuredClone(this.templates.import)]]);
      case 'expires':
        return this.pick([null, 0, 1, 'true', 'false', '', [], {}]);
      case 'validTo':
        return this.random() < 0.3
          ? notString()
          : this.pick([
              '',
              '2027-1-31',
              '31/01/2027',
              '2027-01-31T00:00:00Z',
              ' 2027-01-31',
              '2027-01-31\n',
              HUGE_STRING,
            ]);
      case 'importType':
        return this.random() < 0.3
          ? notString()
          : this.outside(IMPORT_TYPES, this.pick(['', 'existing_key_material', 'NEW', HUGE_STRING, this.string()]));
      default:
        // description: longer than KMS's 256 characters, or with a character KMS refuses.
        return this.random() < 0.3
          ? notString()
          : this.pick([
              'a'.repeat(257),
              HUGE_STRING,
              '<script>',
              'a;b',
              '"',
              '\u0000',
              'caf\u00e9',
              `${this.string()}<`,
            ]);
    }
  }

  /** Prototype-pollution keys as a webview message really carries them: own keys from JSON text. */
  private pollution(): [string, unknown] {
    const type = this.pick(this.types);
    const template = JSON.stringify(this.templates[type]);
    const key = this.pick(['__proto__', 'constructor', 'prototype']);
    const payload = this.pick(POLLUTION_PAYLOADS);
    if (type === 'import' && this.random() < 0.5) {
      return [`pollution: import choices.${key}`, JSON.parse(template.replace(/}}$/, `,"${key}":${payload}}}`))];
    }
    if (this.random() < 0.2) {
      // No own `type` at all, only one in the would-be prototype.
      return [`pollution: type only in ${key}`, JSON.parse(`{"${key}":{"type":"${type}"}}`)];
    }
    return [`pollution: ${key}`, JSON.parse(template.replace(/}$/, `,"${key}":${payload}}`))];
  }
}

/** Records every dialog the page asks for; its answers would make a wrongly accepted action visible. */
class RecordingUi extends ScriptedUi {
  readonly calls: string[] = [];

  override async confirm(message: string, detail: string): Promise<boolean> {
    this.calls.push(`confirm: ${message}`);
    return super.confirm(message, detail);
  }
  override async saveFile(title: string, proposed: vscode.Uri): Promise<vscode.Uri | undefined> {
    this.calls.push(`save: ${title}`);
    return super.saveFile(title, proposed);
  }
  override async openFile(title?: string): Promise<vscode.Uri | undefined> {
    this.calls.push(`open: ${title}`);
    return super.openFile();
  }
  override async pickFolder(title?: string): Promise<vscode.Uri | undefined> {
    this.calls.push(`folder: ${title}`);
    return super.pickFolder();
  }
}

describe('Key material page fuzz', function () {
  this.timeout(120_000);
  let api: TestSurface;
  let previousUi: TestSurface['keyMaterial']['ui'];
  const ui = new RecordingUi();
  /** Where a wrongly accepted save, export or backup would write. */
  const outDir = tempDir('fuzz-out');

  before(async () => {
    api = await sandboxApi();
    previousUi = api.keyMaterial.ui;
    api.keyMaterial.ui = ui;
    ui.saveTo = vscode.Uri.file(join(outDir, 'backup.bin'));
    ui.folder = vscode.Uri.file(outDir);
    const materialFile = join(tempDir('fuzz-in'), 'material.bin');
    writeFileSync(materialFile, randomBytes(32));
    ui.opens.push(vscode.Uri.file(materialFile));
    ui.confirmAnswer = true;
  });
  after(async () => {
    api.keyMaterial.ui = previousUi;
    api.keyMaterial.tap = undefined;
    await closeAllEditorsDiscarding();
    await resetSettings();
  });

  it(`${CASES.toLocaleString('en')} random invalid messages: no crash, no KMS call, no dialog, no state change`, async () => {
    const seed = seedOf(process.env[SEED_VARIABLE]);
    console.log(`[pageFuzz] seed ${seed} (replay: --env ${SEED_VARIABLE}=${seed})`);
    const replay = `seed ${seed}, replay with --env ${SEED_VARIABLE}=${seed}`;

    // An EXTERNAL key with imported material: wrongly accepted actions (delete, re-import, rotate) have a target.
    const alias = uniqueAlias('page-fuzz');
    const key = await createTestKey(api, alias, {
      Origin: 'EXTERNAL',
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
    });
    await importTestMaterial(api, key.keyId);

    // The real webview sends messages too (its `ready` on load). The tap sees a message synchronously when
    // receive() starts, so a message the test sends is one that arrives while `sending` is set.
    let sending = false;
    const fromWebview: string[] = [];
    let recording = false;
    const answers = new Map<string, number>();
    api.keyMaterial.tap = (direction, message) => {
      if (direction === 'in' && !sending) {
        fromWebview.push(shown(message));
      } else if (direction === 'out' && recording) {
        const json = JSON.stringify(message);
        answers.set(json, (answers.get(json) ?? 0) + 1);
      }
    };
    const page = api.keyMaterial.open({ arn: key.arn, region: api.connections.region(key.arn) }, { importFlow: true });
    const send = async (message: unknown): Promise<void> => {
      sending = true;
      const done = page.receive(message);
      sending = false;
      return done;
    };
    const driver = new PageDriver(api, page);
    await send({ type: 'ready' });
    // Let the webview load and its `ready` be answered before the snapshot: a `ready` sent after it is answered after.
    await waitFor("the page's webview to send ready", () => fromWebview.length > 0);
    await send({ type: 'ready' });
    fromWebview.length = 0;
    // Then put the page in the background (another editor in its group). The host answers every message as before,
    // but a visible webview would re-render 10,000 times: minutes of browser time on this machine, which test the
    // browser rather than the host and keep the workbench busy long after the test.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: '' }), { preview: false });
    await waitFor('the page to go to the background', () => !page.panel.visible);

    const before = driver.state();
    assert.strictEqual(before.error, undefined, 'the page loaded without an error');
    assert.strictEqual(before.busy, undefined);
    assert.strictEqual(before.key.state, 'Enabled');
    const materialId = before.materials[0]?.id;
    assert.ok(materialId, 'the key shows its material');
    const title = page.panel.title;
    const sandbox = await api.sandbox.start();
    // Asked of the sandbox service directly, before the count starts and after it ends.
    const described = async () => [
      await sandbox.service.call('DescribeKey', { KeyId: key.keyId }),
      await sandbox.service.call('ListKeyRotations', { KeyId: key.keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }),
    ];
    const describedBefore = await described();
    // After those calls, which apply any change that fell due by time (another test's material expiring).
    const sandboxState = JSON.stringify(sandbox.service.context.state);
    const prototypes = () => [Object.prototype, Array.prototype, Function.prototype].map(Object.getOwnPropertyNames);
    const prototypesBefore = prototypes();
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
    const tabsBefore = tabs();

    const templates = validPageMessages(materialId, 'EXISTING_KEY_MATERIAL');
    for (const [type, template] of Object.entries(templates)) {
      assert.deepStrictEqual(parseWebviewMessage(structuredClone(template)), template, `the ${type} template is valid`);
    }
    const messages = new InvalidMessages(mulberry32(seed), templates);

    const accepted: string[] = [];
    const escaped: string[] = [];
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown): void => {
      rejections.push(reason);
    };
    process.on('unhandledRejection', onRejection);
    const kms = await countKmsCalls(api);
    const started = Date.now();
    recording = true;
    try {
      for (let i = 0; i < CASES; i++) {
        const message = messages.next();
        try {
          parseWebviewMessage(message);
          accepted.push(`case ${i}: ${shown(message)}`);
        } catch (error) {
          if (!(error instanceof InvalidMessageError)) {
            accepted.push(`case ${i} made the parser throw ${String(error)}: ${shown(message)}`);
          }
        }
        try {
          await send(message);
        } catch (error) {
          escaped.push(`case ${i}: ${String(error)} for ${shown(message)}`);
        }
        if (i % 100 === 99) {
          // Back to the event loop now and then, as between webview messages: posts leave, rejections surface.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      // Node reports an unhandled rejection once the microtask queue has drained: let it.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      recording = false;
      kms.restore();
      process.off('unhandledRejection', onRejection);
    }
    const elapsed = Date.now() - started;
    console.log(
      `[pageFuzz] ${CASES} messages in ${elapsed} ms; ${JSON.stringify(messages.tally)}; defects ${JSON.stringify(messages.defects)}`,
    );

    assert.deepStrictEqual(accepted, [], `the generator built only invalid messages the parser refuses (${replay})`);
    assert.deepStrictEqual(escaped.slice(0, 5), [], `${escaped.length} exception(s) escaped receive (${replay})`);
    assert.deepStrictEqual(rejections.map(String), [], `unhandled rejections (${replay})`);
    assert.deepStrictEqual(kms.served, [], `the sandbox served no KMS operation (${replay})`);
    assert.deepStrictEqual(ui.calls, [], `no dialog opened (${replay})`);
    assert.deepStrictEqual(readdirSync(outDir), [], 'no file was written');
    assert.deepStrictEqual(fromWebview, [], 'the webview itself sent nothing during the run');

    // An invalid message puts the invalid-message error on the page (so the user sees why nothing happened) and
    // changes nothing else: every answer is the state from before with that error.
    const after = driver.state();
    assert.deepStrictEqual({ ...after, error: undefined }, { ...before, error: undefined }, `page state (${replay})`);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(after.error)), { message: INVALID });
    const expected = { type: 'state', state: { ...before, error: { message: INVALID } } };
    assert.deepStrictEqual(
      [...answers].map(([json, count]) => ({ answer: JSON.parse(json) as unknown, count })),
      [{ answer: JSON.parse(JSON.stringify(expected)) as unknown, count: CASES }],
      `each message was answered once, with the unchanged page and the invalid-message error (${replay})`,
    );
    assert.strictEqual(page.panel.title, title);
    assert.deepStrictEqual(tabs(), tabsBefore, 'no editor opened or closed');
    assert.deepStrictEqual(prototypes(), prototypesBefore, 'no prototype gained a property');
    assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);

    assert.strictEqual(JSON.stringify(sandbox.service.context.state), sandboxState, 'the sandbox state is unchanged');
    assert.deepStrictEqual(await described(), describedBefore, 'DescribeKey and ListKeyRotations answer as before');
    page.panel.dispose();
  });
});
