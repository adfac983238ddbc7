import * as vscode from 'vscode';
import { kmsCall, type KmsCall } from '../aws/kmsCall';
import { keysFor } from '../keys/keyChoice';
import type { FileCommandDeps, FileCommandOptions } from './fileCommandDeps';
import { contextSetting } from './fileSettings';

/** What a command that sends one KMS key one request needs (KMS Encrypt, GenerateDataKey). */
export interface OneKeyRequest {
  keyId: string;
  /** The encryption context: the caller's, else awsKms.encryption.context. */
  context: Record<string, string>;
  /** The key's region (the ARN's, else the connection's), for the request and its error messages. */
  region: string;
  call: KmsCall;
}

/** Asks for the one key (or checks the one given), and prepares the KMS call in that key's region. */
export async function oneKeyRequest(
  deps: FileCommandDeps,
  options: FileCommandOptions,
  operation: string,
): Promise<OneKeyRequest> {
  const [{ keyId }] = await keysFor(deps, options.keys, {
    title: vscode.l10n.t('{0}: KMS key', operation),
    many: false,
    operation,
  });
  const region = deps.connections.region(keyId.startsWith('arn:') ? keyId : undefined);
  return {
    keyId,
    context: options.context ?? contextSetting(deps.settings),
    region,
    call: kmsCall(await deps.connections.client(region)),
  };
}
