import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Connection } from '../aws/connection';
import { endpointOrigin } from '../aws/endpointErrors';
import { endpointIdentity, needsApproval } from '../aws/endpointTrust';
import { describeError, KmsExtensionError } from '../core/errors';
import type { Logger } from '../platform/logger';
import { confirmed, type ConfirmPrompt } from '../ui/confirm';

/**
 * The first KMS request to an endpoint that is neither AWS's nor this machine's asks the user, once per endpoint:
 * such an endpoint sees every request signed with the user's credentials and could hand out data keys it knows.
 * Allowed endpoints are kept in a file in the extension's global storage (the browser workbench keeps globalState
 * per page origin, which changes on every start); a refusal holds until Reload AWS Configuration.
 */
export class EndpointApproval {
  private allowed: Set<string> | undefined;
  private readonly declined = new Set<string>();
  /** One question per endpoint, however many requests wait for it (the Keys view starts several at once). */
  private readonly asking = new Map<string, Promise<boolean>>();
  /** The question (the integration suites answer it themselves). */
  confirm: ConfirmPrompt = confirmed;

  constructor(
    private readonly storage: vscode.Uri,
    private readonly log: Logger,
  ) {}

  /** Resolves when requests of `connection` may go out; throws when the user did not allow its endpoint. */
  async approve(connection: Connection): Promise<void> {
    const endpoint = connection.endpoint;
    if (connection.kind === 'sandbox' || endpoint === undefined || !needsApproval(endpoint)) {
      return;
    }
    const identity = endpointIdentity(endpoint);
    if (this.allowedEndpoints().has(identity)) {
      return;
    }
    if (!this.declined.has(identity)) {
      let question = this.asking.get(identity);
      if (!question) {
        question = this.ask(connection, identity).finally(() => this.asking.delete(identity));
        this.asking.set(identity, question);
      }
      if (await question) {
        return;
      }
    }
    throw new KmsExtensionError(
      'EndpointNotAllowed',
      vscode.l10n.t(
        'No request was sent to {0}: you did not allow that endpoint. Change {1}, or run Reload AWS Configuration to be asked again.',
        identity,
        endpointOrigin(connection),
      ),
      { next: 'reloadCredentials' },
    );
  }

  /** Reload AWS Configuration: endpoints refused in this session are asked about again. */
  forgetRefusals(): void {
    this.declined.clear();
  }

  private async ask(connection: Connection, identity: string): Promise<boolean> {
    const allowed = await this.confirm(
      vscode.l10n.t('Send KMS requests to {0}?', identity),
      [
        vscode.l10n.t(
          '{0} is neither an AWS endpoint nor on this machine. It comes from {1}.',
          identity,
          endpointOrigin(connection),
        ),
        vscode.l10n.t(
          'Every request to it is signed with the credentials of {0}, and for encrypted files it could hand out data keys it knows. Allow it only if you run it or trust whoever does.',
          connection.label,
        ),
      ].join('\n'),
      vscode.l10n.t('Allow Endpoint'),
    );
    if (allowed) {
      this.allowedEndpoints().add(identity);
      this.save();
      this.log.info(`endpoint ${identity} allowed by the user`, 'connection');
    } else {
      this.declined.add(identity);
      this.log.warn(`endpoint ${identity} refused by the user: no request sent`, 'connection');
    }
    return allowed;
  }

  private get file(): vscode.Uri {
    return vscode.Uri.joinPath(this.storage, 'allowed-endpoints.json');
  }

  private allowedEndpoints(): Set<string> {
    if (!this.allowed) {
      this.allowed = new Set();
      try {
        const stored: unknown = JSON.parse(readFileSync(this.file.fsPath, 'utf8'));
        for (const entry of Array.isArray(stored) ? stored : []) {
          if (typeof entry === 'string') {
            this.allowed.add(entry);
          }
        }
      } catch {
        // None allowed yet (or an unreadable file: asking again is the safe side).
      }
    }
    return this.allowed;
  }

  private save(): void {
    try {
      mkdirSync(this.storage.fsPath, { recursive: true });
      writeFileSync(this.file.fsPath, JSON.stringify([...this.allowedEndpoints()], null, 2), { mode: 0o600 });
    } catch (error) {
      this.log.warn(
        `could not keep the allowed endpoints: ${describeError(error)} (the next session asks again)`,
        'connection',
      );
    }
  }
}
