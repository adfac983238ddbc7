import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { BatchItem, EncryptResult } from '../../aws/envelope/types';
import { confirmOrCancel } from '../../files/confirm';
import { reportOutcome } from '../../files/batchReport';
import { withFileProgress } from '../../files/fileProgress';
import { decryptPolicy, describeContext } from '../../files/fileSettings';
import { reloadOpenEditors, saveDirtyEditors } from '../../files/fileTargets';
import { chooseKeys, rememberKeys } from '../../files/keyChoice';
import { reachMilestone } from '../../platform/milestones';
import { encryptedTargets, noteRefusals } from './decryptFile';
import { fileSizes, type FileCommandDeps, type FileCommandOptions, type FileCommandResult } from './fileCommandDeps';

/**
 * Re-encrypt File…: rewrites encrypted files under other KMS keys (and optionally another context) without the
 * plaintext ever reaching the disk; each file is replaced atomically, only after the new message is complete.
 */
export async function reencryptFiles(deps: FileCommandDeps, uri: unknown, uris: unknown, options: FileCommandOptions): Promise<FileCommandResult<EncryptResult>> {
  const { encrypted, skipped } = await encryptedTargets(uri, uris);
  await saveDirtyEditors(encrypted, options.dirty);
  const keys = options.keys ?? await chooseKeys(deps, { title: vscode.l10n.t('Re-encrypt File: new KMS keys'), many: true });
  if (!options.confirmed) {
    const what = encrypted.length === 1 ? basename(encrypted[0].fsPath) : vscode.l10n.t('{0} files', encrypted.length);
    await confirmOrCancel(vscode.l10n.t('Re-encrypt {0} under other keys?', what), [
      vscode.l10n.t('New KMS keys: {0}. The old keys will no longer decrypt it.', keys.join(', ')),
      options.context ? vscode.l10n.t('New encryption context: {0}', describeContext(options.context)) : vscode.l10n.t('The encryption context stays as it is.'),
    ], vscode.l10n.t('Re-encrypt'));
  }
  const policy = decryptPolicy(deps.settings, options.expectedContext);
  const engine = await deps.connections.envelopeEngine();
  const title = encrypted.length === 1 ? vscode.l10n.t('Re-encrypting {0}', basename(encrypted[0].fsPath)) : vscode.l10n.t('Re-encrypting {0} files', encrypted.length);
  const items: Array<BatchItem<EncryptResult>> = [];
  try {
    await withFileProgress(title, await fileSizes(encrypted), options, async (control) => {
      for (const target of encrypted) {
        try {
          const result = await engine.reencryptFile(target.fsPath, {
            ...policy, newKeys: keys, ...(options.context && { newContext: options.context }),
            verify: deps.settings.get('encryption.verify'), destination: { inPlace: true },
          }, control);
          items.push({ path: target.fsPath, ok: true, result });
        } catch (error) {
          if (control.signal?.aborted) { throw error; }
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
  reportOutcome('Re-encrypted', items, skipped, deps.log, `under ${keys.join(', ')}`);
  return { items, skipped };
}
