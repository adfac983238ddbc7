import * as vscode from 'vscode';
import { resolveKeyTarget, type KeyCommandDeps } from '../keys/keyTarget';
import type { PolicyFileSystem } from './policyFileSystem';
import { policyUri } from './policyUri';

/** Edit Key Policy and Show Key Policy: open the key's policy as a JSON document of the `awskms-policy:` files. */

export async function openKeyPolicy(
  deps: KeyCommandDeps,
  files: PolicyFileSystem,
  arg: unknown,
  mode: 'edit' | 'show',
): Promise<vscode.TextEditor> {
  const key = await resolveKeyTarget(
    deps,
    arg,
    mode === 'edit'
      ? { title: vscode.l10n.t('Edit Key Policy'), applies: (m) => m.KeyManager === 'CUSTOMER' }
      : { title: vscode.l10n.t('Show Key Policy'), includeAwsManaged: true },
  );
  const uri = policyUri(key.region, key.arn, key.label, mode);
  await vscode.window.withProgress(
    { location: { viewId: 'awsKms.keys' }, title: vscode.l10n.t('Reading the key policy of {0}', key.label) },
    async () => files.load(uri),
  );
  deps.log.info(`${mode === 'edit' ? 'editing' : 'showing'} the key policy of ${key.arn}`, 'policy');
  return vscode.window.showTextDocument(uri, { preview: false });
}
