import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { BatchItem, EncryptResult } from '../aws/envelope/types';
import { KmsExtensionError } from '../core/errors';
import { storedEncoding } from '../aws/envelope/storedEncoding';
import { batchLine, fileNames, storedAsLine } from './batchConfirmation';
import { sandboxLines } from '../connections/sandboxWarning';
import { confirmOrCancel, preconfirmed } from '../ui/confirm';
import { reportOutcome } from './batchReport';
import { isEncryptedFile } from './detection';
import { withFileProgress } from './fileProgress';
import { contextSetting, describeContext, encryptionSettings } from './fileSettings';
import { reloadOpenEditors, resolveTargets, saveDirtyEditors } from './fileTargets';
import { keysFor, rememberKeys } from '../keys/keyChoice';
import { reachMilestone } from '../walkthrough/milestones';
import { fileSizes, type FileCommandDeps, type FileCommandOptions, type FileCommandResult } from './fileCommandDeps';

/**
 * Encrypt File…: envelope-encrypts files in place (atomically) under one or more KMS keys, with the encryption
 * context of the settings shown first. Several files share one data key (one GenerateDataKey for the batch) under
 * one cancellable progress notification. Files that are already encrypted are refused, not encrypted twice.
 */
export async function encryptFiles(
  deps: FileCommandDeps,
  uri: unknown,
  uris: unknown,
  options: FileCommandOptions,
): Promise<FileCommandResult<EncryptResult>> {
  const targets = await resolveTargets(uri, uris);
  const plain: vscode.Uri[] = [];
  const skipped: FileCommandResult<EncryptResult>['skipped'] = [];
  for (const target of targets) {
    if (await isEncryptedFile(target)) {
      skipped.push({ path: target.fsPath, reason: 'already encrypted' });
    } else {
      plain.push(target);
    }
  }
  if (plain.length === 0) {
    const names = skipped.map((s) => basename(s.path)).join(', ');
    throw new KmsExtensionError(
      'AlreadyEncrypted',
      skipped.length === 1
        ? vscode.l10n.t(
            '{0} is already encrypted: nothing was changed. Decrypt first, or use Re-encrypt File… to change the keys.',
            names,
          )
        : vscode.l10n.t(
            '{0} are already encrypted: nothing was changed. Decrypt first, or use Re-encrypt File… to change the keys.',
            names,
          ),
    );
  }
  await saveDirtyEditors(plain, options.dirty);
  const keys = (
    await keysFor(deps, options.keys, {
      title: vscode.l10n.t('Encrypt File: KMS keys'),
      many: true,
      operation: 'Encrypt File',
    })
  ).map((key) => key.keyId);
  const context = options.context ?? contextSetting(deps.settings);
  const settings = encryptionSettings(deps.settings);
  if (!preconfirmed(options)) {
    const what = plain.length === 1 ? basename(plain[0].fsPath) : vscode.l10n.t('{0} files', plain.length);
    const armor = settings.armor ?? 'auto';
    const encodings = new Map(
      await Promise.all(plain.map(async (t) => [t.fsPath, await storedEncoding(t.fsPath, armor)] as const)),
    );
    await confirmOrCancel(
      vscode.l10n.t('Encrypt {0} in place?', what),
      [
        ...sandboxLines(deps.connections.connection),
        ...batchLine(plain.map((t) => t.fsPath)),
        vscode.l10n.t('KMS keys: {0}', keys.join(', ')),
        vscode.l10n.t(
          'Encryption context (stored unencrypted in the file, needed to decrypt): {0}',
          describeContext(context),
        ),
        storedAsLine(armor, encodings),
        vscode.l10n.t('Algorithm suite: {0}', settings.suite ?? ''),
        ...(skipped.length > 0
          ? [vscode.l10n.t('Skipped, already encrypted: {0}', fileNames(skipped.map((s) => s.path)))]
          : []),
      ].join('\n'),
      vscode.l10n.t('Encrypt'),
    );
  }

  const engine = await deps.connections.envelopeEngine();
  const title =
    plain.length === 1
      ? vscode.l10n.t('Encrypting {0}', basename(plain[0].fsPath))
      : vscode.l10n.t('Encrypting {0} files', plain.length);
  const base = { keys, context, ...settings };
  let items: Array<BatchItem<EncryptResult>> = [];
  try {
    items = await withFileProgress(title, await fileSizes(plain), options, async (control) =>
      plain.length === 1
        ? [
            {
              path: plain[0].fsPath,
              ok: true as const,
              result: await engine.encryptFile(plain[0].fsPath, { ...base, destination: { inPlace: true } }, control),
            },
          ]
        : engine.encryptFiles(
            plain.map((t) => ({ path: t.fsPath, destination: { inPlace: true } })),
            base,
            control,
          ),
    );
  } finally {
    // Also after a cancel or failure: a batch may have finished some files before it stopped.
    await Promise.all(plain.map(async (t) => deps.detection.refresh(t)));
    await reloadOpenEditors(plain);
  }
  const encrypted = items.filter((item) => item.ok);
  if (encrypted.length > 0) {
    await rememberKeys(deps.workspaceState, keys);
    deps.log.info(`encrypted ${encrypted.length} file(s) under ${keys.join(', ')}`, 'files');
    reachMilestone('fileEncrypted');
  }
  reportOutcome(vscode.l10n.t('Encrypted'), items, skipped, deps.log, vscode.l10n.t('with {0}', keys.join(', ')));
  return { items, skipped };
}
