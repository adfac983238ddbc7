import { CreateKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from '../../src/aws/connection';
import { EnvelopeEngine } from '../../src/aws/envelope/engine';
import type { KmsCallRecord } from '../../src/aws/envelope/kmsSupplier';
import { KmsClientFactory } from '../../src/aws/kmsClients';
import { sandboxConnection } from '../../src/aws/resolveConnection';
import { KmsError } from '../../src/sandbox/errors';
import type { RunningSandbox } from '../../src/sandbox/sandbox';
import { openSandbox } from '../sandbox/support';

/** A sandbox KMS over HTTP, an engine on a sandbox connection, and a temp folder: what every envelope test needs. */
export interface EnvelopeFixture {
  sandbox: RunningSandbox;
  kms: KMSClient;
  factory: KmsClientFactory;
  connection: Connection;
  engine: EnvelopeEngine;
  /** KMS calls as the engine saw them. */
  calls: KmsCallRecord[];
  /** KMS operations as the sandbox received them (HTTP requests that reached the service). */
  served: string[];
  dir: string;
  createKey(description?: string): Promise<string>;
  /** Makes the sandbox answer `operation` with an error, as a key policy would: until the returned function is called. */
  deny(operation: string, error?: KmsError): () => void;
  close(): Promise<void>;
}

export async function envelopeFixture(): Promise<EnvelopeFixture> {
  const { sandbox, kms, close } = await openSandbox();
  const factory = new KmsClientFactory({ maxAttempts: 1 });
  const connection = sandboxConnection(sandbox);
  const calls: KmsCallRecord[] = [];
  const served: string[] = [];
  const denied = new Map<string, KmsError>();
  const original = sandbox.service.call.bind(sandbox.service);
  sandbox.service.call = async (operation: string, body: unknown) => {
    served.push(operation);
    const error = denied.get(operation);
    if (error) {
      throw error;
    }
    return original(operation, body);
  };
  const engine = new EnvelopeEngine({ clients: factory, connection, onKmsCall: (record) => calls.push(record) });
  const dir = await mkdtemp(join(tmpdir(), 'kms-envelope-'));
  return {
    sandbox,
    kms,
    factory,
    connection,
    engine,
    calls,
    served,
    dir,
    createKey: async (description = 'envelope test') => {
      const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: description }));
      return KeyMetadata?.Arn ?? '';
    },
    deny: (
      operation,
      error = new KmsError(
        'AccessDeniedException',
        `User: arn:aws:iam::111122223333:user/test is not authorized to perform: kms:${operation} because no identity-based policy allows the kms:${operation} action`,
      ),
    ) => {
      denied.set(operation, error);
      return () => {
        denied.delete(operation);
      };
    },
    close: async () => {
      factory.dispose();
      await close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const sha256 = async (path: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

/** Files in `dir` other than the given ones: temp files left behind would show here. */
export async function strayFiles(dir: string, expected: string[]): Promise<string[]> {
  return (await readdir(dir)).filter((name) => !expected.includes(name));
}

export function count(served: string[], operation: string): number {
  return served.filter((name) => name === operation).length;
}
