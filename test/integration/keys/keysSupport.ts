import * as assert from 'assert';
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  type CreateKeyCommandInput,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { wrapKeyMaterial } from '../../../src/core/keyMaterialWrap';
import type { TestSurface } from '../../../src/extension';
import { extensionApi, setSettings, waitFor } from '../support';

/** Helpers of the Keys view tests: reach the tree's rows the way VS Code does, and make keys in the sandbox. */

export type Node = Awaited<ReturnType<TestSurface['keys']['tree']['getChildren']>>[number];

export const DAY_MS = 86_400_000;

export function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

export function itemOf(api: TestSurface, node: Node): vscode.TreeItem {
  return api.keys.tree.getTreeItem(node);
}

export async function childrenOf(api: TestSurface, node?: Node): Promise<Node[]> {
  return api.keys.tree.getChildren(node);
}

/** Switches to the sandbox connection and waits until the tree has redrawn for it. */
export async function useSandbox(api: TestSurface): Promise<void> {
  await setSettings({ connection: 'sandbox' });
  await waitFor('the sandbox connection', () => api.connections.connection?.kind === 'sandbox');
  await settle(api);
}

/** The extension's API with the sandbox connection selected: where the suites against the sandbox start. */
export async function sandboxApi(): Promise<TestSurface> {
  const api = await extensionApi();
  await useSandbox(api);
  return api;
}

/** Waits for settings-triggered connection refreshes to finish, then redraws the tree once more. */
export async function settle(api: TestSurface): Promise<void> {
  await api.connections.refresh();
  api.keys.tree.refresh();
}

/** The "Customer managed keys" (or "AWS managed keys") node of the first region. */
export async function categoryNode(api: TestSurface, category: 'customer' | 'aws' = 'customer'): Promise<Node> {
  const [region] = await childrenOf(api);
  assert.ok(region, 'the tree has a region');
  const categories = await childrenOf(api, region);
  const node = categories[category === 'customer' ? 0 : 1];
  assert.ok(
    node,
    `region ${labelOf(itemOf(api, region))} has its categories: ${categories.map((c) => labelOf(itemOf(api, c))).join(', ')}`,
  );
  return node;
}

/** Every key row of a category, loading "Load more…" pages until there is none. */
export async function allKeyRows(api: TestSurface, category: 'customer' | 'aws' = 'customer'): Promise<Node[]> {
  const parent = await categoryNode(api, category);
  for (;;) {
    const rows = await childrenOf(api, parent);
    const more = rows.find((r) => itemOf(api, r).contextValue === 'kmsLoadMore');
    if (!more) {
      return rows;
    }
    await vscode.commands.executeCommand('awsKms.keys.loadMore', parent);
  }
}

/** The key row labelled `label` (alias without `alias/`, or key id). */
export async function keyRow(api: TestSurface, label: string): Promise<Node> {
  const rows = await allKeyRows(api);
  const row = rows.find((r) => labelOf(itemOf(api, r)) === label);
  assert.ok(row, `a key row "${label}" among ${rows.map((r) => labelOf(itemOf(api, r))).join(', ')}`);
  return row;
}

export async function sandboxKms(api: TestSurface): Promise<KMSClient> {
  return api.connections.client();
}

let counter = 0;
/** A unique alias name for a test key. */
export function uniqueAlias(prefix: string): string {
  counter++;
  return `alias/${prefix}-${Date.now().toString(36)}-${counter}`;
}

/** Creates a key (and its alias) straight through KMS, as another tool would; the tree sees it after a refresh. */
export async function createTestKey(
  api: TestSurface,
  alias: string,
  input: CreateKeyCommandInput = {},
): Promise<{ keyId: string; arn: string }> {
  const kms = await sandboxKms(api);
  const { KeyMetadata: meta } = await kms.send(new CreateKeyCommand({ Description: `test key ${alias}`, ...input }));
  assert.ok(meta?.KeyId && meta.Arn);
  await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: meta.KeyId }));
  return { keyId: meta.KeyId, arn: meta.Arn };
}

/** Imports 32 random bytes into an EXTERNAL symmetric key, expiring at `validTo` (or never). */
export async function importTestMaterial(api: TestSurface, keyId: string, validTo?: Date): Promise<void> {
  const kms = await sandboxKms(api);
  const params = await kms.send(
    new GetParametersForImportCommand({
      KeyId: keyId,
      WrappingAlgorithm: 'RSAES_OAEP_SHA_256',
      WrappingKeySpec: 'RSA_2048',
    }),
  );
  assert.ok(params.PublicKey && params.ImportToken);
  const material = randomBytes(32);
  try {
    await kms.send(
      new ImportKeyMaterialCommand({
        KeyId: keyId,
        ImportToken: params.ImportToken,
        EncryptedKeyMaterial: wrapKeyMaterial(material, Buffer.from(params.PublicKey), 'RSAES_OAEP_SHA_256'),
        ...(validTo
          ? { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo }
          : { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }),
      }),
    );
  } finally {
    material.fill(0);
  }
}

/** The error a key command throws (called without the wrapper, which would show it as a notification). */
export async function commandError(
  api: TestSurface,
  id: keyof TestSurface['keys']['commands'],
  ...args: unknown[]
): Promise<Error & { next?: string; target?: string }> {
  try {
    await api.keys.commands[id](...args);
  } catch (error) {
    return error as Error & { next?: string; target?: string };
  }
  throw new Error(`${id} succeeded, but KMS should have refused it`);
}

/** The sandbox API and a new key under a unique alias, for the suites that work under a key of their own. */
export async function sandboxWithKey(prefix: string): Promise<{ api: TestSurface; alias: string; keyArn: string }> {
  const api = await sandboxApi();
  const alias = uniqueAlias(prefix);
  return { api, alias, keyArn: (await createTestKey(api, alias)).arn };
}
