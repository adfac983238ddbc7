import * as vscode from 'vscode';
import type { KeyMetadata } from '@aws-sdk/client-kms';
import { supportsAutomaticRotation } from '../aws/keyStatus';
import { ask, resolveKeyTarget, runKeyOperation, type ConfirmOptions, type KeyCommandDeps } from './keyTarget';
import { confirmOrCancel } from '../ui/confirm';

/** Enable Automatic Rotation…, Disable Automatic Rotation, Rotate Key Now…. */

const rotatable = (m: KeyMetadata): boolean =>
  m.KeyManager === 'CUSTOMER' && supportsAutomaticRotation(m) && m.KeyState === 'Enabled';

export interface EnableRotationOptions {
  /** 90–2560 days; the user is asked (default 365) when absent. */
  rotationPeriodInDays?: number;
}

export async function enableKeyRotation(
  deps: KeyCommandDeps,
  arg?: unknown,
  options: EnableRotationOptions = {},
): Promise<void> {
  const key = await resolveKeyTarget(deps, arg, {
    title: vscode.l10n.t('Enable Automatic Rotation'),
    applies: rotatable,
  });
  const current = deps.keys.catalogue(key.region).knownRotation(key.keyId)?.periodInDays;
  const days = Number(
    await ask(options.rotationPeriodInDays?.toString(), {
      title: vscode.l10n.t('Automatic rotation of {0}', key.label),
      prompt: vscode.l10n.t(
        'Rotation period in days (90–2560). KMS creates new key material this often; older material still decrypts.',
      ),
      value: String(current ?? 365),
      validateInput: (v) =>
        /^\d+$/.test(v.trim()) && Number(v) >= 90 && Number(v) <= 2560
          ? undefined
          : vscode.l10n.t('Enter a whole number of days from 90 to 2560.'),
    }),
  );
  await runKeyOperation(
    deps,
    key,
    'EnableKeyRotation',
    vscode.l10n.t('Enabling automatic rotation of {0}', key.label),
    async (kms) => kms('EnableKeyRotation', { KeyId: key.arn, RotationPeriodInDays: days }),
  );
  vscode.window.setStatusBarMessage(vscode.l10n.t('Automatic rotation of {0}: every {1} days', key.label, days), 5000);
}

export async function disableKeyRotation(deps: KeyCommandDeps, arg?: unknown): Promise<void> {
  const key = await resolveKeyTarget(deps, arg, {
    title: vscode.l10n.t('Disable Automatic Rotation'),
    applies: rotatable,
  });
  await runKeyOperation(
    deps,
    key,
    'DisableKeyRotation',
    vscode.l10n.t('Disabling automatic rotation of {0}', key.label),
    async (kms) => kms('DisableKeyRotation', { KeyId: key.arn }),
  );
  vscode.window.setStatusBarMessage(vscode.l10n.t('Automatic rotation of {0} is off', key.label), 5000);
}

export async function rotateKeyNow(deps: KeyCommandDeps, arg?: unknown, options: ConfirmOptions = {}): Promise<void> {
  const key = await resolveKeyTarget(deps, arg, {
    title: vscode.l10n.t('Rotate Key Now'),
    applies: (m, entry) =>
      m.KeyManager === 'CUSTOMER' &&
      m.KeySpec === 'SYMMETRIC_DEFAULT' &&
      m.KeyState === 'Enabled' &&
      (m.Origin === 'AWS_KMS' ||
        (m.Origin === 'EXTERNAL' && (entry.materials?.some((x) => x.KeyMaterialState === 'PENDING_ROTATION') ?? true))),
  });
  const external = key.metadata.Origin === 'EXTERNAL';
  await confirmOrCancel(
    vscode.l10n.t('Rotate key {0} now?', key.label),
    [
      external
        ? vscode.l10n.t(
            'The imported key material that waits in "Pending rotation" becomes current: KMS encrypts with it from now on.',
          )
        : vscode.l10n.t('KMS creates new key material and encrypts with it from now on.'),
      vscode.l10n.t(
        'Data encrypted before still decrypts with the older material. KMS allows a limited number of on-demand rotations per key.',
      ),
    ].join(' '),
    vscode.l10n.t('Rotate Now'),
    options,
  );
  await runKeyOperation(deps, key, 'RotateKeyOnDemand', vscode.l10n.t('Rotating {0}', key.label), async (kms) =>
    kms('RotateKeyOnDemand', { KeyId: key.arn }),
  );
  vscode.window.setStatusBarMessage(vscode.l10n.t('Rotated key {0}', key.label), 5000);
}
