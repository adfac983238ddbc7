import * as vscode from 'vscode';
import type { KeyMetadata } from '@aws-sdk/client-kms';
import type { KeyCatalogue, KeyEntry } from '../aws/keyCatalogue';
import { keyOperationError } from '../aws/keyErrors';
import { keyRefusal } from '../aws/keyUsability';
import { kmsCall } from '../aws/kmsCall';
import { KmsExtensionError } from '../core/errors';
import type { ConnectionManager } from '../connections/connectionManager';

/**
 * The keys an encrypting command will use, checked before any confirmation or KMS data call: keys the picker
 * listed are judged by what it showed; keys typed by hand, from awsKms.encryption.defaultKeys or from a caller are
 * described first (DescribeKey), so a disabled, pending-import or HMAC key is refused with a message that names it
 * and what to do, not with KMS's InvalidKeyUsageException halfway through the work.
 */

export interface ChosenKey {
  /** As chosen (alias name, key id or ARN): what the engine and the messages use. */
  keyId: string;
  arn: string;
}

/** Refuses a key that cannot encrypt, naming it as the user chose it. */
export function requireUsable(keyId: string, meta: KeyMetadata, operation: string): ChosenKey {
  const arn = meta.Arn ?? keyId;
  const refusal = keyRefusal(meta, { label: keyId, arn }, operation);
  if (refusal) {
    throw refusal;
  }
  return { keyId, arn };
}

/** DescribeKey in the key's region (the ARN's, else the connection's); errors name the key and the next step. */
export async function describeForUse(
  connections: ConnectionManager,
  keyId: string,
  operation: string,
): Promise<KeyMetadata> {
  const region = connections.region(keyId.startsWith('arn:') ? keyId : undefined);
  try {
    const { KeyMetadata: meta } = await kmsCall(await connections.client(region))('DescribeKey', { KeyId: keyId });
    if (!meta?.Arn) {
      throw new Error(`DescribeKey returned no key metadata for ${keyId}`);
    }
    return meta;
  } catch (error) {
    if (error instanceof Error && error.name === 'NotFoundException') {
      throw new KmsExtensionError(
        'KeyNotFound',
        vscode.l10n.t(
          '{0}: there is no key {1} in {2} for this connection. Check the key id or alias and the region, or choose a key from the list.',
          operation,
          keyId,
          region,
        ),
        { cause: error, next: 'selectRegion' },
      );
    }
    throw keyOperationError(error, {
      operation: `${operation} (DescribeKey)`,
      key: { arn: keyId, label: keyId },
      connection: connections.connection,
      region,
    });
  }
}

export async function usableKeys(
  connections: ConnectionManager,
  keyIds: readonly string[],
  operation: string,
): Promise<ChosenKey[]> {
  const described = await Promise.all(keyIds.map(async (keyId) => describeForUse(connections, keyId, operation)));
  return keyIds.map((keyId, i) => requireUsable(keyId, described[i], operation));
}

/** The catalogue entry a key id, key ARN, alias name or alias ARN of the catalogue's region names, if it is loaded. */
export function findEntry(catalogue: KeyCatalogue, keyId: string): KeyEntry | undefined {
  const alias = /^(?:arn:[^:]+:kms:([^:]+):\d{12}:)?(alias\/.+)$/.exec(keyId);
  if (alias) {
    if (alias[1] && alias[1] !== catalogue.region) {
      return undefined;
    }
    return catalogue.allEntries().find((entry) => entry.aliases.includes(alias[2]));
  }
  if (keyId.startsWith('arn:') && !keyId.includes(`:kms:${catalogue.region}:`)) {
    return undefined;
  }
  return catalogue.entry(keyId);
}
