import type { AddressInfo } from 'node:net';
import { defaultConfig, type SandboxConfig, type SandboxCredentials } from './context';
import { createKmsServer } from './server';
import { KmsService } from './service';
import { MemoryStore } from './store';

export interface SandboxOptions {
  host?: string;
  port?: number;
  region?: string;
  accountId?: string;
  credentials?: SandboxCredentials;
  /** Overrides the clock (epoch ms), so tests can pass expiry and deletion dates. */
  now?: () => number;
  config?: Partial<SandboxConfig>;
}

export interface RunningSandbox {
  endpoint: string;
  region: string;
  accountId: string;
  credentials: SandboxCredentials;
  service: KmsService;
  close(): Promise<void>;
}

/** Starts a sandbox KMS on loopback (in-process). */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const config: SandboxConfig = { ...defaultConfig(), ...options.config };
  if (options.region) { config.region = options.region; }
  if (options.accountId) { config.accountId = options.accountId; }
  const credentials = options.credentials ?? { accessKeyId: 'AKIASANDBOXEXAMPLE00', secretAccessKey: 'sandbox-secret' };
  const service = new KmsService(new MemoryStore(), config, options.now);
  const server = createKmsServer({ service });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${host}:${port}`,
    region: config.region,
    accountId: config.accountId,
    credentials,
    service,
    close: async () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
