import * as vscode from 'vscode';
import type { KeyMetadata } from '@aws-sdk/client-kms';
import { CancelledError, KmsExtensionError } from '../core/errors';
import { ask, resolveKeyTarget, runKeyOperation, type ConfirmOptions, type KeyCommandDeps } from './keyTarget';
import { confirmOrCancel } from '../ui/confirm';

/** Create Alias…, Delete Alias…, Update Description…. */

const editable = (m: KeyMetadata): boolean =>
  m.KeyManager === 'CUSTOMER' && m.KeyState !== 'PendingDeletion' && m.KeyState !== 'PendingReplicaDeletion';

/** KMS's alias rules: `alias/` + letters, digits, `/_-`, at most 256 characters, not in the reserved `alias/aws/`. */
export function aliasProblem(name: string): string | undefined {
  if (!/^alias\/[a-zA-Z0-9/_-]+$/.test(name)) {
    return vscode.l10n.t('An alias is "alias/" followed by letters, digits, "/", "_" or "-".');
  }
  if (name.length > 256) {
    return vscode.l10n.t('An alias has at most 256 characters.');
  }
  if (/^alias\/aws\//i.test(name)) {
    return vscode.l10n.t('Aliases that begin with "alias/aws/" are reserved for AWS managed keys.');
  }
  return undefined;
}

export interface CreateAliasOptions {
  aliasName?: string;
}

export async function createAlias(
  deps: KeyCommandDeps,
  arg?: unknown,
  options: CreateAliasOptions = {},
): Promise<string> {
  const key = await resolveKeyTarget(deps, arg, { title: vscode.l10n.t('Create Alias'), applies: editable });
  const aliasName = (
    await ask(options.aliasName, {
      title: vscode.l10n.t('New alias for {0}', key.label),
      prompt: vscode.l10n.t('Applications can name the key by its alias. One key can have several aliases.'),
      value: 'alias/',
      valueSelection: [6, 6],
      validateInput: aliasProblem,
    })
  ).trim();
  await runKeyOperation(deps, key, 'CreateAlias', vscode.l10n.t('Creating alias {0}', aliasName), async (kms) =>
    kms('CreateAlias', { AliasName: aliasName, TargetKeyId: key.keyId }),
  );
  vscode.window.setStatusBarMessage(vscode.l10n.t('Created alias {0}', aliasName), 5000);
  return aliasName;
}

export interface DeleteAliasOptions extends ConfirmOptions {
  aliasName?: string;
}

export async function deleteAlias(
  deps: KeyCommandDeps,
  arg?: unknown,
  options: DeleteAliasOptions = {},
): Promise<void> {
  const key = await resolveKeyTarget(deps, arg, {
    title: vscode.l10n.t('Delete Alias'),
    applies: (m, entry) => m.KeyManager === 'CUSTOMER' && entry.aliases.length > 0,
  });
  const aliasName =
    options.aliasName ??
    key.aliasName ??
    (await pickAlias(key.aliases, vscode.l10n.t('Delete which alias of {0}?', key.label)));
  if (/^alias\/aws\//.test(aliasName)) {
    throw new KmsExtensionError(
      'reservedAlias',
      vscode.l10n.t('Cannot delete {0}: aliases under alias/aws/ belong to AWS managed keys.', aliasName),
    );
  }
  await confirmOrCancel(
    vscode.l10n.t('Delete alias {0}?', aliasName),
    vscode.l10n.t(
      'Applications and policies that name the key {0} by this alias stop finding it. The key itself and its other aliases stay as they are.',
      key.label,
    ),
    vscode.l10n.t('Delete Alias'),
    options,
  );
  await runKeyOperation(deps, key, 'DeleteAlias', vscode.l10n.t('Deleting alias {0}', aliasName), async (kms) =>
    kms('DeleteAlias', { AliasName: aliasName }),
  );
  vscode.window.setStatusBarMessage(vscode.l10n.t('Deleted alias {0}', aliasName), 5000);
}

export async function pickAlias(aliases: readonly string[], title: string): Promise<string> {
  if (aliases.length === 0) {
    throw new KmsExtensionError('noAlias', vscode.l10n.t('The key has no alias.'));
  }
  if (aliases.length === 1) {
    return aliases[0];
  }
  const picked = await vscode.window.showQuickPick([...aliases], { title });
  if (!picked) {
    throw new CancelledError();
  }
  return picked;
}

export interface UpdateDescriptionOptions {
  description?: string;
}

export async function updateKeyDescription(
  deps: KeyCommandDeps,
  arg?: unknown,
  options: UpdateDescriptionOptions = {},
): Promise<string> {
  const key = await resolveKeyTarget(deps, arg, { title: vscode.l10n.t('Update Description'), applies: editable });
  const description = await ask(options.description, {
    title: vscode.l10n.t('Description of {0}', key.label),
    prompt: vscode.l10n.t(
      'Describe what the key protects. Do not put secrets here: the description is shown in plain text.',
    ),
    value: key.metadata.Description ?? '',
    validateInput: (v) => (v.length > 8192 ? vscode.l10n.t('A description has at most 8192 characters.') : undefined),
  });
  await runKeyOperation(
    deps,
    key,
    'UpdateKeyDescription',
    vscode.l10n.t('Updating the description of {0}', key.label),
    async (kms) => kms('UpdateKeyDescription', { KeyId: key.arn, Description: description }),
  );
  vscode.window.setStatusBarMessage(vscode.l10n.t('Updated the description of {0}', key.label), 5000);
  return description;
}
