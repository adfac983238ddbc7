import * as vscode from 'vscode';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { EnvelopeEngine } from '../aws/envelope/engine';
import type { Connection } from '../aws/connection';
import { KmsClientFactory } from '../aws/kmsClients';
import { regionFor, resolveConnection, type ConnectionProblem } from '../aws/resolveConnection';
import { CancelledError, describeError, KmsExtensionError } from '../core/errors';
import { setContext } from '../platform/contextKeys';
import { reachMilestone } from '../walkthrough/milestones';
import type { Logger } from '../platform/logger';
import type { Settings } from '../platform/settings';
import type { EndpointApproval } from './endpointApproval';
import type { SandboxHost } from './sandboxHost';

/**
 * Owns the active connection: resolves it from the settings, the environment and the shared AWS files, starts the
 * sandbox when that is the choice, and hands out KMS clients. Everything that depends on the connection listens to
 * onDidChange.
 */
export class ConnectionManager implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly clients: KmsClientFactory;
  private state: { connection?: Connection; problem?: ConnectionProblem } = {};
  private refreshing: Promise<void> | undefined;
  private engine: { connection: Connection; engine: EnvelopeEngine } | undefined;

  constructor(
    private readonly settings: Settings,
    private readonly sandbox: SandboxHost,
    private readonly log: Logger,
    private readonly endpoints: EndpointApproval,
  ) {
    this.clients = new KmsClientFactory({ approveEndpoint: async (connection) => endpoints.approve(connection) });
  }

  get connection(): Connection | undefined {
    return this.state.connection;
  }
  get problem(): ConnectionProblem | undefined {
    return this.state.problem;
  }

  /** Re-resolves the connection (settings changed, "Reload AWS Configuration"). Concurrent calls share one run. */
  async refresh(options: { reloadCredentials?: boolean } = {}): Promise<void> {
    const run = (this.refreshing ?? Promise.resolve()).then(async () => this.resolve(options));
    this.refreshing = run.finally(() => {
      if (this.refreshing === run) {
        this.refreshing = undefined;
      }
    });
    return run;
  }

  private async resolve(options: { reloadCredentials?: boolean }): Promise<void> {
    setContext('awsKms.connectionState', 'loading');
    if (options.reloadCredentials) {
      this.state.connection?.credentials.reload();
      this.endpoints.forgetRefusals();
    }
    this.clients.clear();
    const useSandbox = this.settings.get('connection') === 'sandbox';
    try {
      const sandbox = useSandbox ? await this.sandbox.start() : undefined;
      const result = await resolveConnection({
        settings: {
          connection: this.settings.get('connection'),
          profile: this.settings.get('profile'),
          region: this.settings.get('region'),
          endpointUrl: this.settings.get('endpointUrl'),
        },
        env: process.env,
        sandbox,
        mfaCodeProvider: askForMfaCode,
      });
      this.state = result.connection ? { connection: result.connection } : { problem: result };
    } catch (error) {
      this.log.error(`could not resolve the connection: ${describeError(error)}`, 'connection');
      this.state = {
        problem: {
          problem: 'sandboxNotRunning',
          message: vscode.l10n.t('Could not start the sandbox KMS: {0}', String(error)),
          next: 'showLog',
        },
      };
    }
    const { connection, problem } = this.state;
    if (connection) {
      reachMilestone('connected');
      this.log.info(
        `connection: ${connection.label}, region ${connection.region ?? '(none)'}, endpoint ${connection.endpoint ?? '(AWS default)'}`,
        'connection',
      );
    } else if (problem) {
      this.log.warn(`no connection: ${problem.message}`, 'connection');
    }
    setContext(
      'awsKms.connectionState',
      connection ? 'connected' : problem?.problem === 'noCredentials' ? 'none' : 'error',
    );
    this.changed.fire();
  }

  /** The connection, or an error that says how to get one. */
  requireConnection(): Connection {
    if (this.state.connection) {
      return this.state.connection;
    }
    const problem = this.state.problem;
    throw new KmsExtensionError(
      problem?.problem ?? 'noConnection',
      problem?.message ?? vscode.l10n.t('No AWS connection: select a profile or use the sandbox.'),
      { next: problem?.next ?? 'selectConnection' },
    );
  }

  /** The region for a request: the key ARN's region, else the connection's; asks only when neither exists. */
  region(keyArn?: string): string {
    const choice = regionFor(this.requireConnection(), keyArn);
    if (choice.problem === undefined) {
      return choice.region;
    }
    throw new KmsExtensionError('noRegion', choice.message, { next: choice.next });
  }

  async client(region: string = this.region()): Promise<KMSClient> {
    return this.clients.clientFor(this.requireConnection(), region);
  }

  /**
   * The envelope engine for the current connection, sharing this manager's KMS clients. Loaded on first use: the
   * Encryption SDK is heavy and most sessions never touch a file. A new connection gets a new engine.
   */
  async envelopeEngine(): Promise<EnvelopeEngine> {
    const connection = this.requireConnection();
    if (this.engine?.connection !== connection) {
      const { EnvelopeEngine } = await import('../aws/envelope/engine');
      this.engine = { connection, engine: new EnvelopeEngine({ clients: this.clients, connection }) };
    }
    return this.engine.engine;
  }

  dispose(): void {
    this.clients.dispose();
    this.changed.dispose();
  }
}

async function askForMfaCode(mfaSerial: string): Promise<string> {
  const code = await vscode.window.showInputBox({
    title: vscode.l10n.t('AWS MFA code'),
    prompt: vscode.l10n.t('Enter the current code of MFA device {0}', mfaSerial),
    ignoreFocusOut: true,
    validateInput: (value) => (/^\d{6}$/.test(value) ? undefined : vscode.l10n.t('An MFA code is 6 digits.')),
  });
  if (code === undefined) {
    throw new CancelledError();
  }
  return code;
}
