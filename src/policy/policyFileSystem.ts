import * as vscode from 'vscode';
import { keyOperationError } from '../aws/keyErrors';
import { kmsCall, type KmsCall } from '../aws/kmsCall';
import type { ConnectionManager } from '../connections/connectionManager';
import { sandboxLines } from '../connections/sandboxWarning';
import { describeError, KmsExtensionError } from '../core/errors';
import type { Logger } from '../platform/logger';
import { confirmed, type ConfirmPrompt } from '../ui/confirm';
import { accountRootOf, lockedOut, PUT_KEY_POLICY } from './model/lockout';
import { parsePolicy, prettyPolicy, type PolicyDocument } from './model/policyDocument';
import { hasChanges, statementChanges, type StatementChanges } from './model/statementChanges';
import { POLICY_SCHEME, policyTarget, type PolicyTarget } from './policyUri';

/**
 * Key policies as files (`awskms-policy:`): reading one is GetKeyPolicy, pretty-printed; saving one is PutKeyPolicy
 * after the checks a careful user makes by hand: the text parses, the changes against the policy KMS has now are
 * confirmed, and a policy that no longer lets the account root change it says so before it is sent. A save that
 * fails keeps the editor dirty (VS Code's own behaviour when writeFile throws) and puts the cause on the document
 * as a diagnostic.
 */

export interface PolicySaveFailure {
  uri: vscode.Uri;
  error: Error;
}

const POLICY_NAME = 'default';

export class PolicyFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;
  private readonly saveFailures = new vscode.EventEmitter<PolicySaveFailure>();
  /** A save failed: the editor stays dirty and VS Code shows the message; tests read it here. */
  readonly onDidFailSave = this.saveFailures.event;
  readonly diagnostics = vscode.languages.createDiagnosticCollection('awsKms.policy');
  /** The confirmation before PutKeyPolicy (the integration suites answer it themselves). */
  confirm: ConfirmPrompt = confirmed;
  /** Per URI: a stable mtime, so VS Code's "file is newer" check compares like with like; a save moves it on. */
  private readonly mtimes = new Map<string, number>();
  /** Policies fetched by a command, for the editor's read that follows (one use each). */
  private readonly loaded = new Map<string, string>();
  /** Per URI: why VS Code is saving it (onWillSaveTextDocument comes before writeFile). */
  private readonly saveReasons = new Map<string, vscode.TextDocumentSaveReason>();
  private readonly listeners: vscode.Disposable[];

  constructor(
    private readonly connections: ConnectionManager,
    private readonly log: Logger,
  ) {
    // A diagnostic of a failed save describes the text that was saved: the next edit makes it stale.
    this.listeners = [
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) {
          this.diagnostics.delete(e.document.uri);
        }
      }),
      vscode.workspace.onWillSaveTextDocument((e) => {
        if (e.document.uri.scheme === POLICY_SCHEME) {
          this.saveReasons.set(e.document.uri.toString(), e.reason);
        }
      }),
    ];
  }

  /** Fetches the policy now, so a failure is a clear command error; the editor's read then takes this text. */
  async load(uri: vscode.Uri): Promise<string> {
    const text = await this.fetch(policyTarget(uri));
    this.loaded.set(uri.toString(), text);
    return text;
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    // VS Code checks the folder before it writes a file; a region is the only kind of folder here.
    if (/^\/[^/]+\/?$/.test(uri.path)) {
      return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    }
    const target = policyTarget(uri);
    const key = uri.toString();
    const mtime = this.mtimes.get(key) ?? Date.now();
    this.mtimes.set(key, mtime);
    return {
      type: vscode.FileType.File,
      ctime: mtime,
      mtime,
      size: 0,
      ...(target.readonly && { permissions: vscode.FilePermission.Readonly }),
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const key = uri.toString();
    const text = this.loaded.get(key) ?? (await this.fetch(policyTarget(uri)).catch(rethrowAsync(uri)));
    this.loaded.delete(key);
    return new TextEncoder().encode(prettyPolicy(text));
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const target = policyTarget(uri);
    if (target.readonly) {
      throw vscode.FileSystemError.NoPermissions(
        vscode.l10n.t('This key policy is open read-only (Show Key Policy): use Edit Key Policy to change it.'),
      );
    }
    const reason = this.saveReasons.get(uri.toString());
    this.saveReasons.delete(uri.toString());
    if (reason !== undefined && reason !== vscode.TextDocumentSaveReason.Manual) {
      // Auto-save (the default in VS Code for the Web) would send a half-typed policy to KMS, with a modal per pause.
      const error = vscode.FileSystemError.NoPermissions(
        vscode.l10n.t(
          'Key policies are not auto-saved: save this one with File > Save (Ctrl+S) to review and send it.',
        ),
      );
      this.saveFailures.fire({ uri, error });
      throw error;
    }
    const text = new TextDecoder().decode(content);
    this.diagnostics.delete(uri);
    try {
      await this.save(uri, target, text);
      this.mtimes.set(uri.toString(), Date.now());
    } catch (error) {
      this.log.error(`could not save the policy of ${target.keyArn}: ${describeError(error)}`, 'policy');
      this.saveFailures.fire({ uri, error: error as Error });
      throw rethrow(uri)(error);
    }
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  readDirectory(): [string, vscode.FileType][] {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Key policies are single documents, not folders.'));
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Key policies are single documents, not folders.'));
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions(
      vscode.l10n.t('A key always has a key policy: it cannot be deleted, only replaced.'),
    );
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('A key policy cannot be renamed.'));
  }

  dispose(): void {
    vscode.Disposable.from(...this.listeners).dispose();
    this.diagnostics.dispose();
    this.changes.dispose();
    this.saveFailures.dispose();
  }

  private async save(uri: vscode.Uri, target: PolicyTarget, text: string): Promise<void> {
    const parsed = parsePolicy(text);
    if (!parsed.ok) {
      this.mark(uri, text, parsed.offset, parsed.message);
      throw new KmsExtensionError('MalformedPolicyDocumentException', parsed.message);
    }
    const kms = await this.kms(target);
    const current = parsePolicy(await this.fetch(target, kms));
    const changes = current.ok ? statementChanges(current, parsed) : undefined;
    const label = uri.path.split('/').pop() ?? target.keyArn;
    const accepted = await this.confirm(
      vscode.l10n.t('Replace the key policy of {0}?', target.keyArn),
      this.confirmationDetail(target, parsed, changes),
      vscode.l10n.t('Save Policy'),
    );
    if (!accepted) {
      throw new KmsExtensionError(
        'SaveDeclined',
        vscode.l10n.t('{0} is not saved: you declined. Your edit is kept; save again to be asked again.', label),
      );
    }
    try {
      // Never BypassPolicyLockoutSafetyCheck: KMS's refusal of a policy that locks the caller out is the last guard.
      await kms('PutKeyPolicy', { KeyId: target.keyArn, PolicyName: POLICY_NAME, Policy: text });
    } catch (error) {
      const failure = keyOperationError(error, {
        operation: 'PutKeyPolicy',
        key: { arn: target.keyArn, label },
        connection: this.connections.connection,
        region: target.region,
      });
      this.mark(uri, text, undefined, failure.message);
      throw failure;
    }
    this.log.info(`PutKeyPolicy ${target.keyArn}: done (${text.length} characters)`, 'policy');
  }

  private confirmationDetail(
    target: PolicyTarget,
    parsed: PolicyDocument,
    changes: StatementChanges | undefined,
  ): string {
    const lines: string[] = [];
    if (!changes) {
      lines.push(vscode.l10n.t('The current policy could not be read as JSON; it is replaced whole.'));
    } else if (!hasChanges(changes)) {
      lines.push(vscode.l10n.t('No statement changes: the new policy means the same as the current one.'));
    } else {
      const list = (names: string[]): string => names.join(', ');
      if (changes.added.length > 0) {
        lines.push(vscode.l10n.t('Added: {0}', list(changes.added)));
      }
      if (changes.removed.length > 0) {
        lines.push(vscode.l10n.t('Removed: {0}', list(changes.removed)));
      }
      if (changes.changed.length > 0) {
        lines.push(vscode.l10n.t('Changed: {0}', list(changes.changed)));
      }
      if (changes.header) {
        lines.push(vscode.l10n.t('Version or Id changed.'));
      }
    }
    const root = accountRootOf(target.keyArn);
    if (root && lockedOut(parsed.statements, [root]).length > 0) {
      lines.push(
        '',
        vscode.l10n.t(
          'Warning: the new policy does not allow the account root ({0}) {1}. Unless another principal it allows can, nobody will be able to change this policy again and the key may become unmanageable. KMS refuses a policy that would lock out the principal making this request (its policy lockout safety check, which this extension never bypasses), but not one that locks out the account root.',
          root.arn,
          PUT_KEY_POLICY,
        ),
      );
    }
    const sandbox = sandboxLines(this.connections.connection);
    if (sandbox.length > 0) {
      lines.push('', vscode.l10n.t('The sandbox stores key policies but does not enforce them.'));
    }
    return lines.join('\n');
  }

  /** A diagnostic at `offset` of the saved text, else on the whole document. */
  private mark(uri: vscode.Uri, text: string, offset: number | undefined, message: string): void {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const at = (o: number): vscode.Position =>
      document ? document.positionAt(o) : new vscode.Position(text.slice(0, o).split('\n').length - 1, 0);
    const range =
      offset === undefined
        ? new vscode.Range(at(0), at(text.length))
        : new vscode.Range(at(offset), at(Math.min(offset + 1, text.length)));
    const diagnostic = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error);
    diagnostic.source = 'AWS KMS';
    this.diagnostics.set(uri, [diagnostic]);
  }

  private async kms(target: PolicyTarget): Promise<KmsCall> {
    return kmsCall(await this.connections.client(target.region));
  }

  private async fetch(target: PolicyTarget, kms?: KmsCall): Promise<string> {
    try {
      const call = kms ?? (await this.kms(target));
      const { Policy } = await call('GetKeyPolicy', { KeyId: target.keyArn, PolicyName: POLICY_NAME });
      return Policy ?? '';
    } catch (error) {
      throw keyOperationError(error, {
        operation: 'GetKeyPolicy',
        connection: this.connections.connection,
        region: target.region,
      });
    }
  }
}

function rethrowAsync(uri: vscode.Uri) {
  return (error: unknown): never => {
    throw rethrow(uri)(error);
  };
}

/** A provider error VS Code understands, keeping our message (it names the cause and the next step). */
function rethrow(uri: vscode.Uri) {
  return (error: unknown): vscode.FileSystemError => {
    if (error instanceof vscode.FileSystemError) {
      return error;
    }
    if ((error as { name?: string } | undefined)?.name === 'NotFoundException') {
      return vscode.FileSystemError.FileNotFound(uri);
    }
    return new vscode.FileSystemError(error instanceof Error ? error.message : String(error));
  };
}
