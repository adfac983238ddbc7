import type { SandboxState } from './model';

export interface SandboxCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Set for temporary credentials: requests must then carry it as a signed X-Amz-Security-Token. */
  sessionToken?: string;
}

/** Settings of one sandbox server; every field has a default in `defaultConfig`. */
export interface SandboxConfig {
  region: string;
  accountId: string;
  partition: string;
  /** Maximum on-demand rotations per key (25 in the 2026 model). */
  onDemandRotationLimit: number;
  /** Import token and wrapping key lifetime (24 h in KMS). */
  importTokenLifetimeMs: number;
}

export const defaultConfig = (): SandboxConfig => ({
  region: 'us-east-1',
  accountId: '111122223333',
  partition: 'aws',
  onDemandRotationLimit: 25,
  importTokenLifetimeMs: 24 * 60 * 60 * 1000,
});

/** What an operation handler gets: the live state (mutate it synchronously), the settings and the clock. */
export interface OpContext {
  readonly state: SandboxState;
  readonly config: SandboxConfig;
  /** Epoch ms. Injectable so tests can move time past expiry and deletion dates. */
  now(): number;
  /** The server secret (state.secret decoded). */
  readonly secret: Buffer;
}

/** A KMS operation: parses its own input (validate.ts) and returns the output shape, or nothing for empty output. */
export type OperationHandler = (ctx: OpContext, body: unknown) => Promise<object | undefined> | object | undefined;

export interface OperationDef {
  handler: OperationHandler;
  /** Whether a success changes state, so the store persists it before the response is sent. */
  mutating: boolean;
}

export type OperationTable = Record<string, OperationDef>;

export const query = (handler: OperationHandler): OperationDef => ({ handler, mutating: false });
export const mutation = (handler: OperationHandler): OperationDef => ({ handler, mutating: true });
