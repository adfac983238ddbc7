import * as vscode from 'vscode';
import type { KeyMetadata } from '@aws-sdk/client-kms';
import { keyIdOf, type KeyCatalogue, type KeyEntry } from '../aws/keyCatalogue';
import { keyOperationError } from '../aws/keyErrors';
import { keyLabel } from '../aws/keyStatus';
import { kmsCall, type KmsCall, type KmsOperation } from '../aws/kmsCall';
import { CancelledError, KmsExtensionError } from '../core/errors';
import type { ConnectionManager } from '../connections/connectionManager';
import type { Logger } from '../platform/logger';
import { AliasNode, MaterialNode } from './keyDetailNodes';
import { keyOfNode } from './keyOfNode';
import { KEYS_VIEW_ID, type KeysTreeProvider } from './keysTreeProvider';
import { describeKey, pickKey } from './keyPicker';

/** What a key command acts on, resolved from a tree node, a key ARN or id, or a pick from the current region. */
export interface KeyTarget {
  region: string;
  keyId: string;
  arn: string;
  /** Alias (without `alias/`) or key id: how messages name the key. */
  label: string;
  metadata: KeyMetadata;
  aliases: readonly string[];
  /** Set when the command came from an alias row. */
  aliasName?: string;
  /** Set when the command came from a key material row. */
  materialId?: string;
}

export interface KeyCommandDeps {
  connections: ConnectionManager;
  keys: KeysTreeProvider;
  log: Logger;
}

/** Options of a command that asks for confirmation: `confirmed` skips it, for the test suites only (ui/confirm.ts). */
export interface ConfirmOptions {
  confirmed?: boolean;
}

export interface PickOptions {
  /** Title of the key picker, e.g. "Disable Key". */
  title: string;
  /** Which keys the command applies to; the picker lists only those. */
  applies?: (meta: KeyMetadata, entry: KeyEntry) => boolean;
  /** List AWS managed keys as well (copy commands). */
  includeAwsManaged?: boolean;
}

/** Resolves the first argument of a key command; without one, asks for a key of the current region. */
export async function resolveKeyTarget(deps: KeyCommandDeps, arg: unknown, pick: PickOptions): Promise<KeyTarget> {
  const node = keyOfNode(arg);
  const extra: Pick<KeyTarget, 'aliasName' | 'materialId'> =
    arg instanceof AliasNode
      ? { aliasName: arg.aliasName }
      : arg instanceof MaterialNode
        ? { materialId: arg.material.KeyMaterialId }
        : {};
  if (node) {
    const entry = node.entry?.metadata ? node.entry : await reloadOrThrow(deps, node.catalogue, node.keyId);
    return { ...targetOf(node.region, entry), ...extra };
  }
  if (typeof arg === 'string' && arg.length > 0) {
    const region = deps.connections.region(arg.startsWith('arn:') ? arg : undefined);
    const catalogue = deps.keys.catalogue(region);
    const cached = catalogue.entry(arg);
    return targetOf(region, cached?.metadata ? cached : await reloadOrThrow(deps, catalogue, arg));
  }
  const region = deps.connections.region();
  return targetOf(region, await pickKey(deps, region, pick));
}

function targetOf(region: string, entry: KeyEntry): KeyTarget {
  return {
    region,
    keyId: entry.keyId,
    arn: entry.arn,
    label: keyLabel(entry),
    metadata: entry.metadata as KeyMetadata,
    aliases: entry.aliases,
  };
}

async function reloadOrThrow(deps: KeyCommandDeps, catalogue: KeyCatalogue, keyIdOrArn: string): Promise<KeyEntry> {
  const region = catalogue.region;
  let entry: KeyEntry | undefined;
  try {
    entry = keyIdOrArn.startsWith('alias/')
      ? await describeKey(deps, region, keyIdOrArn).then(async (meta) => catalogue.reload(meta.Arn ?? keyIdOrArn))
      : await catalogue.reload(keyIdOrArn);
  } catch (error) {
    throw keyOperationError(error, { operation: 'DescribeKey', connection: deps.connections.connection, region });
  }
  if (!entry?.metadata) {
    throw new KmsExtensionError(
      'NotFoundException',
      entry?.problem
        ? vscode.l10n.t('Cannot use {0}: {1}', keyIdOrArn, entry.problem)
        : vscode.l10n.t('Key {0} does not exist in {1}: refresh the Keys view.', keyIdOf(keyIdOrArn), region),
    );
  }
  return entry;
}

/**
 * Runs the KMS request(s) of a command with progress in the Keys view, turns failures into messages that name the
 * key and the next step, and then redraws the key's row (also after a failure: the tree may have been stale).
 */
export async function runKeyOperation<T>(
  deps: KeyCommandDeps,
  target: KeyTarget,
  operation: KmsOperation,
  title: string,
  run: (call: KmsCall) => Promise<T>,
): Promise<T> {
  try {
    return await vscode.window.withProgress({ location: { viewId: KEYS_VIEW_ID }, title }, async () => {
      try {
        const result = await run(kmsCall(await deps.connections.client(target.region)));
        deps.log.info(`${operation} ${target.arn}: done`, 'keys');
        return result;
      } catch (error) {
        throw keyOperationError(error, {
          operation,
          key: { arn: target.arn, label: target.label },
          connection: deps.connections.connection,
          region: target.region,
        });
      }
    });
  } finally {
    await deps.keys
      .keyChanged(target.arn, target.region)
      .catch((error: unknown) =>
        deps.log.warn(
          `reloading ${target.arn}: ${deps.keys.describeFailure(error, target.region, 'DescribeKey')}`,
          'keys',
        ),
      );
  }
}

/**
 * An input box; `preset` (tests, next-step buttons) replaces it and is validated the same way, so a bad preset fails
 * with the message the box would show.
 */
export type TextPrompt = Omit<vscode.InputBoxOptions, 'validateInput'> & {
  validateInput?: (value: string) => string | undefined;
};

export async function ask(preset: string | undefined, options: TextPrompt): Promise<string> {
  if (preset !== undefined) {
    const problem = options.validateInput?.(preset);
    if (problem) {
      throw new KmsExtensionError('invalidInput', problem);
    }
    return preset;
  }
  const value = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  if (value === undefined) {
    throw new CancelledError();
  }
  return value;
}
