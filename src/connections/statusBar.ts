import * as vscode from 'vscode';
import { statusText } from '../aws/connection';
import { markdownInert } from '../core/markdownText';
import type { ConnectionManager } from './connectionManager';
import type { Settings } from '../platform/settings';

/**
 * Shows the active connection (`profile:dev · eu-west-1`, `env · us-east-1`, `Sandbox`); a click switches it. When
 * a trusted workspace's settings choose the connection, profile or endpoint, the item says so: a cloned repository
 * can redirect requests once it is trusted, and the user should see that it did.
 */
export class ConnectionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('awsKms.connection', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly connections: ConnectionManager,
    private readonly settings: Settings,
  ) {
    this.item.name = vscode.l10n.t('AWS KMS Connection');
    this.item.command = 'awsKms.connection.select';
    this.subscriptions = [
      connections.onDidChange(() => this.update()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.update()),
    ];
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
    const overrides = this.workspaceOverrides();
    this.item.text = `${sandbox ? '$(beaker)' : '$(key)'} ${statusText(connection)}${
      overrides.length > 0 ? ` · $(folder) ${vscode.l10n.t('workspace settings')}` : ''
    }`;
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
      tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Endpoint: {0}', markdownInert(connection.endpoint))}`);
    }
    for (const line of overrides) {
      tooltip.appendMarkdown(`\n\n${markdownInert(line)}`);
    }
    tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Click to switch connection.')}`);
    this.item.tooltip = tooltip;
    // The sandbox must not pass for AWS at a glance: the same background as a warning.
    this.item.backgroundColor = sandbox ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  /** "Endpoint from workspace settings: …" for each of the connection settings the workspace sets. */
  private workspaceOverrides(): string[] {
    const lines: string[] = [];
    const connection = this.settings.workspaceValue('connection');
    if (connection) {
      lines.push(vscode.l10n.t('Connection from workspace settings: {0}', connection));
    }
    const profile = this.settings.workspaceValue('profile');
    if (profile) {
      lines.push(vscode.l10n.t('Profile from workspace settings: {0}', profile));
    }
    const endpoint = this.settings.workspaceValue('endpointUrl');
    if (endpoint) {
      lines.push(vscode.l10n.t('Endpoint from workspace settings: {0}', endpoint));
    }
    return lines;
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
    this.item.dispose();
  }
}
