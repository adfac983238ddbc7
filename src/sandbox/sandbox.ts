import { isLoopbackHost } from '../core/loopback';
import type { AddressInfo } from 'node:net';
import { defaultConfig, type SandboxConfig, type SandboxCredentials } from './context';
import { dataDirCredentials, randomCredentials } from './credentials';
import { FileStore } from './fileStore';
import { createKmsServer, type ConnectionLimits } from './server';
import { KmsService, type StateStore } from './service';
import { MemoryStore } from './store';

export interface SandboxOptions {
  /** A loopback address or `localhost`; default 127.0.0.1. Anything else is refused. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  region?: string;
  accountId?: string;
  /** Default: random, or for a data directory the ones generated for it before. */
  credentials?: SandboxCredentials;
  /** Persist the state here. Without it the state lives in memory. */
  dataDir?: string;
  /** Explicitly in memory; contradicts `dataDir`. */
  inMemory?: boolean;
  /** Delay added to every response. */
  latencyMs?: number;
  /** Default 1 MiB; KMS's largest request is far smaller. */
  maxBodyBytes?: number;
  /** How far a request's X-Amz-Date may be from the wall clock; default 5 minutes, as in AWS. */
  maxClockSkewMs?: number;
  /** Overrides the KMS clock (epoch ms), so tests can pass expiry and deletion dates. Signatures use the wall clock. */
  now?: () => number;
  config?: Partial<SandboxConfig>;
  /** Receives internal-failure reports; default stderr. */
  log?: (line: string) => void;
  /** Timeouts and the connection cap; default DEFAULT_LIMITS (server.ts). */
  limits?: ConnectionLimits;
}

export interface RunningSandbox {
  endpoint: string;
  region: string;
  accountId: string;
  credentials: SandboxCredentials;
  service: KmsService;
  /** Where the state is persisted; undefined in memory. */
  dataDir?: string;
  close(): Promise<void>;
}

const DEFAULT_HOST = '127.0.0.1';
const MIB = 1024 * 1024;

/** Starts a sandbox KMS on loopback (in-process). */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const host = (options.host ?? DEFAULT_HOST).replace(/^\[(.*)\]$/, '$1');
  if (!isLoopbackHost(host)) {
    throw new Error(`The sandbox listens on loopback only (127.0.0.1, ::1 or localhost), not on '${options.host}'.`);
  }
  if (options.dataDir !== undefined && options.inMemory) {
    throw new Error('Choose a data directory or in-memory state, not both.');
  }
  const config: SandboxConfig = { ...defaultConfig(), ...options.config };
  if (options.region) {
    config.region = options.region;
  }
  if (options.accountId) {
    config.accountId = options.accountId;
  }

  const fileStore = options.dataDir === undefined ? undefined : await FileStore.open(options.dataDir);
  const store: StateStore = fileStore ?? new MemoryStore();
  try {
    const credentials =
      options.credentials ??
      (options.dataDir === undefined ? randomCredentials() : await dataDirCredentials(options.dataDir));
    const service = new KmsService(store, config, options.now);
    const server = createKmsServer({
      service,
      signature: {
        credentials,
        region: config.region,
        maxClockSkewMs: options.maxClockSkewMs ?? 5 * 60_000,
        now: Date.now,
      },
      maxBodyBytes: options.maxBodyBytes ?? MIB,
      latencyMs: options.latencyMs ?? 0,
      log:
        options.log ??
        ((line) => {
          process.stderr.write(`${line}\n`);
        }),
      ...(options.limits && { limits: options.limits }),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    let closing: Promise<void> | undefined;
    return {
      endpoint: `http://${shownHost}:${address.port}`,
      region: config.region,
      accountId: config.accountId,
      credentials,
      service,
      dataDir: options.dataDir,
      close: async () => {
        closing ??= (async () => {
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          });
          await fileStore?.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await fileStore?.close();
    throw error;
  }
}
