import assert from 'node:assert/strict';
import { KMSClient } from '@aws-sdk/client-kms';
import { useFixture } from '../support/suiteFixture';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/sandbox';

/** A sandbox on loopback and an SDK client pointed at it, as a user's code would be. */
export interface SandboxFixture {
  sandbox: RunningSandbox;
  kms: KMSClient;
  close(): Promise<void>;
}

export async function openSandbox(options: SandboxOptions = {}): Promise<SandboxFixture> {
  const sandbox = await startSandbox(options);
  const kms = kmsClientFor(sandbox);
  return {
    sandbox,
    kms,
    close: async () => {
      kms.destroy();
      await sandbox.close();
    },
  };
}

/** The sandbox of a suite (see useFixture); `options` may be a function, called at each opening (a fresh clock per test). */
export function useSandbox(
  options: SandboxOptions | (() => SandboxOptions) = {},
  scope: { perTest?: boolean } = {},
): SandboxFixture {
  return useFixture(async () => openSandbox(typeof options === 'function' ? options() : options), scope);
}

export function kmsClientFor(
  sandbox: RunningSandbox,
  overrides: Partial<ConstructorParameters<typeof KMSClient>[0]> = {},
): KMSClient {
  return new KMSClient({
    endpoint: sandbox.endpoint,
    region: sandbox.region,
    credentials: sandbox.credentials,
    maxAttempts: 1,
    ...overrides,
  });
}

/** Runs `fn` expecting a KMS error; returns it so the test can check name, message and status. */
export async function kmsError(
  fn: () => Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await fn();
  } catch (error) {
    return error as Error & { $metadata?: { httpStatusCode?: number } };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Expects `call` to fail with `name` (and `message` when given) and HTTP 400, as real KMS answers client errors. */
export async function expectKmsError(
  call: () => Promise<unknown>,
  name: string,
  message?: string | RegExp,
): Promise<Error> {
  const error = await kmsError(call);
  assert.equal(error.name, name, `expected ${name}, got ${error.name}: ${error.message}`);
  if (typeof message === 'string') {
    assert.equal(error.message, message);
  }
  if (message instanceof RegExp) {
    assert.match(error.message, message);
  }
  assert.equal(error.$metadata?.httpStatusCode, 400);
  return error;
}

/** Expects the ValidationException KMS sends when a required member is missing; `member` as the message names it. */
export async function expectMissingMember(call: () => Promise<unknown>, member: string): Promise<Error> {
  return expectKmsError(
    call,
    'ValidationException',
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  );
}
