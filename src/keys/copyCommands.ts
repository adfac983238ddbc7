import * as vscode from 'vscode';
import { pickAlias } from './aliasCommands';
import { resolveKeyTarget, type KeyCommandDeps } from './keyTarget';

/** Copy ARN, Copy Key ID, Copy Alias: to the clipboard, for any key including AWS managed ones. */

export type CopyWhat = 'arn' | 'keyId' | 'alias';

export async function copyKeyField(deps: KeyCommandDeps, what: CopyWhat, arg?: unknown): Promise<string> {
  const title = {
    arn: vscode.l10n.t('Copy ARN'),
    keyId: vscode.l10n.t('Copy Key ID'),
    alias: vscode.l10n.t('Copy Alias'),
  }[what];
  const key = await resolveKeyTarget(deps, arg, {
    title,
    includeAwsManaged: true,
    ...(what === 'alias' && { applies: (_m, entry) => entry.aliases.length > 0 }),
  });
  const text =
    what === 'arn'
      ? key.arn
      : what === 'keyId'
        ? key.keyId
        : (key.aliasName ?? (await pickAlias(key.aliases, vscode.l10n.t('Copy which alias of {0}?', key.label))));
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', text), 4000);
  return text;
}
