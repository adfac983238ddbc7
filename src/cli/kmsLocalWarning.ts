import type { KMSClient } from '@aws-sdk/client-kms';
import type { Connection } from '../aws/connection';
import { KmsClientFactory } from '../aws/kmsClients';
import { watchForKmsLocal } from '../aws/kmsLocal';

/**
 * kms-envelope has no prompt to confirm with, so when it encrypts under kms-local, the sandbox KMS, it says once
 * that this protects nothing. It says so on the first answer (the data key, before any result is written), and on
 * stderr, so that stdout stays the results alone.
 */

export const kmsLocalWarning = (endpoint: string): string =>
  `warning: ${endpoint} is kms-local, the local sandbox KMS, not AWS KMS: its keys protect nothing, ` +
  'and only this sandbox can decrypt the result. Use AWS KMS for real secrets.';

/** KMS clients that call `warn` with the endpoint the first time kms-local answers one of them. */
export class KmsLocalWarningClients extends KmsClientFactory {
  private warned = false;

  constructor(private readonly warn: (endpoint: string) => void) {
    super();
  }

  override async clientFor(connection: Connection, region: string): Promise<KMSClient> {
    const client = await super.clientFor(connection, region);
    watchForKmsLocal(client, (endpoint) => {
      if (!this.warned) {
        this.warned = true;
        this.warn(endpoint);
      }
    });
    return client;
  }
}
