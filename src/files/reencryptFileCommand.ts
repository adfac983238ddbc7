import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { BatchItem, EncryptResult } from '../aws/envelope/types';
import { keyIdOf } from '../aws/keyCatalogue';
import { keyLabel } from '../aws/keyStatus';
import { wrappingKeysLosingAccess } from '../core/wrappingKeys';
import { inspectFile } from '../editing/envelopeInfo';
import { batchLine } from './batchConfirmation';
import { sandboxLines } from '../connections/sandboxWarning';
import { confirmOrCancel, preconfirmed } from '../ui/confirm';
import { reportOutcome } from './batchReport';
import { withFileProgress } from './fileProgress';
import { decryptPolicy, describeContext } from './fileSettings';
import { reloadOpenEditors, saveDirtyEditors } from './fileTargets';
import { keysFor, rememberKeys } from '../keys/keyChoice';
import { reachMilestone } from '../walkthrough/milestones';
import { encryptedTargets, noteRefusals } from './decryptFileCommand';
import { fileSizes, type FileCommandDeps, type FileCommandOptions, type FileCommandResult } from './fileCommandDeps';

/**
 * Re-encrypt File…: rewrites encrypted files under other KMS keys (and optionally another context) without the
 * plaintext ever reaching the disk; each file is replaced atomically, only after the new message is complete.
 */
export async function reencryptFiles(
  deps: FileCommandDeps,
  uri: unknown,
  uris: unknown,
  options: FileCommandOptions,
): Promise<FileCommandResult<EncryptResult>> {
  const { encrypted, skipped } = await encryptedTargets(uri, uris);
  await saveDirtyEditors(encrypted, options.dirty);
  // The files' current wrapping keys, from their headers (no KMS call): ticked first, and compared with the new ones.
  const current = await currentWrappingKeys(encrypted);
  const chosen = await keysFor(deps, options.keys, {
    title: vscode.l10n.t('Re-encrypt File: new KMS keys'),
    many: true,
    operation: 'Re-encrypt File',
    preselect: current,
    preselectReason:
      encrypted.length === 1 ? vscode.l10n.t('current key of the file') : vscode.l10n.t('current key of the files'),
  });
  const keys = chosen.map((key) => key.keyId);
  if (!preconfirmed(options)) {
    const what = encrypted.length === 1 ? basename(encrypted[0].fsPath) : vscode.l10n.t('{0} files', encrypted.length);
    const losing = wrappingKeysLosingAccess(
      current,
      chosen.map((key) => key.arn),
    ).map((arn) => nameOfKey(deps, arn));
    await confirmOrCancel(
      vscode.l10n.t('Re-encrypt {0} under other keys?', what),
      [
        ...sandboxLines(deps.connections.connection),
        ...batchLine(encrypted.map((t) => t.fsPath)),
        vscode.l10n.t('New KMS keys: {0}.', keys.join(', ')),
        losing.length === 0
          ? vscode.l10n.t('Every current key is among the new ones: none loses access.')
          : vscode.l10n.t({
              message: 'These current keys will no longer decrypt it: {0}',
              args: [losing.join(', ')],
              comment: ['{0} lists KMS keys'],
            }),
        options.context
          ? vscode.l10n.t('New encryption context: {0}', describeContext(options.context))
          : vscode.l10n.t('The encryption context stays as it is.'),
      ].join('\n'),
      vscode.l10n.t('Re-encrypt'),
    );
  }
  const policy = decryptPolicy(deps.settings, options.expectedContext);
  const engine = await deps.connections.envelopeEngine();
  const title =
    encrypted.length === 1
      ? vscode.l10n.t('Re-encrypting {0}', basename(encrypted[0].fsPath))
      : vscode.l10n.t('Re-encrypting {0} files', encrypted.length);
  const items: Array<BatchItem<EncryptResult>> = [];
  try {
    await withFileProgress(title, await fileSizes(encrypted), options, async (control) => {
      for (const target of encrypted) {
        try {
          const result = await engine.reencryptFile(
            target.fsPath,
            {
              ...policy,
              newKeys: keys,
              ...(options.context && { newContext: options.context }),
              verify: deps.settings.get('encryption.verify'),
              destination: { inPlace: true },
            },
            control,
          );
          items.push({ path: target.fsPath, ok: true, result });
        } catch (error) {
          if (control.signal?.aborted) {
            throw error;
          }
          items.push({ path: target.fsPath, ok: false, error: error as Error });
        }
      }
    });
  } finally {
    await Promise.all(encrypted.map(async (t) => deps.detection.refresh(t)));
    await reloadOpenEditors(encrypted);
  }
  noteRefusals(items);
  if (items.some((item) => item.ok)) {
    await rememberKeys(deps.workspaceState, keys);
    reachMilestone('fileReencrypted');
  }
  reportOutcome(vscode.l10n.t('Re-encrypted'), items, skipped, deps.log, vscode.l10n.t('under {0}', keys.join(', ')));
  return { items, skipped };
}

/** The ARNs of the KMS keys that wrap the data keys of the files, in header order, without repeats. */
async function currentWrappingKeys(files: vscode.Uri[]): Promise<string[]> {
  const inspections = await Promise.all(files.map(async (file) => inspectFile(file)));
  const arns = inspections.flatMap((i) =>
    i.header.encryptedDataKeys.filter((edk) => edk.providerId === 'aws-kms').map((edk) => edk.providerInfo),
  );
  return [...new Set(arns)];
}

/** A key ARN by its alias when the Keys view knows it. */
function nameOfKey(deps: FileCommandDeps, arn: string): string {
  const entry = deps.keys.catalogue(deps.connections.region(arn)).entry(keyIdOf(arn));
  return entry && entry.aliases.length > 0 ? `alias/${keyLabel(entry)}` : arn;
}
