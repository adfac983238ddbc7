import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import type { KeyMetadata, RotationsListEntry } from '@aws-sdk/client-kms';
import type { KeyEntry } from '../aws/keyCatalogue';
import { importOperationError, type PageError } from '../aws/importErrors';
import { keyLabel } from '../aws/keyStatus';
import { kmsCall, type KmsCall, type KmsOperation } from '../aws/kmsCall';
import { backupFileName, overwriteWarning } from '../core/backupName';
import { describeError, KmsExtensionError } from '../core/errors';
import { InvalidMessageError, parseWebviewMessage } from './model/pageMessages';
import {
  defaultWrappingChoice,
  generateKeyMaterial,
  loadedSizeNote,
  materialFormat,
  WRAPPING_ALGORITHM_NOTES,
  wrappingChoices,
} from '../core/keyMaterialSpecs';
import type { ConnectionManager } from '../connections/connectionManager';
import type { Logger } from '../platform/logger';
import { reachMilestone } from '../walkthrough/milestones';
import { BUTTON, NEXT_STEP_BUTTON } from '../shared/keyMaterialButtons';
import type {
  HostMessage,
  ImportChoices,
  KeyHeader,
  PageState,
  WebviewMessage,
  WrappingAlgorithmName,
  WrappingKeySpecName,
} from '../shared/keyMaterialProtocol';
import type { KeysTreeProvider } from '../keys/keysTreeProvider';
import { expiryWords, originLabel, stateLabel } from '../keys/model/labels';
import { fileExists, readSmallFile, writeImportParameters, writePrivateFile } from './importFiles';
import { ImportSession } from './model/importSession';
import { materialRow, singleMaterialRow } from './model/materialRows';
import { PageFailure } from './pageFailure';
import { pageHtml } from './pageHtml';
import type { PageUi } from './pageUi';

/**
 * One "Key material" page: a webview panel for one key. It holds the key's header and material table, runs the
 * import workflow through an ImportSession (the secrets stay here), and answers every webview message with the
 * whole page state. Messages in and out pass through `tap` so tests can record them.
 */

export interface PageDeps {
  connections: ConnectionManager;
  keys: KeysTreeProvider;
  log: Logger;
  ui: () => PageUi;
  extensionUri: vscode.Uri;
  tap: (direction: 'in' | 'out', message: unknown) => void;
}

export interface KeyRef {
  arn: string;
  region: string;
}

export class KeyMaterialPage implements vscode.Disposable {
  private entry: KeyEntry | undefined;
  private materials: readonly RotationsListEntry[] = [];
  private session: ImportSession | undefined;
  private busy: string | undefined;
  private error: PageError | undefined;
  private notice: PageState['notice'];
  private importType: PageState['defaultImportType'] | undefined;
  private focusImport = 0;
  private lastWrapping: { spec: WrappingKeySpecName; algorithm: WrappingAlgorithmName } | undefined;
  /** Keys with one material say nothing about earlier imports once it is deleted: remember having seen it imported. */
  private sawImportedMaterial = false;
  private queue: Promise<void> = Promise.resolve();
  private readonly subscriptions: vscode.Disposable[] = [];
  private disposed = false;
  /** Set while this page's own load runs, and while a reload for someone else's change waits in the queue. */
  private loading = false;
  private following = false;
  readonly onDidDispose: vscode.Event<void>;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly key: KeyRef,
    private readonly deps: PageDeps,
  ) {
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [
        vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview'),
        vscode.Uri.joinPath(deps.extensionUri, 'media'),
      ],
    };
    panel.webview.html = pageHtml(panel.webview, deps.extensionUri, 'Key material');
    this.onDidDispose = panel.onDidDispose;
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((message: unknown) => {
        void this.receive(message);
      }),
      panel.onDidDispose(() => this.dispose()),
      // Follow the key: a command (the Keys view, the walkthrough, another page) or a refresh changed it.
      deps.keys.onDidChangeKey(({ region, keyId }) => {
        if (region === this.key.region && (keyId === undefined || this.entry?.keyId === keyId)) {
          this.follow();
        }
      }),
      panel.onDidChangeViewState(({ webviewPanel }) => {
        if (webviewPanel.visible) {
          this.follow();
        }
      }),
    );
    // Load at once, not on the webview's "ready": the tab gets the key's name while the page is still starting.
    void this.enqueue(async () => this.step('Loading the key', async () => this.load()));
  }

  /**
   * Reloads the key when someone else changed it. What the page said about the old state (a notice such as "The key
   * is enabled", an error) no longer holds, so it goes. The page's own loads fire the same events: ignore those.
   */
  private follow(): void {
    if (this.disposed || this.loading || this.following) {
      return;
    }
    this.following = true;
    void this.enqueue(async () => {
      this.following = false;
      if (this.disposed) {
        return;
      }
      const before = this.fingerprint();
      try {
        await this.load();
      } catch (error) {
        this.deps.log.warn(
          `Key material page (${this.key.arn}): reloading the key failed: ${describeError(error)}`,
          'keyMaterial',
        );
        return; // the page keeps showing what it had; the next action reports the cause
      }
      if (this.fingerprint() !== before) {
        this.notice = undefined;
        this.error = undefined;
      }
      this.post();
    });
  }

  /** What the page's messages are about: the key's state and its materials' states. */
  private fingerprint(): string {
    const meta = this.entry?.metadata;
    return JSON.stringify([
      meta?.KeyState,
      meta?.CurrentKeyMaterialId,
      meta?.ValidTo?.valueOf(),
      this.materials.map((m) => [m.KeyMaterialId, m.KeyMaterialState, m.ImportState, m.ValidTo?.valueOf()]),
    ]);
  }

  private async enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Brings the page forward; `importFlow` scrolls to the import steps. */
  reveal(importFlow: boolean): void {
    if (importFlow) {
      this.focusImport++;
    }
    this.panel.reveal();
    this.post();
  }

  /** Handles one message from the webview (also the entry point for tests). Resolves when its answer has been posted. */
  async receive(raw: unknown): Promise<void> {
    this.deps.tap('in', raw);
    let message: WebviewMessage;
    try {
      message = parseWebviewMessage(raw);
    } catch (error) {
      this.deps.log.warn(
        `Key material page: ignored a malformed message (${error instanceof InvalidMessageError ? error.message : 'invalid'})`,
        'keyMaterial',
      );
      this.error = { message: 'The page sent a request the extension does not accept; nothing was changed.' };
      this.post();
      return;
    }
    return this.enqueue(async () => this.handle(message));
  }

  private async handle(message: WebviewMessage): Promise<void> {
    if (this.disposed) {
      return;
    }
    switch (message.type) {
      case 'ready':
        if (!this.entry) {
          await this.step('Loading the key', async () => this.load());
        } else {
          this.post();
        }
        return;
      case 'refresh':
        return this.step('Loading the key', async () => this.load());
      case 'dismiss':
        this.error = undefined;
        this.notice = undefined;
        this.post();
        return;
      case 'getParameters':
        return this.step('Getting wrapping parameters', async () =>
          this.getParameters(message.spec, message.algorithm),
        );
      case 'exportParameters':
        return this.step('Saving the wrapping key and import token', async () => this.exportParameters());
      case 'generateMaterial':
        return this.step('Generating key material', async () => this.generate());
      case 'loadMaterial':
        return this.step('Loading key material', async () => this.loadPlaintext());
      case 'loadWrapped':
        return this.step('Loading wrapped key material', async () => this.loadWrapped());
      case 'saveBackup':
        return this.step('Saving the backup', async () => this.saveBackup());
      case 'declineBackup':
        // Through step() like every other action: before the key has loaded there is no session, and the failure
        // must become the page's error, not an unhandled rejection.
        return this.step('Recording that there is no backup', async () => {
          this.requireSession().backupDeclined();
        });
      case 'import':
        return this.step('Importing key material', async () => this.importMaterial(message.choices));
      case 'deleteMaterial':
        return this.step('Deleting key material', async () => this.deleteMaterial(message.keyMaterialId));
      case 'reimport':
        this.importType = 'EXISTING_KEY_MATERIAL';
        this.focusImport++;
        this.notice = {
          message: `To re-import ${message.keyMaterialId ? `material ${message.keyMaterialId.slice(0, 8)}…` : 'the key material'}, press ${BUTTON.loadMaterial} (step 2) and choose your backup of it, then ${BUTTON.import} as the existing key material.`,
          offerRotate: false,
        };
        this.post();
        return;
      case 'rotateNow':
        return this.step('Rotating to the new key material', async () => this.rotateNow());
      case 'cancelDeletion':
        return this.step('Cancelling the key deletion', async () => {
          await this.kms('CancelKeyDeletion', async (kms) => kms('CancelKeyDeletion', { KeyId: this.key.arn }));
          await this.load();
        });
      default: {
        const unreachable: never = message;
        throw new Error(`unhandled message ${String(unreachable)}`);
      }
    }
  }

  /** Runs one action with the busy banner; a failure becomes the page's error, with its next step. */
  private async step(busy: string, action: () => Promise<void>): Promise<void> {
    this.busy = busy;
    this.error = undefined;
    this.post();
    try {
      await action();
    } catch (error) {
      if (error instanceof PageFailure) {
        this.error = error.page;
      } else if (error instanceof KmsExtensionError || error instanceof InvalidMessageError) {
        this.error = {
          message: error.message,
          ...(error instanceof KmsExtensionError &&
            error.code === 'ExpiredImportTokenException' && { next: 'newParameters' as const }),
        };
      } else {
        this.error = { message: `Unexpected error: ${error instanceof Error ? error.message : String(error)}` };
      }
      this.deps.log.warn(`Key material page (${this.key.arn}): ${busy} failed: ${describeError(error)}`, 'keyMaterial');
    } finally {
      this.busy = undefined;
      this.post();
    }
  }

  private async load(): Promise<void> {
    this.loading = true;
    try {
      await this.loadKey();
    } finally {
      this.loading = false;
    }
  }

  private async loadKey(): Promise<void> {
    const { keys } = this.deps;
    const entry = await this.kms(
      'DescribeKey',
      async () =>
        (await keys.keyChanged(this.key.arn, this.key.region)) ?? keys.catalogue(this.key.region).reload(this.key.arn),
    );
    if (!entry?.metadata) {
      throw new PageFailure({ message: `Key ${this.key.arn} was not found: refresh the Keys view.`, next: 'refresh' });
    }
    this.entry = entry;
    const meta = entry.metadata;
    if (meta.ExpirationModel !== undefined) {
      this.sawImportedMaterial = true;
    }
    this.session ??= new ImportSession(meta.KeySpec ?? 'SYMMETRIC_DEFAULT');
    this.materials =
      meta.KeySpec === 'SYMMETRIC_DEFAULT' && meta.Origin === 'EXTERNAL'
        ? await this.kms('ListKeyRotations', async () => keys.catalogue(this.key.region).materials(entry.keyId))
        : [];
  }

  private async getParameters(spec: WrappingKeySpecName, algorithm: WrappingAlgorithmName): Promise<void> {
    const session = this.requireSession();
    this.lastWrapping = { spec, algorithm };
    const out = await this.kms('GetParametersForImport', async (kms) =>
      kms('GetParametersForImport', { KeyId: this.key.arn, WrappingKeySpec: spec, WrappingAlgorithm: algorithm }),
    );
    if (!out.PublicKey || !out.ImportToken) {
      throw new PageFailure({ message: 'GetParametersForImport returned no public key or import token: try again.' });
    }
    session.setParameters({
      publicKey: Buffer.from(out.PublicKey),
      token: Buffer.from(out.ImportToken),
      spec,
      algorithm,
      validTo: out.ParametersValidTo?.getTime() ?? Date.now() + 86_400_000,
    });
    this.deps.log.info(`GetParametersForImport ${this.key.arn}: ${algorithm} ${spec}`, 'keyMaterial');
  }

  private async exportParameters(): Promise<void> {
    const params = this.requireSession().exportable();
    if (!params) {
      throw new PageFailure({ message: `Press ${BUTTON.getParameters} first.` });
    }
    const folder = await this.deps.ui().pickFolder('Export wrapping key and import token to…');
    if (!folder) {
      return;
    }
    const dir = folder.fsPath;
    await writeImportParameters(dir, params.publicKey, params.token);
    this.notice = {
      message: `Saved wrappingKey.der, wrappingKey.pem and importToken.bin in ${dir}. Wrap the material with them (OpenSSL, your HSM), then press ${BUTTON.loadWrapped}`,
      offerRotate: false,
    };
  }

  private async generate(): Promise<void> {
    const session = this.requireSession();
    const spec = this.meta().KeySpec ?? 'SYMMETRIC_DEFAULT';
    const material = await generateKeyMaterial(spec);
    // The page's hint names the format and size already: say where the material comes from, not its size again.
    session.setPlaintext('generated', material, 'Generated here');
  }

  private async loadPlaintext(): Promise<void> {
    const session = this.requireSession();
    const uri = await this.deps.ui().openFile('Load plaintext key material (for example PlaintextKeyMaterial.bin)');
    if (!uri) {
      return;
    }
    const bytes = await readSmallFile(uri, 16_384);
    session.setPlaintext(
      'file',
      bytes,
      `Loaded from ${basename(uri.fsPath)}${loadedSizeNote(this.meta().KeySpec ?? 'SYMMETRIC_DEFAULT', bytes.length)}`,
    );
  }

  private async loadWrapped(): Promise<void> {
    const session = this.requireSession();
    const ui = this.deps.ui();
    const material = await ui.openFile('Load wrapped key material (for example EncryptedKeyMaterial.bin)');
    if (!material) {
      return;
    }
    const token = await ui.openFile(
      'Load the import token that goes with its wrapping key (for example importToken.bin)',
    );
    if (!token) {
      return;
    }
    const wrapped = await readSmallFile(material, 6144);
    const tokenBytes = await readSmallFile(token, 6144);
    session.setWrapped(
      wrapped,
      tokenBytes,
      `Wrapped material from ${basename(material.fsPath)} with the token from ${basename(token.fsPath)}`,
    );
  }

  private async saveBackup(): Promise<void> {
    const session = this.requireSession();
    const bytes = session.backupBytes();
    const ui = this.deps.ui();
    // In the home folder, not the workspace: a backup of key material has no business in a repository.
    const proposed = vscode.Uri.file(join(homedir(), backupFileName(this.label(), new Date())));
    const uri = await ui.saveFile('Save a backup of the key material (readable by you only)', proposed);
    if (!uri) {
      return;
    }
    if (uri.scheme !== 'file') {
      throw new PageFailure({
        message:
          "Choose a file on this machine's disk for the backup, so it can be written readable by you only (mode 0600).",
      });
    }
    if (
      (await fileExists(uri.fsPath)) &&
      !(await ui.confirm(`Overwrite ${uri.fsPath}?`, overwriteWarning(basename(uri.fsPath)), 'Overwrite'))
    ) {
      return;
    }
    await writePrivateFile(uri.fsPath, bytes);
    session.backupSaved(uri.fsPath);
    this.deps.log.info(`Key material page (${this.key.arn}): backup saved to ${uri.fsPath}`, 'keyMaterial');
  }

  private async importMaterial(choices: ImportChoices): Promise<void> {
    const session = this.requireSession();
    // The key may have changed since the page loaded it (material deleted from the Keys view, expiry, the CLI).
    await this.load();
    const meta = this.meta();
    const symmetric = meta.KeySpec === 'SYMMETRIC_DEFAULT';
    const wasPendingImport = meta.KeyState === 'PendingImport';
    const hadMaterial =
      this.materials.some((m) => m.KeyMaterialState === 'CURRENT') || meta.CurrentKeyMaterialId !== undefined;
    const request = session.request(this.key.arn, symmetric, choices);
    let out;
    try {
      out = await this.kms('ImportKeyMaterial', async (kms) => kms('ImportKeyMaterial', request));
    } catch (error) {
      if (error instanceof PageFailure && error.page.next === 'newParameters' && /expired/i.test(error.page.message)) {
        session.forgetParameters();
      }
      throw error;
    } finally {
      if (request.EncryptedKeyMaterial) {
        request.EncryptedKeyMaterial.fill(0);
      }
    }
    session.imported();
    reachMilestone('materialImported');
    const existing = symmetric ? choices.importType === 'EXISTING_KEY_MATERIAL' : this.sawImportedMaterial;
    if (existing && wasPendingImport) {
      reachMilestone('materialReimported');
    }
    this.importType = undefined;
    await this.load();
    const staged = symmetric && choices.importType === 'NEW_KEY_MATERIAL' && hadMaterial;
    const id = out.KeyMaterialId ? ` (${out.KeyMaterialId.slice(0, 8)}…)` : '';
    this.notice = {
      message: staged
        ? `Imported new key material${id}. It is pending rotation: KMS uses it once you rotate the key to it.`
        : `Imported key material${id}. ${this.entry?.metadata?.KeyState === 'Enabled' ? 'The key is enabled.' : `Key state: ${this.entry?.metadata ? stateLabel(this.entry.metadata) : 'updated'}.`}`,
      offerRotate: staged,
    };
    this.deps.log.info(
      `ImportKeyMaterial ${this.key.arn}: done (${request.ExpirationModel}${symmetric ? `, ${choices.importType}` : ''})`,
      'keyMaterial',
    );
  }

  private async deleteMaterial(keyMaterialId: string | undefined): Promise<void> {
    const meta = this.meta();
    const label = this.label();
    const row = keyMaterialId ? this.materials.find((m) => m.KeyMaterialId === keyMaterialId) : undefined;
    if (keyMaterialId && !row) {
      throw new PageFailure({ message: 'That key material is no longer listed: refresh the page.', next: 'refresh' });
    }
    const staged = row?.KeyMaterialState === 'PENDING_ROTATION';
    const confirmed = await this.deps
      .ui()
      .confirm(
        keyMaterialId
          ? `Delete key material ${keyMaterialId.slice(0, 8)}… of ${label}?`
          : `Delete the imported key material of ${label}?`,
        staged
          ? 'This material waits for rotation and has not been used: KMS discards it. The current key material stays.'
          : 'KMS deletes its copy of the key material. The key becomes Pending import and cannot be used: everything encrypted under it stays undecryptable until you import the same key material again — other material cannot replace it. Make sure you have a backup of the key material.',
        'Delete Key Material',
      );
    if (!confirmed) {
      return;
    }
    await this.kms('DeleteImportedKeyMaterial', async (kms) =>
      kms('DeleteImportedKeyMaterial', { KeyId: this.key.arn, ...(keyMaterialId && { KeyMaterialId: keyMaterialId }) }),
    );
    reachMilestone('materialDeleted');
    this.deps.log.info(`DeleteImportedKeyMaterial ${this.key.arn}: done`, 'keyMaterial');
    await this.load();
    this.notice = {
      message: staged
        ? 'Deleted the staged key material.'
        : `Deleted the key material. ${meta.KeySpec === 'SYMMETRIC_DEFAULT' ? 'Re-import it from your backup to use the key again.' : 'Import it again from your backup to use the key again.'}`,
      offerRotate: false,
    };
    if (!staged) {
      this.importType = 'EXISTING_KEY_MATERIAL';
    }
  }

  private async rotateNow(): Promise<void> {
    await this.kms('RotateKeyOnDemand', async (kms) => kms('RotateKeyOnDemand', { KeyId: this.key.arn }));
    this.deps.log.info(`RotateKeyOnDemand ${this.key.arn}: started`, 'keyMaterial');
    await this.load();
    this.notice = {
      message:
        'Rotation started: the new key material becomes current; the previous material still decrypts what it encrypted.',
      offerRotate: false,
    };
  }

  /** A KMS request (or a catalogue load) with the page's error mapping. */
  private async kms<T>(operation: KmsOperation, run: (call: KmsCall) => Promise<T>): Promise<T> {
    try {
      return await run(kmsCall(await this.deps.connections.client(this.key.region)));
    } catch (error) {
      if (error instanceof PageFailure) {
        throw error;
      }
      throw new PageFailure(
        importOperationError(error, this.label(), {
          connection: this.deps.connections.connection,
          region: this.key.region,
          operation,
        }),
      );
    }
  }

  private meta(): KeyMetadata {
    const meta = this.entry?.metadata;
    if (!meta) {
      throw new PageFailure({ message: 'The key is not loaded yet: refresh the page.', next: 'refresh' });
    }
    return meta;
  }

  private requireSession(): ImportSession {
    if (!this.session) {
      throw new PageFailure({ message: 'The key is not loaded yet: refresh the page.', next: 'refresh' });
    }
    return this.session;
  }

  private label(): string {
    return this.entry ? keyLabel(this.entry) : this.key.arn;
  }

  /** The whole page state, without a byte of key material, token or wrapping key. */
  state(): PageState | undefined {
    const entry = this.entry;
    const meta = entry?.metadata;
    if (!entry || !meta) {
      return undefined;
    }
    const keySpec = meta.KeySpec ?? 'SYMMETRIC_DEFAULT';
    const symmetric = keySpec === 'SYMMETRIC_DEFAULT';
    const header: KeyHeader = {
      arn: entry.arn,
      region: this.key.region,
      keyId: entry.keyId,
      ...(entry.aliases[0] && { alias: entry.aliases[0] }),
      keySpec,
      keyUsage: meta.KeyUsage ?? '',
      state: meta.KeyState ?? '',
      stateLabel: stateLabel(meta),
      origin: meta.Origin ?? '',
      originLabel: originLabel(meta.Origin),
      multiRegion: meta.MultiRegion === true,
      symmetric,
      ...(meta.Description && { description: meta.Description }),
    };
    const materials = symmetric ? this.materials.map(materialRow) : singleMaterialRow(meta);
    const hadMaterial = symmetric ? this.materials.length > 0 : materials.length > 0;
    const importTypes: PageState['importTypes'] =
      symmetric && hadMaterial ? ['EXISTING_KEY_MATERIAL', 'NEW_KEY_MATERIAL'] : ['NEW_KEY_MATERIAL'];
    const pendingImport = materials.some((m) => !m.imported);
    const defaultImportType =
      this.importType && importTypes.includes(this.importType)
        ? this.importType
        : hadMaterial && pendingImport
          ? 'EXISTING_KEY_MATERIAL'
          : importTypes.includes('NEW_KEY_MATERIAL') && !hadMaterial
            ? 'NEW_KEY_MATERIAL'
            : (importTypes[0] ?? 'NEW_KEY_MATERIAL');
    const canImport =
      meta.Origin === 'EXTERNAL' && meta.KeyManager === 'CUSTOMER' && meta.KeyState !== 'PendingDeletion';
    return {
      key: header,
      materials,
      hadMaterial: hadMaterial || this.sawImportedMaterial,
      locale: vscode.env.language,
      expiryWords: expiryWords(),
      ...(meta.Origin !== 'EXTERNAL' && {
        materialsNote: "KMS created this key's material: it cannot be imported, deleted or exported.",
      }),
      canImport,
      canRotate:
        symmetric &&
        meta.KeyState === 'Enabled' &&
        this.materials.some((m) => m.KeyMaterialState === 'PENDING_ROTATION' && m.ImportState === 'IMPORTED'),
      choices: wrappingChoices(keySpec).map((c) => ({
        spec: c.spec,
        algorithm: c.algorithm,
        ...(c.refused && { refused: c.refused }),
      })),
      algorithmNotes: { ...WRAPPING_ALGORITHM_NOTES },
      defaultChoice: this.lastWrapping ?? defaultWrappingChoice(keySpec),
      materialFormat: materialFormat(keySpec),
      ...(this.session?.view() ?? { backup: 'notNeeded' as const }),
      importTypes,
      defaultImportType,
      ...(this.busy && { busy: this.busy }),
      ...(this.error && {
        error: { ...this.error, ...(this.error.next && { nextLabel: NEXT_STEP_BUTTON[this.error.next] }) },
      }),
      ...(this.notice && { notice: this.notice }),
      focusImport: this.focusImport,
    };
  }

  private post(): void {
    if (this.disposed) {
      return;
    }
    const state = this.state();
    if (!state) {
      if (this.error) {
        // The key could not be loaded: show the error on an otherwise empty page.
        const message: HostMessage = { type: 'loadFailed', message: this.error.message };
        this.deps.tap('out', message);
        void this.panel.webview.postMessage(message);
      }
      return;
    }
    this.panel.title = `Key material: ${state.key.alias?.replace(/^alias\//, '') ?? state.key.keyId}`;
    const message: HostMessage = { type: 'state', state };
    this.deps.tap('out', message);
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    this.session?.dispose();
    for (const d of this.subscriptions) {
      d.dispose();
    }
    this.panel.dispose();
  }
}
