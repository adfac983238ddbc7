import * as vscode from 'vscode';
import { statusText } from '../aws/connection';
import type { ConnectionManager } from './connectionManager';

/** Shows the active connection (`profile:dev · eu-west-1`, `env · us-east-1`, `Sandbox`); a click switches it. */
export class ConnectionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('awsKms.connection', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly connections: ConnectionManager) {
    this.item.name = vscode.l10n.t('AWS KMS Connection');
    this.item.command = 'awsKms.connection.select';
    this.subscription = connections.onDidChange(() => this.update());
    this.update();
    this.item.show();
  }

  private update(): void {
    const connection = this.connections.connection;
    if (!connection) {
      this.item.text = `$(key) ${vscode.l10n.t('AWS KMS: not connected')}`;
      this.item.tooltip =
        this.connections.problem?.message ?? vscode.l10n.t('Select an AWS profile or use the sandbox KMS.');
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      return;
    }
    const sandbox = connection.kind === 'sandbox';
    this.item.text = `${sandbox ? '$(beaker)' : '$(key)'} ${statusText(connection)}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(
      sandbox
        ? vscode.l10n.t('**Sandbox** — a local KMS for trying things out; its keys protect nothing.')
        : vscode.l10n.t('**AWS KMS connection** {0}', connection.label),
    );
    if (connection.region) {
      tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Region: {0}', connection.region)}`);
    }
    if (connection.endpoint) {
      tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Endpoint: {0}', connection.endpoint)}`);
    }
    tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Click to switch connection.')}`);
    this.item.tooltip = tooltip;
    // The sandbox must not pass for AWS at a glance: the same background as a warning.
    this.item.backgroundColor = sandbox ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
