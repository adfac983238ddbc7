import * as l10n from '@vscode/l10n';
import type { KMSClient } from '@aws-sdk/client-kms';
import type * as Esdk from '@aws-crypto/client-node';
import { KmsExtensionError } from '../../core/errors';
import type { Connection } from '../connection';
import type { KmsClientFactory } from '../kmsClients';
import { regionFor, regionOfKeyArn } from '../resolveConnection';
import { esdkClient, loadSdks, type EsdkClient, type Sdks } from './esdk';
import { KmsCallLog, kmsClientSupplier, type KmsCallRecord } from './kmsSupplier';

/**
 * What one engine call (or one batch) works with: the loaded SDKs, KMS clients for every region it needs (the
 * ESDK asks for them synchronously, so they are created up front through KmsClientFactory), the call log, and an
 * ESDK client with the caller's data-key limit.
 */

export interface EngineDeps {
  clients: KmsClientFactory;
  connection: Connection;
  /** Sees every KMS call: operation, key and region, plus the error if it failed (never any key material). */
  onKmsCall?: (record: KmsCallRecord) => void;
}

export class Session {
  readonly log: KmsCallLog;
  readonly supplier: Esdk.KmsNodeClientSupplier;
  private readonly regionClients = new Map<string, KMSClient>();
  private readonly esdkClients = new Map<number, EsdkClient>();

  private constructor(
    readonly sdks: Sdks,
    private readonly deps: EngineDeps,
    signal?: AbortSignal,
  ) {
    this.log = new KmsCallLog(deps.onKmsCall);
    this.supplier = kmsClientSupplier({ sdks, clients: this.regionClients, log: this.log, ...(signal && { signal }) });
  }

  static async open(deps: EngineDeps, keyIds: string[], signal?: AbortSignal): Promise<Session> {
    const session = new Session(await loadSdks(), deps, signal);
    await session.addKeys(keyIds);
    return session;
  }

  get connection(): Connection {
    return this.deps.connection;
  }

  /** The ESDK client (commitment policy REQUIRE_ENCRYPT_REQUIRE_DECRYPT) refusing more than `maxEncryptedDataKeys`. */
  client(maxEncryptedDataKeys: number): EsdkClient {
    let client = this.esdkClients.get(maxEncryptedDataKeys);
    if (!client) {
      client = esdkClient(this.sdks.esdk, maxEncryptedDataKeys);
      this.esdkClients.set(maxEncryptedDataKeys, client);
    }
    return client;
  }

  /** Prepares the KMS client for each key's region: the ARN's, else the connection's ('' for the ESDK). */
  async addKeys(keyIds: string[]): Promise<void> {
    const { connection, clients } = this.deps;
    if (connection.kind === 'sandbox') {
      // One local KMS answers for every region the file names.
      if (!this.regionClients.has('*')) {
        const client = await clients.clientFor(connection, connection.region);
        this.regionClients.set('*', client).set('', client);
      }
      return;
    }
    for (const keyId of keyIds) {
      const slot = regionOfKeyArn(keyId) ?? '';
      if (this.regionClients.has(slot)) {
        continue;
      }
      const choice = regionFor(connection, keyId);
      if (choice.problem) {
        throw new KmsExtensionError(
          'RegionMissing',
          l10n.t({
            message: '{0} (for KMS key {1}).',
            args: [choice.message.replace(/[.:]?$/, ''), keyId],
            comment: ['{0} says that no region is configured', '{1} is a KMS key ARN'],
          }),
          { next: choice.next },
        );
      }
      this.regionClients.set(slot, await clients.clientFor(connection, choice.region));
    }
  }
}
