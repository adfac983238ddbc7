import * as vscode from 'vscode';
import { day } from './model/labels';
import { ask, resolveKeyTarget, runKeyOperation, type ConfirmOptions, type KeyCommandDeps } from './keyTarget';
import { confirmOrCancel } from '../ui/confirm';
import { offerCommand } from '../ui/offerCommand';

/** Enable Key, Disable Key…, Schedule Key Deletion…, Cancel Key Deletion. */

const DAY_MS = 86_400_000;
const customer = (manager: string | undefined): boolean => manager === 'CUSTOMER';

export async function enableKey(deps: KeyCommandDeps, arg?: unknown): Promise<void> {
  const key = await resolveKeyTarget(deps, arg, {
    title: vscode.l10n.t('Enable Key'),
    applies: (m) => customer(m.KeyManager) && m.KeyState === 'Disabled',
  });
  await runKeyOperation(deps, key, 'EnableKey', vscode.l10n.t('Enabling {0}', key.label), async (kms) =>
    kms('EnableKey', { KeyId: key.arn }),
  );
  vscode.window.setStatusBarMessage(vscode.l10n.t('Enabled key {0}', key.label), 5000);
}

export async function disableKey(deps: KeyCommandDeps, arg?: unknown, options: ConfirmOptions = {}): Promise<void> {
  const key = await resolveKeyTarget(deps, arg, {
    title: vscode.l10n.t('Disable Key'),
    applies: (m) => customer(m.KeyManager) && m.KeyState === 'Enabled',
  });
  await confirmOrCancel(
    vscode.l10n.t('Disable key {0}?', key.label),
    vscode.l10n.t(
      'While the key is disabled, KMS refuses every cryptographic operation with it: applications that encrypt or decrypt with it fail until you enable it again. Nothing is deleted.',
    ),
    vscode.l10n.t('Disable Key'),
    options,
  );
  await runKeyOperation(deps, key, 'DisableKey', vscode.l10n.t('Disabling {0}', key.label), async (kms) =>
    kms('DisableKey', { KeyId: key.arn }),
  );
  vscode.window.setStatusBarMessage(vscode.l10n.t('Disabled key {0}', key.label), 5000);
}

export interface ScheduleDeletionOptions extends ConfirmOptions {
  /** 7–30 days; the user is asked (default 30) when absent. */
  pendingWindowInDays?: number;
}

export async function scheduleKeyDeletion(
  deps: KeyCommandDeps,
  arg?: unknown,
  options: ScheduleDeletionOptions = {},
): Promise<Date | undefined> {
  const key = await resolveKeyTarget(deps, arg, {
    title: vscode.l10n.t('Schedule Key Deletion'),
    applies: (m) =>
      customer(m.KeyManager) && m.KeyState !== 'PendingDeletion' && m.KeyState !== 'PendingReplicaDeletion',
  });
  const days = Number(
    await ask(options.pendingWindowInDays?.toString(), {
      title: vscode.l10n.t('Schedule deletion of {0}', key.label),
      prompt: vscode.l10n.t('Waiting period in days (7–30). Until it ends you can cancel the deletion.'),
      value: '30',
      validateInput: (v) =>
        /^\d+$/.test(v.trim()) && Number(v) >= 7 && Number(v) <= 30
          ? undefined
          : vscode.l10n.t('Enter a whole number of days from 7 to 30.'),
    }),
  );
  const when = day(Date.now() + days * DAY_MS);
  const material =
    key.metadata.Origin === 'EXTERNAL'
      ? vscode.l10n.t(
          ' Keep your copy of the imported key material: deleting the key deletes the material in KMS as well.',
        )
      : '';
  await confirmOrCancel(
    vscode.l10n.t('Schedule deletion of key {0} in {1} days?', key.label, days),
    vscode.l10n.t(
      'On {0} KMS deletes the key and all its key material for good. Everything encrypted under it — data keys, files, ciphertexts — can never be decrypted again. Until then the key cannot be used, and you can cancel the deletion.{1}',
      when,
      material,
    ),
    vscode.l10n.t('Schedule Deletion'),
    options,
  );
  const out = await runKeyOperation(
    deps,
    key,
    'ScheduleKeyDeletion',
    vscode.l10n.t('Scheduling deletion of {0}', key.label),
    async (kms) => kms('ScheduleKeyDeletion', { KeyId: key.arn, PendingWindowInDays: days }),
  );
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Key {0} will be deleted on {1}. Cancel Key Deletion stops it until then.',
      key.label,
      out.DeletionDate ? day(out.DeletionDate) : when,
    ),
  );
  return out.DeletionDate;
}

/** Returns the key's state afterwards (Disabled, or PendingImport for imported material that is gone). */
export async function cancelKeyDeletion(deps: KeyCommandDeps, arg?: unknown): Promise<string | undefined> {
  const key = await resolveKeyTarget(deps, arg, {
    title: vscode.l10n.t('Cancel Key Deletion'),
    applies: (m) => customer(m.KeyManager) && m.KeyState === 'PendingDeletion',
  });
  await runKeyOperation(
    deps,
    key,
    'CancelKeyDeletion',
    vscode.l10n.t('Cancelling deletion of {0}', key.label),
    async (kms) => kms('CancelKeyDeletion', { KeyId: key.arn }),
  );
  // KMS leaves the key Disabled (or PendingImport when its imported material is gone): say which, with the way on.
  const state = deps.keys.catalogue(key.region).entry(key.keyId)?.metadata?.KeyState;
  if (state === 'Disabled') {
    offerCommand(
      vscode.l10n.t(
        'Deletion of key {0} cancelled. KMS leaves the key disabled: enable it to use it again.',
        key.label,
      ),
      { title: vscode.l10n.t('Enable Key'), command: 'awsKms.key.enable', args: [key.arn] },
    );
  } else if (state === 'PendingImport') {
    offerCommand(
      vscode.l10n.t(
        'Deletion of key {0} cancelled. The key is pending import: import its key material to use it again.',
        key.label,
      ),
      { title: vscode.l10n.t('Import Key Material'), command: 'awsKms.key.importMaterial', args: [key.arn] },
    );
  } else {
    void vscode.window.showInformationMessage(vscode.l10n.t('Deletion of key {0} cancelled.', key.label));
  }
  return state;
}
