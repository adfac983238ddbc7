import * as vscode from 'vscode';
import type { KeyMetadata, RotationsListEntry } from '@aws-sdk/client-kms';
import type { KeyEntry } from '../aws/keyCatalogue';
import { importOperationError } from '../aws/importErrors';
import { keyLabel } from '../aws/keyStatus';
import { kmsCall, type KmsCall, type KmsOperation } from '../aws/kmsCall';
import type { ConnectionManager } from '../connections/connectionManager';
import type { KeysTreeProvider } from '../keys/keysTreeProvider';
import { PageFailure } from './model/pageErrors';

/** The key of a Key material page as KMS last described it, with its materials; and the page's KMS requests. */

export interface KeyRef {
  arn: string;
  region: string;
}

export class LoadedKey {
  /** Undefined until the first load succeeds. */
  entry: KeyEntry | undefined;
  materials: readonly RotationsListEntry[] = [];
  /** Keys with one material say nothing about earlier imports once it is deleted: remember having seen it imported. */
  sawImportedMaterial = false;
  /** Set while a load runs: the key events it fires are the page's own. */
  loading = false;

  constructor(
    readonly ref: KeyRef,
    private readonly deps: { connections: ConnectionManager; keys: KeysTreeProvider },
  ) {}

  /** Describes the key again (through the Keys view's catalogue, so the tree follows) and lists its materials. */
  async load(): Promise<KeyMetadata> {
    this.loading = true;
    try {
      return await this.loadKey();
    } finally {
      this.loading = false;
    }
  }

  private async loadKey(): Promise<KeyMetadata> {
    const { keys } = this.deps;
    const { arn, region } = this.ref;
    const entry = await this.kms(
      'DescribeKey',
      async () => (await keys.keyChanged(arn, region)) ?? keys.catalogue(region).reload(arn),
    );
    if (!entry?.metadata) {
      throw new PageFailure({
        message: vscode.l10n.t({
          message: 'Key {0} was not found: refresh the Keys view.',
          args: [arn],
          comment: ['{0} is the ARN of a key'],
        }),
        next: 'refresh',
      });
    }
    this.entry = entry;
    const meta = entry.metadata;
    if (meta.ExpirationModel !== undefined) {
      this.sawImportedMaterial = true;
    }
    this.materials =
      meta.KeySpec === 'SYMMETRIC_DEFAULT' && meta.Origin === 'EXTERNAL'
        ? await this.kms('ListKeyRotations', async () => keys.catalogue(region).materials(entry.keyId))
        : [];
    return meta;
  }

  /** A KMS request (or a catalogue load) with the page's error mapping. */
  async kms<T>(operation: KmsOperation, run: (call: KmsCall) => Promise<T>): Promise<T> {
    const { connections } = this.deps;
    try {
      return await run(kmsCall(await connections.client(this.ref.region)));
    } catch (error) {
      if (error instanceof PageFailure) {
        throw error;
      }
      throw new PageFailure(
        importOperationError(error, this.label(), {
          connection: connections.connection,
          region: this.ref.region,
          operation,
        }),
      );
    }
  }

  meta(): KeyMetadata {
    const meta = this.entry?.metadata;
    if (!meta) {
      throw notLoaded();
    }
    return meta;
  }

  keySpec(): string {
    return this.meta().KeySpec ?? 'SYMMETRIC_DEFAULT';
  }

  label(): string {
    return this.entry ? keyLabel(this.entry) : this.ref.arn;
  }

  /** What the page's messages are about: the key's state and its materials' states. */
  fingerprint(): string {
    const meta = this.entry?.metadata;
    return JSON.stringify([
      meta?.KeyState,
      meta?.CurrentKeyMaterialId,
      meta?.ValidTo?.valueOf(),
      this.materials.map((m) => [m.KeyMaterialId, m.KeyMaterialState, m.ImportState, m.ValidTo?.valueOf()]),
    ]);
  }
}

/** An action arrived before the key loaded (the page has nothing to act on yet). */
export function notLoaded(): PageFailure {
  return new PageFailure({ message: vscode.l10n.t('The key is not loaded yet: refresh the page.'), next: 'refresh' });
}
