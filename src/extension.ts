import * as vscode from 'vscode';
import { keyCommandHandlers } from './commands/keys';
import { registerCommands, type CommandHandler } from './commands/runCommand';
import { selectConnection } from './commands/selectConnection';
import { selectRegion } from './commands/selectRegion';
import { createSampleFile } from './commands/walkthrough/createSampleFile';
import { ConnectionManager } from './connections/connectionManager';
import { SandboxHost } from './connections/sandboxHost';
import { ConnectionStatusBar } from './connections/statusBar';
import { Logger } from './platform/logger';
import { reachedMilestones, type Milestone } from './platform/milestones';
import { Settings } from './platform/settings';
import type { KeyCommandId } from './shared/commandIds';
import { ExpiryStatusBar } from './views/keys/expiryStatusBar';
import { KEYS_VIEW_ID, KeysTreeProvider } from './views/keys/keysTreeProvider';
import type { KeysNode } from './views/keys/nodes';

/** What activate() returns: the live objects, for the integration tests and for other extensions. */
export interface ExtensionApi {
  connections: ConnectionManager;
  sandbox: SandboxHost;
  /** Resolves when the first connection resolution has finished. */
  ready: Promise<void>;
  /** How long activate() took, in ms (bench/activation.mjs reports it). */
  activateMs: number;
  /** The walkthrough milestones reached in this session (their context keys are set too). */
  milestones: () => ReadonlySet<Milestone>;
  keys: {
    tree: KeysTreeProvider;
    view: vscode.TreeView<KeysNode>;
    expiry: ExpiryStatusBar;
    /** The key command handlers without the error wrapper: they throw what the wrapper would show. */
    commands: Record<KeyCommandId, CommandHandler>;
  };
}

/** Composition root: build the long-lived objects in dependency order and register everything as disposable. */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const channel = vscode.window.createOutputChannel('AWS KMS', { log: true });
  const log = new Logger(channel);
  const settings = new Settings();
  const sandbox = new SandboxHost(context.globalStorageUri, log);
  const connections = new ConnectionManager(settings, sandbox, log);
  const keys = new KeysTreeProvider(connections, settings, log);
  const keysView = vscode.window.createTreeView(KEYS_VIEW_ID, { treeDataProvider: keys, showCollapseAll: true });
  keys.attach(keysView);
  const expiry = new ExpiryStatusBar(keys);
  const keyCommands = keyCommandHandlers({ connections, keys, log });

  context.subscriptions.push(
    channel,
    sandbox,
    connections,
    keys,
    keysView,
    expiry,
    new ConnectionStatusBar(connections),
    ...registerCommands({
      ...keyCommands,
      'awsKms.connection.select': async () => selectConnection(settings),
      'awsKms.connection.useSandbox': async () => settings.set('connection', 'sandbox'),
      'awsKms.connection.selectRegion': async () => selectRegion(settings),
      'awsKms.connection.reload': async () => connections.refresh({ reloadCredentials: true }),
      'awsKms.log.show': () => log.show(),
      'awsKms.walkthrough.createSampleFile': async (folder) => createSampleFile(folder instanceof vscode.Uri ? folder : undefined),
    }, log),
    vscode.workspace.onDidChangeConfiguration((e) => { if (settings.affects(e)) { void connections.refresh(); } }),
  );
  const ready = connections.refresh();
  const activateMs = performance.now() - started;
  log.debug(`activated in ${activateMs.toFixed(1)} ms`, 'extension');
  return { connections, sandbox, ready, activateMs, milestones: reachedMilestones, keys: { tree: keys, view: keysView, expiry, commands: keyCommands } };
}

export function deactivate(): void {
  // Nothing to flush: every resource is a disposable in context.subscriptions.
}
