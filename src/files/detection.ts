import { open } from 'node:fs/promises';
import * as vscode from 'vscode';
import { sniffEnvelope, SNIFF_BYTES } from '../core/envelopeFormat';
import type { Logger } from '../platform/logger';

/**
 * Which files are envelope-encrypted, by their first bytes (DESIGN.md §2: never by name), published as two context
 * keys for the menus:
 * - `awsKms.activeFileEncrypted` (boolean): the active editor's file (text or binary tab) starts with an ESDK header;
 * - `awsKms.encryptedResources` (object keyed by fsPath): the encrypted files of the workspace known so far, so that
 *   explorer menus can say `resourcePath in awsKms.encryptedResources`. The workspace is scanned once (up to
 *   SCAN_LIMIT files) and kept current by a file watcher and by the file commands. A file the list misses only
 *   gets the wrong menu entry, and the commands then refuse cleanly (they sniff the file again).
 */
export const ACTIVE_FILE_ENCRYPTED_KEY = 'awsKms.activeFileEncrypted';
export const ENCRYPTED_RESOURCES_KEY = 'awsKms.encryptedResources';

const SCAN_LIMIT = 5000;
const SCAN_EXCLUDE = '**/{node_modules,.git}/**';

export class EncryptionDetection implements vscode.Disposable {
  private readonly encrypted = new Set<string>();
  /** Per path, bumped by each refresh and each deletion: a read that finished after a newer event is dropped. */
  private readonly generations = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [];
  private publishTimer: NodeJS.Timeout | undefined;
  private activeEncrypted = false;
  private activeCheck = 0;
  /** Resolves when the first workspace scan has finished. */
  readonly scanned: Promise<void>;

  constructor(private readonly log: Logger) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      watcher,
      watcher.onDidCreate(async (uri) => this.refresh(uri)),
      watcher.onDidChange(async (uri) => this.refresh(uri)),
      watcher.onDidDelete((uri) => {
        this.forget(uri);
      }),
      vscode.window.tabGroups.onDidChangeTabs(async () => this.checkActive()),
      vscode.window.tabGroups.onDidChangeTabGroups(async () => this.checkActive()),
      vscode.window.onDidChangeActiveTextEditor(async () => this.checkActive()),
      vscode.workspace.onDidSaveTextDocument(async (document) => this.refresh(document.uri)),
    );
    void this.checkActive();
    this.scanned = this.scan();
  }

  /** Whether the active editor's file is encrypted (the value of `awsKms.activeFileEncrypted`). */
  get activeFileEncrypted(): boolean {
    return this.activeEncrypted;
  }

  /** Whether `uri` is known to be encrypted (the explorer's view of it). */
  isKnownEncrypted(uri: vscode.Uri): boolean {
    return this.encrypted.has(uri.fsPath);
  }

  /** Sniffs `uri` again (after a command changed it, or the watcher saw it change) and republishes the keys. */
  async refresh(uri: vscode.Uri): Promise<boolean> {
    const generation = this.bump(uri.fsPath);
    const encrypted = await isEncryptedFile(uri);
    // The file was deleted or changed again while it was read: that newer event decides.
    if (this.generations.get(uri.fsPath) !== generation) {
      return encrypted;
    }
    const known = this.encrypted.has(uri.fsPath);
    if (encrypted !== known) {
      if (encrypted) {
        this.encrypted.add(uri.fsPath);
      } else {
        this.encrypted.delete(uri.fsPath);
      }
      this.schedulePublish();
    }
    if (activeResource()?.fsPath === uri.fsPath) {
      await this.checkActive();
    }
    return encrypted;
  }

  private bump(path: string): number {
    const generation = (this.generations.get(path) ?? 0) + 1;
    this.generations.set(path, generation);
    return generation;
  }

  private forget(uri: vscode.Uri): void {
    this.bump(uri.fsPath);
    // A deleted folder takes its files with it.
    const prefix = `${uri.fsPath}/`;
    for (const path of [...this.encrypted]) {
      if (path === uri.fsPath || path.startsWith(prefix)) {
        this.encrypted.delete(path);
        this.schedulePublish();
      }
    }
  }

  private async checkActive(): Promise<void> {
    const check = ++this.activeCheck;
    const uri = activeResource();
    const encrypted = uri ? await isEncryptedFile(uri) : false;
    if (check !== this.activeCheck) {
      return;
    } // a newer check overtook this one
    if (uri && encrypted !== this.encrypted.has(uri.fsPath)) {
      if (encrypted) {
        this.encrypted.add(uri.fsPath);
      } else {
        this.encrypted.delete(uri.fsPath);
      }
      this.schedulePublish();
    }
    this.activeEncrypted = encrypted;
    void vscode.commands.executeCommand('setContext', ACTIVE_FILE_ENCRYPTED_KEY, encrypted);
  }

  private async scan(): Promise<void> {
    const started = Date.now();
    try {
      const files = await vscode.workspace.findFiles('**/*', SCAN_EXCLUDE, SCAN_LIMIT);
      for (let i = 0; i < files.length; i += 32) {
        const batch = files.slice(i, i + 32);
        const found = await Promise.all(batch.map(async (uri) => isEncryptedFile(uri)));
        batch.forEach((uri, j) => {
          if (found[j]) {
            this.encrypted.add(uri.fsPath);
          }
        });
      }
      this.schedulePublish();
      this.log.debug(
        `scanned ${files.length} workspace files in ${Date.now() - started} ms: ${this.encrypted.size} encrypted`,
        'files',
      );
    } catch (error) {
      this.log.warn(
        `could not scan the workspace for encrypted files: ${error instanceof Error ? error.message : String(error)}`,
        'files',
      );
    }
  }

  /** Publishes the set at most every 100 ms: a checkout touching many files must not flood the renderer. */
  private schedulePublish(): void {
    if (this.publishTimer) {
      return;
    }
    this.publishTimer = setTimeout(() => {
      this.publishTimer = undefined;
      void vscode.commands.executeCommand(
        'setContext',
        ENCRYPTED_RESOURCES_KEY,
        Object.fromEntries([...this.encrypted].map((path) => [path, true])),
      );
    }, 100);
  }

  dispose(): void {
    if (this.publishTimer) {
      clearTimeout(this.publishTimer);
    }
    this.disposables.forEach((d) => d.dispose());
  }
}

/** The file of the active tab (a text editor, or a binary file in another editor), if it is on disk. */
export function activeResource(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri =
    input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom
      ? input.uri
      : vscode.window.activeTextEditor?.document.uri;
  return uri?.scheme === 'file' ? uri : undefined;
}

/** Whether the file starts with an ESDK message header (raw or armoured); false for folders and unreadable files. */
export async function isEncryptedFile(uri: vscode.Uri): Promise<boolean> {
  if (uri.scheme !== 'file') {
    return false;
  }
  let handle;
  try {
    handle = await open(uri.fsPath, 'r');
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return sniffEnvelope(buffer.subarray(0, bytesRead)) !== undefined;
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}
