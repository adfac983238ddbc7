import * as vscode from 'vscode';
import type { Connection } from '../aws/connection';
import { CancelledError } from '../core/errors';
import type { Settings } from '../platform/settings';

/** Regions where KMS is offered commercially; the input box takes any other (GovCloud, China, new regions). */
const COMMON_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-east-1',
  'me-south-1',
  'me-central-1',
  'af-south-1',
  'il-central-1',
] as const;

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * "Select Region…": writes `awsKms.region`, which the connection uses when no key ARN names a region. The sandbox
 * serves one region whatever the setting says, so there the picker says so and offers a real AWS connection
 * instead of writing a setting that would change nothing.
 */
export async function selectRegion(settings: Settings, connection: Connection | undefined): Promise<void> {
  if (connection?.kind === 'sandbox') {
    await explainSandboxRegion(connection.region);
    return;
  }
  const current = settings.get('region');
  const other = vscode.l10n.t('Other region…');
  const picked = await vscode.window.showQuickPick(
    [...COMMON_REGIONS.map((r) => ({ label: r, picked: r === current })), { label: other }],
    {
      title: vscode.l10n.t('Select AWS Region'),
      placeHolder: current ? vscode.l10n.t('Current: {0}', current) : undefined,
    },
  );
  if (!picked) {
    throw new CancelledError();
  }
  let region = picked.label;
  if (region === other) {
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('AWS Region'),
      prompt: vscode.l10n.t('A region code such as eu-west-1'),
      validateInput: (v) => (REGION_PATTERN.test(v) ? undefined : vscode.l10n.t('Not a region code: {0}', v)),
    });
    if (!typed) {
      throw new CancelledError();
    }
    region = typed;
  }
  await settings.set('region', region);
}

async function explainSandboxRegion(region: string): Promise<void> {
  const connect: vscode.QuickPickItem = {
    label: vscode.l10n.t('$(plug) Select Connection…'),
    detail: vscode.l10n.t('Other regions need a real AWS connection (a profile or environment credentials).'),
  };
  const stay: vscode.QuickPickItem = {
    label: region,
    description: vscode.l10n.t('the sandbox region (current)'),
    detail: vscode.l10n.t('The sandbox KMS serves only {0}: its keys live there, whatever awsKms.region says.', region),
  };
  const picked = await vscode.window.showQuickPick([stay, connect], {
    title: vscode.l10n.t('Select AWS Region: the sandbox serves only {0}', region),
    placeHolder: vscode.l10n.t('The sandbox serves only {0}. To use another region, select an AWS connection.', region),
  });
  if (picked === connect) {
    await vscode.commands.executeCommand('awsKms.connection.select');
  }
}
