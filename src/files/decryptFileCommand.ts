import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { BatchItem, DecryptResult, EncryptResult } from '../aws/envelope/types';
import { KmsExtensionError } from '../core/errors';
import { reportOutcome } from './batchReport';
import { batchLine, fileNames } from './batchConfirmation';
import { confirmOrCancel, preconfirmed } from '../ui/confirm';
import { isEncryptedFile } from './detection';
import { withFileProgress } from './fileProgress';
import { decryptPolicy } from './fileSettings';
import { reloadOpenEditors, resolveTargets, saveDirtyEditors } from './fileTargets';
import { reachMilestone } from '../walkthrough/milestones';
import { fileSizes, type FileCommandDeps, type FileCommandOptions, type FileCommandResult } from './fileCommandDeps';

/** The encrypted files among the targets; refuses when there is none (decrypting plaintext is a mistake). */
export async function encryptedTargets(
  uri: unknown,
  uris: unknown,
): Promise<{ encrypted: vscode.Uri[]; skipped: Array<{ path: string; reason: string }> }> {
  const targets = await resolveTargets(uri, uris);
  const encrypted: vscode.Uri[] = [];
  const skipped: Array<{ path: string; reason: string }> = [];
  for (const target of targets) {
    if (await isEncryptedFile(target)) {
      encrypted.push(target);
    } else {
      skipped.push({ path: target.fsPath, reason: 'not encrypted' });
    }
  }
  if (encrypted.length === 0) {
    const names = skipped.map((s) => basename(s.path)).join(', ');
    throw new KmsExtensionError(
      'NotEncrypted',
      skipped.length === 1
        ? vscode.l10n.t(
            '{0} is not encrypted (no AWS Encryption SDK message header at the start): nothing to decrypt, nothing was changed.',
            names,
          )
        : vscode.l10n.t(
            '{0} are not encrypted (no AWS Encryption SDK message header at the start): nothing to decrypt, nothing was changed.',
            names,
          ),
    );
  }
  return { encrypted, skipped };
}

/** Sets the walkthrough milestone for a refusal the walkthrough teaches: a key whose material is not imported. */
export function noteRefusals(items: Array<BatchItem<DecryptResult | EncryptResult>>): void {
  if (
    items.some((item) => !item.ok && item.error instanceof KmsExtensionError && item.error.code === 'KeyPendingImport')
  ) {
    reachMilestone('decryptRefusedPendingImport');
  }
}

/**
 * Decrypt File: decrypts envelope-encrypted files in place (atomically), under the decrypt policy of the settings
 * (allowed accounts, required context keys, at most N encrypted data keys). Files from one batch share a data key.
 */
export async function decryptFiles(
  deps: FileCommandDeps,
  uri: unknown,
  uris: unknown,
  options: FileCommandOptions,
): Promise<FileCommandResult<DecryptResult>> {
  const { encrypted, skipped } = await encryptedTargets(uri, uris);
  await saveDirtyEditors(encrypted, options.dirty);
  if (encrypted.length > 1 && !preconfirmed(options)) {
    // One file is decrypted as asked; a batch says which files will hold plaintext on disk.
    await confirmOrCancel(
      vscode.l10n.t('Decrypt {0} files in place?', encrypted.length),
      [
        ...batchLine(encrypted.map((t) => t.fsPath)),
        vscode.l10n.t('Each file is replaced by its plaintext.'),
        ...(skipped.length > 0
          ? [vscode.l10n.t('Skipped, not encrypted: {0}', fileNames(skipped.map((s) => s.path)))]
          : []),
      ].join('\n'),
      vscode.l10n.t('Decrypt'),
    );
  }
  const policy = decryptPolicy(deps.settings, options.expectedContext);
  const engine = await deps.connections.envelopeEngine();
  const title =
    encrypted.length === 1
      ? vscode.l10n.t('Decrypting {0}', basename(encrypted[0].fsPath))
      : vscode.l10n.t('Decrypting {0} files', encrypted.length);
  let items: Array<BatchItem<DecryptResult>> = [];
  try {
    items = await withFileProgress(title, await fileSizes(encrypted), options, async (control) => {
      if (encrypted.length > 1) {
        return engine.decryptFiles(
          encrypted.map((t) => ({ path: t.fsPath, destination: { inPlace: true } })),
          policy,
          control,
        );
      }
      const path = encrypted[0].fsPath;
      try {
        return [
          {
            path,
            ok: true as const,
            result: await engine.decryptFile(path, { ...policy, destination: { inPlace: true } }, control),
          },
        ];
      } catch (error) {
        if (control.signal?.aborted) {
          throw error;
        }
        return [{ path, ok: false as const, error: error as Error }];
      }
    });
  } finally {
    await Promise.all(encrypted.map(async (t) => deps.detection.refresh(t)));
    await reloadOpenEditors(encrypted);
  }
  noteRefusals(items);
  if (items.some((item) => item.ok)) {
    deps.log.info(`decrypted ${items.filter((item) => item.ok).length} file(s)`, 'files');
    reachMilestone('fileDecrypted');
  }
  reportOutcome(vscode.l10n.t('Decrypted'), items, skipped, deps.log);
  return { items, skipped };
}
