import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { DecryptedInMemory, EditParams } from '../aws/envelope/types';
import { describeError, KmsExtensionError } from '../core/errors';
import type { ConnectionManager } from '../connections/connectionManager';
import type { Logger } from '../platform/logger';
import { decryptedUri } from './decryptedUri';
import { sandboxLines } from '../connections/sandboxWarning';
import { confirmed, type ConfirmPrompt } from '../ui/confirm';

/**
 * The decrypted view of encrypted files (DESIGN.md §2 "editing encrypted files"): reading an `awskms-decrypted:`
 * URI decrypts the file at the same path in memory; writing it encrypts the new content with the wrapping keys,
 * context, suite, frame length and armour of the header last read, through the engine's atomic path (temp file
 * beside it, verification, rename). No plaintext is written to disk by this provider.
 *
 * Changes on disk: stat reports the encrypted file's mtime and size, so VS Code's own check refuses to save over a
 * file that changed since it was read ("the content of the file is newer": Compare / Overwrite), and the watcher
 * makes clean editors reload it.
 */

export interface SaveFailure {
  uri: vscode.Uri;
  error: Error;
}

/** How long a decryption done for "Open Decrypted" waits for the editor's read before it is zeroed. */
const PRIMED_MS = 30_000;

export class DecryptedFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;
  private readonly saveFailures = new vscode.EventEmitter<SaveFailure>();
  /** A save failed: the editor stays dirty and VS Code shows the message; tests read it here. */
  readonly onDidFailSave = this.saveFailures.event;
  /** Per file path: what the next save encrypts with, from the header last read or written. */
  private readonly params = new Map<string, EditParams>();
  private readonly primed = new Map<string, { decrypted: DecryptedInMemory; timer: NodeJS.Timeout }>();
  /** Files whose saves under sandbox keys were accepted in this session: only the first save of each asks. */
  private readonly sandboxSavesAccepted = new Set<string>();
  /** The question before the first save under sandbox keys (the integration suites answer it themselves). */
  confirm: ConfirmPrompt = confirmed;

  constructor(
    private readonly connections: ConnectionManager,
    private readonly log: Logger,
    private readonly showError: (error: unknown) => void,
  ) {}

  /** Decrypts `file` now, so a failure is a clear command error; the editor's read then takes this result. */
  async prime(file: vscode.Uri, signal?: AbortSignal): Promise<DecryptedInMemory> {
    const decrypted = await this.decrypt(file.fsPath, signal);
    this.dropPrimed(file.fsPath);
    const timer = setTimeout(() => this.dropPrimed(file.fsPath), PRIMED_MS);
    this.primed.set(file.fsPath, { decrypted, timer });
    return decrypted;
  }

  /** The parameters the next save of `file` encrypts with (undefined before the first read). */
  saveParams(file: vscode.Uri): EditParams | undefined {
    return this.params.get(file.fsPath);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const info = await stat(uri.fsPath).catch((error: unknown) => {
      throw fsError(error, uri);
    });
    // Folders are reported as such: VS Code checks the parent folder before it saves a file that is gone.
    return {
      type: info.isDirectory() ? vscode.FileType.Directory : vscode.FileType.File,
      ctime: info.ctimeMs,
      mtime: info.mtimeMs,
      size: info.size,
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const path = uri.fsPath;
    const primed = this.primed.get(path);
    this.primed.delete(path);
    if (primed) {
      clearTimeout(primed.timer);
    }
    try {
      let decrypted = primed?.decrypted;
      const now = await stat(path);
      if (decrypted && (decrypted.file.size !== now.size || decrypted.file.mtimeMs !== now.mtimeMs)) {
        decrypted.plaintext.fill(0); // the file changed since Open Decrypted read it: read it again
        decrypted = undefined;
      }
      decrypted ??= await this.decrypt(path);
      // VS Code gets this buffer and keeps the text in its model; there is no copy of ours to zero.
      return decrypted.plaintext;
    } catch (error) {
      throw fsError(error, uri);
    }
  }

  async writeFile(
    uri: vscode.Uri,
    content: Uint8Array,
    options: { create: boolean; overwrite: boolean },
  ): Promise<void> {
    const path = uri.fsPath;
    const name = basename(path);
    try {
      const exists = await stat(path).then(
        (info) => info.isFile(),
        () => false,
      );
      if (!exists) {
        throw new KmsExtensionError(
          'FileError',
          options.create
            ? vscode.l10n.t(
                '{0} does not exist on disk any more: the decrypted view only saves over an existing encrypted file. Use Encrypt File to create one.',
                name,
              )
            : vscode.l10n.t('{0} does not exist.', name),
        );
      }
      const engine = await this.connections.envelopeEngine();
      const params = this.params.get(path) ?? (await this.paramsOnDisk(path));
      await this.confirmSandboxSave(path, params);
      const started = Date.now();
      const result = await engine.encryptFromMemory(path, content, { ...params, verify: 'full' });
      this.params.set(path, params);
      this.log.info(
        `saved ${name}: encrypted under ${result.keyArns.join(', ')} and verified (${result.outputSize} bytes, ${Date.now() - started} ms)`,
        'editing',
      );
    } catch (error) {
      this.log.error(`could not save ${name}: ${describeError(error)}`, 'editing');
      this.saveFailures.fire({ uri, error: error as Error });
      // VS Code shows the save error itself; an error with a next step (e.g. Import Key Material) also gets its button.
      if (error instanceof KmsExtensionError && error.next && error.next !== 'showLog') {
        this.showError(error);
      }
      throw fsError(error, uri);
    } finally {
      content.fill(0); // the copy of the editor's text this call received
    }
  }

  watch(uri: vscode.Uri): vscode.Disposable {
    const path = uri.fsPath;
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(dirname(path)), basename(path)),
    );
    const fire = (type: vscode.FileChangeType) => (): void =>
      this.changes.fire([{ type, uri: decryptedUri(vscode.Uri.file(path)) }]);
    return vscode.Disposable.from(
      watcher,
      watcher.onDidChange(fire(vscode.FileChangeType.Changed)),
      watcher.onDidCreate(fire(vscode.FileChangeType.Created)),
      watcher.onDidDelete(fire(vscode.FileChangeType.Deleted)),
    );
  }

  readDirectory(): [string, vscode.FileType][] {
    throw vscode.FileSystemError.NoPermissions(
      vscode.l10n.t('The decrypted view shows single encrypted files, not folders.'),
    );
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('The decrypted view cannot create folders.'));
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions(
      vscode.l10n.t('The decrypted view cannot delete files: delete the encrypted file in the Explorer.'),
    );
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions(
      vscode.l10n.t('The decrypted view cannot rename files: rename the encrypted file in the Explorer.'),
    );
  }

  dispose(): void {
    for (const path of [...this.primed.keys()]) {
      this.dropPrimed(path);
    }
    this.changes.dispose();
    this.saveFailures.dispose();
  }

  private async decrypt(path: string, signal?: AbortSignal): Promise<DecryptedInMemory> {
    const engine = await this.connections.envelopeEngine();
    const started = Date.now();
    const decrypted = await engine.decryptToMemory(path, {}, signal ? { signal } : {});
    this.params.set(path, decrypted.params);
    this.log.info(
      `opened ${basename(path)} decrypted in memory: ${decrypted.header.suite.name}, keys ${decrypted.params.keys.join(', ')} (${Date.now() - started} ms)`,
      'editing',
    );
    return decrypted;
  }

  /**
   * On the sandbox connection, the first save of a file asks, with the sandbox warning: what the user typed may be a
   * real secret, and a sandbox key protects nothing. Declining fails the save; the edit stays in the editor.
   */
  private async confirmSandboxSave(path: string, params: EditParams): Promise<void> {
    const warning = sandboxLines(this.connections.connection);
    if (warning.length === 0 || this.sandboxSavesAccepted.has(path)) {
      return;
    }
    const name = basename(path);
    const accepted = await this.confirm(
      vscode.l10n.t('Save {0} under sandbox keys?', name),
      [...warning, vscode.l10n.t('KMS keys: {0}', params.keys.join(', '))].join('\n'),
      vscode.l10n.t('Save'),
    );
    if (!accepted) {
      throw new KmsExtensionError(
        'SaveDeclined',
        vscode.l10n.t(
          '{0} is not saved: you declined to encrypt it under sandbox keys. Your edit is kept; save again to be asked again.',
          name,
        ),
      );
    }
    this.sandboxSavesAccepted.add(path);
  }

  /** A save without an earlier read in this session (an editor restored after a reload): the header on disk. */
  private async paramsOnDisk(path: string): Promise<EditParams> {
    const [{ inspectEnvelopeFile }, { editParamsOf }] = await Promise.all([
      import('../aws/envelope/engine'),
      import('../aws/envelope/memoryEnvelope'),
    ]);
    const { header, encoding } = await inspectEnvelopeFile(path);
    return editParamsOf(header, encoding);
  }

  private dropPrimed(path: string): void {
    const entry = this.primed.get(path);
    if (!entry) {
      return;
    }
    clearTimeout(entry.timer);
    entry.decrypted.plaintext.fill(0);
    this.primed.delete(path);
  }
}

/** A provider error VS Code understands, keeping our message (it names the cause and the next step). */
function fsError(error: unknown, uri: vscode.Uri): vscode.FileSystemError {
  if (error instanceof vscode.FileSystemError) {
    return error;
  }
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    return vscode.FileSystemError.FileNotFound(uri);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new vscode.FileSystemError(message);
}
