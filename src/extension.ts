import * as vscode from 'vscode';
import { registerCommands } from './commands/runCommand';
import { selectConnection } from './commands/selectConnection';
import { selectRegion } from './commands/selectRegion';
import { ConnectionManager } from './connections/connectionManager';
import { SandboxHost } from './connections/sandboxHost';
import { ConnectionStatusBar } from './connections/statusBar';
import { Logger } from './platform/logger';
import { Settings } from './platform/settings';

/** What activate() returns: the live objects, for the integration tests and for other extensions. */
export interface ExtensionApi {
  connections: ConnectionManager;
  sandbox: SandboxHost;
  /** Resolves when the first connection resolution has finished. */
  ready: Promise<void>;
}

/** Composition root: build the long-lived objects in dependency order and register everything as disposable. */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const channel = vscode.window.createOutputChannel('AWS KMS', { log: true });
  const log = new Logger(channel);
  const settings = new Settings();
  const sandbox = new SandboxHost(context.globalStorageUri, log);
  const connections = new ConnectionManager(settings, sandbox, log);

  context.subscriptions.push(
    channel,
    sandbox,
    connections,
    new ConnectionStatusBar(connections),
    ...registerCommands({
      'awsKms.connection.select': async () => selectConnection(settings),
      'awsKms.connection.useSandbox': async () => settings.set('connection', 'sandbox'),
      'awsKms.connection.selectRegion': async () => selectRegion(settings),
      'awsKms.connection.reload': async () => connections.refresh({ reloadCredentials: true }),
      'awsKms.log.show': () => log.show(),
    }, log),
    vscode.workspace.onDidChangeConfiguration((e) => { if (settings.affects(e)) { void connections.refresh(); } }),
  );
  const ready = connections.refresh();
  return { connections, sandbox, ready };
}

export function deactivate(): void {
  // Nothing to flush: every resource is a disposable in context.subscriptions.
}
