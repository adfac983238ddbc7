import * as assert from 'assert';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as vscode from 'vscode';
import type { KeyMaterialPage } from '../../../src/keyMaterial/keyMaterialPage';
import type { PageUi } from '../../../src/keyMaterial/pageUi';
import type { TestSurface } from '../../../src/extension';
import type { PageState, WebviewMessage } from '../../../src/shared/keyMaterialProtocol';

/** Drives Key material pages the way their webview does, answers their dialogs, and records every message. */

export interface Recorded {
  direction: 'in' | 'out';
  json: string;
}

/** Dialog answers a test sets up before the action that opens them. */
export class ScriptedUi implements PageUi {
  readonly opens: vscode.Uri[] = [];
  saveTo: vscode.Uri | undefined;
  folder: vscode.Uri | undefined;
  confirmAnswer = true;
  confirmations: string[] = [];

  async confirm(message: string, detail: string): Promise<boolean> {
    this.confirmations.push(`${message} ${detail}`);
    return this.confirmAnswer;
  }
  /** The paths the page proposed in its save dialogs. */
  readonly proposed: vscode.Uri[] = [];

  async saveFile(_title: string, proposed: vscode.Uri): Promise<vscode.Uri | undefined> {
    this.proposed.push(proposed);
    return this.saveTo;
  }
  async openFile(): Promise<vscode.Uri | undefined> {
    return this.opens.shift();
  }
  async pickFolder(): Promise<vscode.Uri | undefined> {
    return this.folder;
  }
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `kms-${prefix}-`));
}

export class PageDriver {
  constructor(
    readonly api: TestSurface,
    readonly page: KeyMaterialPage,
  ) {}

  static async open(api: TestSurface, arn: string, importFlow = true): Promise<PageDriver> {
    const page = api.keyMaterial.open({ arn, region: api.connections.region(arn) }, { importFlow });
    const driver = new PageDriver(api, page);
    await driver.send({ type: 'ready' });
    return driver;
  }

  /** Sends a message as the webview would (untyped on purpose: tests also send malformed ones) and returns the new state. */
  async send(message: WebviewMessage | unknown): Promise<PageState> {
    await this.page.receive(message);
    return this.state();
  }

  state(): PageState {
    const state = this.page.state();
    assert.ok(state, 'the page has loaded its key');
    return state;
  }

  /** Sends and expects no error on the page. */
  async ok(message: WebviewMessage): Promise<PageState> {
    const state = await this.send(message);
    assert.strictEqual(state.error, undefined, `${message.type}: ${state.error?.message}`);
    return state;
  }

  /** Sends and expects an error on the page; returns it. */
  async fails(message: WebviewMessage): Promise<NonNullable<PageState['error']>> {
    const state = await this.send(message);
    assert.ok(state.error, `${message.type} should have failed`);
    return state.error;
  }
}

/** Every textual form a secret could take in a JSON message. */
export function encodings(secret: Uint8Array): string[] {
  const b = Buffer.from(secret);
  return (
    [
      b.toString('hex'),
      b.toString('hex').toUpperCase(),
      b.toString('base64'),
      b.toString('base64url'),
      b.toString('latin1'),
    ]
      .filter((s) => s.length >= 16)
      // Long secrets: any 24-character window of the encoding would give them away too.
      .flatMap((s) => (s.length > 64 ? [s.slice(0, 24), s.slice(s.length / 2, s.length / 2 + 24), s.slice(-24)] : [s]))
  );
}
