import * as l10n from '@vscode/l10n';
import type { KMSClient } from '@aws-sdk/client-kms';
import { KmsExtensionError } from '../core/errors';
import type { Connection } from './connection';

/**
 * One KMSClient per (connection, region), created on first use. The SDK module is imported then, not at
 * activation. Every client gets the connection's endpoint explicitly and ignores endpoints configured in
 * `process.env` or the default shared files, so what the UI shows is what the client uses.
 */

export interface KmsClientOptions {
  /** Attempts per request, the first included. Default 3 (the SDK's). */
  maxAttempts?: number;
  /** `standard` (default) or `adaptive` (client-side rate limiting after throttling). */
  retryMode?: 'standard' | 'adaptive';
  /** How long to wait for a TCP connection, so an unreachable endpoint fails fast. Default 5 s. */
  connectionTimeoutMs?: number;
  /** How long to wait for a response once connected. Default: the SDK's (no limit). */
  requestTimeoutMs?: number;
  /**
   * Awaited before a client is handed out, so no request reaches an endpoint the user has not allowed (the
   * extension asks about endpoints that are neither AWS's nor loopback; the CLI passes none).
   */
  approveEndpoint?: (connection: Connection) => Promise<void>;
}

type KmsModule = typeof import('@aws-sdk/client-kms');

export const DEFAULT_CONNECTION_TIMEOUT_MS = 5_000;

export class KmsClientFactory {
  private readonly clients = new Map<string, { connection: Connection; client: KMSClient }>();
  private disposed = false;

  constructor(
    private options: KmsClientOptions = {},
    private readonly loadSdk: () => Promise<KmsModule> = async () => import('@aws-sdk/client-kms'),
  ) {}

  /** The client for `region` (see regionFor) on `connection`. A new Connection object with the same id replaces the old client. */
  async clientFor(connection: Connection, region: string): Promise<KMSClient> {
    await this.options.approveEndpoint?.(connection);
    const sdk = await this.loadSdk();
    if (this.disposed) {
      throw new KmsExtensionError('disposed', l10n.t('The KMS connection was closed: retry the command.'));
    }
    const key = `${connection.id}\u0000${region}`;
    const cached = this.clients.get(key);
    if (cached?.connection === connection) {
      return cached.client;
    }
    cached?.client.destroy();
    const {
      maxAttempts = 3,
      retryMode = 'standard',
      connectionTimeoutMs = DEFAULT_CONNECTION_TIMEOUT_MS,
      requestTimeoutMs,
    } = this.options;
    const client = new sdk.KMSClient({
      region,
      credentials: connection.credentials.provider,
      ...(connection.endpoint !== undefined && { endpoint: connection.endpoint }),
      ignoreConfiguredEndpointUrls: true,
      useFipsEndpoint: connection.useFipsEndpoint,
      useDualstackEndpoint: connection.useDualstackEndpoint,
      maxAttempts,
      retryMode,
      requestHandler: {
        connectionTimeout: connectionTimeoutMs,
        ...(requestTimeoutMs !== undefined && { requestTimeout: requestTimeoutMs }),
      },
    });
    this.clients.set(key, { connection, client });
    return client;
  }

  /** New retry and timeout options; existing clients are dropped so the next request uses them. */
  setOptions(options: KmsClientOptions): void {
    this.options = { ...options };
    this.clear();
  }

  /** Drops every client (connection changed, credentials reloaded). Requests in flight on them fail. */
  clear(): void {
    for (const { client } of this.clients.values()) {
      client.destroy();
    }
    this.clients.clear();
  }

  get size(): number {
    return this.clients.size;
  }

  dispose(): void {
    this.disposed = true;
    this.clear();
  }
}
