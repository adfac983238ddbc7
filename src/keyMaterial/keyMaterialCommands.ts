import * as vscode from 'vscode';
import type { KeyMetadata } from '@aws-sdk/client-kms';
import { reachMilestone } from '../walkthrough/milestones';
import { CancelledError, KmsExtensionError } from '../core/errors';
import { shortMaterialId } from '../keys/model/labels';
import { resolveKeyTarget, runKeyOperation, type KeyCommandDeps, type KeyTarget } from '../keys/keyTarget';
import { confirmOrCancel } from '../ui/confirm';

/** Key Material… and Import Key Material… (both open the key's Key material page) and Delete Imported Key Material…. */

/** What the commands need of the Key material pages: open one for a key. */
export interface MaterialPageOpener {
  open(key: { arn: string; region: string }, options?: { importFlow?: boolean }): unknown;
}

const takesImportedMaterial = (m: KeyMetadata): boolean => m.Origin === 'EXTERNAL' && m.KeyManager === 'CUSTOMER';

/** Opens the key's Key material page at the import steps; resolves to the key's ARN. */
export async function importKeyMaterial(
  deps: KeyCommandDeps,
  pages: MaterialPageOpener,
  arg?: unknown,
): Promise<string> {
  const key = await resolveKeyTarget(deps, arg, {
    title: vscode.l10n.t('Import Key Material'),
    applies: (m) => takesImportedMaterial(m) && m.KeyState !== 'PendingDeletion',
  });
  pages.open({ arn: key.arn, region: key.region }, { importFlow: true });
  return key.arn;
}

/** Opens the key's Key material page (its materials and the import steps); resolves to the key's ARN. */
export async function showKeyMaterial(deps: KeyCommandDeps, pages: MaterialPageOpener, arg?: unknown): Promise<string> {
  const key = await resolveKeyTarget(deps, arg, {
    title: vscode.l10n.t('Key Material'),
    applies: takesImportedMaterial,
  });
  pages.open({ arn: key.arn, region: key.region });
  return key.arn;
}

export interface DeleteMaterialOptions {
  /** What the user would type to confirm: the key's alias or key id. */
  confirmation?: string;
}

export async function deleteImportedKeyMaterial(
  deps: KeyCommandDeps,
  arg?: unknown,
  options: DeleteMaterialOptions = {},
): Promise<void> {
  const key = await resolveKeyTarget(deps, arg, {
    title: vscode.l10n.t('Delete Imported Key Material'),
    applies: (m) => m.Origin === 'EXTERNAL' && m.KeyManager === 'CUSTOMER' && m.ExpirationModel !== undefined,
  });
  const staged =
    key.materialId !== undefined &&
    deps.keys
      .catalogue(key.region)
      .entry(key.keyId)
      ?.materials?.find((m) => m.KeyMaterialId === key.materialId)?.KeyMaterialState === 'PENDING_ROTATION';
  if (options.confirmation === undefined) {
    await confirmOrCancel(
      key.materialId
        ? vscode.l10n.t('Delete key material {0} of key {1}?', shortMaterialId(key.materialId), key.label)
        : vscode.l10n.t('Delete the imported key material of key {0}?', key.label),
      staged
        ? vscode.l10n.t(
            'This material waits for rotation and has not been used: KMS discards it. The current key material stays.',
          )
        : vscode.l10n.t(
            'KMS deletes its copy of the key material. The key becomes Pending import and cannot be used: everything encrypted under it stays undecryptable until you import the same key material again — other material cannot replace it. Make sure you still have a copy of the key material.',
          ),
      vscode.l10n.t('Delete Key Material…'),
    );
  }
  await typedConfirmation(key, options.confirmation);
  await runKeyOperation(
    deps,
    key,
    'DeleteImportedKeyMaterial',
    vscode.l10n.t('Deleting the key material of {0}', key.label),
    async (kms) =>
      kms('DeleteImportedKeyMaterial', { KeyId: key.arn, ...(key.materialId && { KeyMaterialId: key.materialId }) }),
  );
  reachMilestone('materialDeleted');
  vscode.window.setStatusBarMessage(vscode.l10n.t('Deleted the imported key material of {0}', key.label), 5000);
}

/** The user types the key's alias (with or without `alias/`) or its key id, as for deleting an S3 bucket in the Toolkit. */
async function typedConfirmation(key: KeyTarget, preset: string | undefined): Promise<void> {
  const accepted = new Set([
    key.keyId,
    key.label,
    ...key.aliases,
    ...key.aliases.map((a) => a.replace(/^alias\//, '')),
  ]);
  const problem = (value: string): string | undefined =>
    accepted.has(value.trim()) ? undefined : vscode.l10n.t('Type {0} to confirm.', key.label);
  if (preset !== undefined) {
    if (problem(preset)) {
      throw new KmsExtensionError(
        'confirmationMismatch',
        vscode.l10n.t('The confirmation "{0}" does not name key {1}: nothing was deleted.', preset, key.label),
      );
    }
    return;
  }
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Delete imported key material of {0}', key.label),
    prompt: vscode.l10n.t(
      'Type {0} to confirm. The data encrypted under this key stays undecryptable until the same key material is imported again.',
      key.label,
    ),
    placeHolder: key.label,
    ignoreFocusOut: true,
    validateInput: problem,
  });
  if (typed === undefined) {
    throw new CancelledError();
  }
}
