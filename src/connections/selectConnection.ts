import * as vscode from 'vscode';
import { listProfiles } from '../aws/profiles';
import { envValue } from '../aws/env';
import { CancelledError } from '../core/errors';
import type { Settings } from '../platform/settings';

type Choice = vscode.QuickPickItem & { apply: () => Promise<void> };

/** "Select Connection…": the sandbox, every AWS profile of the shared files, or the environment's credentials. */
export async function selectConnection(settings: Settings): Promise<void> {
  const profiles = await listProfiles(process.env);
  const choices: Choice[] = [
    {
      label: vscode.l10n.t('$(beaker) Sandbox'),
      description: vscode.l10n.t('local KMS, no AWS account needed'),
      apply: async () => settings.set('connection', 'sandbox'),
    },
  ];
  if (profiles.length > 0) {
    choices.push({
      label: vscode.l10n.t('AWS profiles'),
      kind: vscode.QuickPickItemKind.Separator,
      apply: async () => undefined,
    });
  }
  for (const profile of profiles) {
    choices.push({
      label: `$(account) ${profile.name}`,
      description: [profile.region, profile.kinds.join(', ')].filter(Boolean).join(' · '),
      apply: async () => {
        await settings.set('profile', profile.name);
        await settings.set('connection', 'aws');
      },
    });
  }
  if (envValue(process.env, 'AWS_ACCESS_KEY_ID')) {
    choices.push({
      label: vscode.l10n.t('$(terminal) Environment credentials'),
      description: 'AWS_ACCESS_KEY_ID',
      apply: async () => {
        await settings.set('profile', undefined);
        await settings.set('connection', 'aws');
      },
    });
  }
  const picked = await vscode.window.showQuickPick(choices, {
    title: vscode.l10n.t('Select AWS KMS Connection'),
    placeHolder: profiles.length === 0 ? vscode.l10n.t('No AWS profiles found in the shared config files') : undefined,
  });
  if (!picked) {
    throw new CancelledError();
  }
  await picked.apply();
}
