import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { fileCommandHandlers } from './files';
import { keyCommandHandlers } from './keys';
import { registerCommands, showError, type CommandHandler } from './ui/runCommand';
import { selectConnection } from './connections/selectConnection';
import { selectRegion } from './connections/selectRegion';
import { walkthroughCommandHandlers } from './walkthrough';
import { WalkthroughConditions } from './walkthrough/walkthroughConditions';
import { ConnectionManager } from './connections/connectionManager';
import { SandboxHost } from './connections/sandboxHost';
import { EndpointApproval } from './connections/endpointApproval';
import { KeyMaterialPages } from './keyMaterial/keyMaterialPages';
import { ConnectionStatusBar } from './connections/statusBar';
import { EncryptionDetection } from './files/detection';
import { affectsOnlyFileSettings } from './files/fileSettings';
import { createEditing, type Editing } from './editing';
import { createPolicies, type Policies } from './policy';
import { Logger } from './platform/logger';
import { configureWalkthroughSteps, reachedMilestones, type Milestone } from './walkthrough/milestones';
import { Settings } from './platform/settings';
import { TEST_DOOR_ENV, testDoorOpen } from './platform/testDoor';
import { honourPreconfirmation } from './ui/confirm';
import type { FileCommandId, KeyCommandId } from './shared/commandIds';
import { ExpiryStatusBar } from './keys/expiryStatusBar';
import { KEYS_VIEW_ID, KeysTreeProvider } from './keys/keysTreeProvider';
import type { KeysNode } from './keys/nodes';

/**
 * The extension's internals, for the integration suites only: activate() returns them when the test door is open
 * (platform/testDoor.ts) and nothing otherwise. The extension has no API for other extensions.
 */
export interface TestSurface {
  connections: ConnectionManager;
  /** Asks before the first request to an endpoint that is neither AWS's nor loopback. */
  endpoints: EndpointApproval;
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
  files: {
    detection: EncryptionDetection;
    /** The file command handlers without the error wrapper: they throw what the wrapper would show. */
    commands: Record<FileCommandId, CommandHandler>;
  };
  /** The decrypted view of encrypted files, Show Envelope Info, the hover and the Open Decrypted offers. */
  editing: Omit<Editing, 'disposables'>;
  /** The extension's global storage (inside VS Code's user-data folder): tests scan it for plaintext. */
  globalStorage: vscode.Uri;
  /** The Key material pages (one webview per key). */
  keyMaterial: KeyMaterialPages;
  /** Key policies as documents: the `awskms-policy:` files and Edit/Show Key Policy. */
  policy: Omit<Policies, 'disposables'>;
}

/** Composition root: build the long-lived objects in dependency order and register everything as disposable. */
export function activate(context: vscode.ExtensionContext): TestSurface | undefined {
  const started = performance.now();
  const testDoor = testDoorOpen(process.env);
  if (testDoor) {
    honourPreconfirmation();
  }
  // The pure layers translate with @vscode/l10n (they may not import vscode): give it the same bundle first.
  if (vscode.l10n.bundle) {
    l10n.config({ contents: vscode.l10n.bundle });
  }
  const channel = vscode.window.createOutputChannel('AWS KMS', { log: true });
  const log = new Logger(channel);
  const settings = new Settings();
  configureWalkthroughSteps(
    context.extension.id,
    (context.extension.packageJSON as { contributes?: { walkthroughs?: [] } }).contributes?.walkthroughs ?? [],
    context.globalStorageUri,
  );
  const sandbox = new SandboxHost(context.globalStorageUri, log);
  const endpoints = new EndpointApproval(context.globalStorageUri, log);
  const connections = new ConnectionManager(settings, sandbox, log, endpoints);
  const keys = new KeysTreeProvider(connections, settings, log);
  const keysView = vscode.window.createTreeView(KEYS_VIEW_ID, { treeDataProvider: keys, showCollapseAll: true });
  const keysViewEvents = keys.attach(keysView);
  const expiry = new ExpiryStatusBar(keys);
  const keyMaterial = new KeyMaterialPages({ connections, keys, log, extensionUri: context.extensionUri });
  const keyCommands = keyCommandHandlers({ connections, keys, log }, keyMaterial);
  const detection = new EncryptionDetection(log);
  const fileCommands = fileCommandHandlers({
    connections,
    settings,
    log,
    detection,
    workspaceState: context.workspaceState,
    keysView,
    keys,
  });
  const editing = createEditing({ connections, log, showError: (error) => showError(error, log) });
  const policies = createPolicies({ connections, keys, log });

  context.subscriptions.push(
    channel,
    sandbox,
    connections,
    keys,
    keysView,
    keysViewEvents,
    expiry,
    keyMaterial,
    new ConnectionStatusBar(connections, settings),
    detection,
    new WalkthroughConditions(keys, context.workspaceState),
    ...editing.disposables,
    ...policies.disposables,
    ...registerCommands(
      {
        ...keyCommands,
        ...fileCommands,
        ...editing.commands,
        ...policies.commands,
        'awsKms.connection.select': async () => selectConnection(settings),
        'awsKms.connection.useSandbox': async () => settings.set('connection', 'sandbox'),
        'awsKms.connection.selectRegion': async () => selectRegion(settings, connections.connection),
        'awsKms.connection.reload': async () => connections.refresh({ reloadCredentials: true }),
        'awsKms.log.show': () => log.show(),
        ...walkthroughCommandHandlers(context.workspaceState, fileCommands),
      },
      log,
    ),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (settings.affects(e) && !affectsOnlyFileSettings(settings, e)) {
        void connections.refresh();
      }
    }),
  );
  const ready = connections.refresh();
  const activateMs = performance.now() - started;
  log.debug(`activated in ${activateMs.toFixed(1)} ms`, 'extension');
  if (!testDoor) {
    return undefined;
  }
  log.warn(`the test door is open (${TEST_DOOR_ENV}=1): commands skip confirmations when asked to`, 'extension');
  return {
    connections,
    endpoints,
    sandbox,
    ready,
    activateMs,
    milestones: reachedMilestones,
    keys: { tree: keys, view: keysView, expiry, commands: keyCommands },
    files: { detection, commands: fileCommands },
    editing: { files: editing.files, offers: editing.offers, commands: editing.commands },
    globalStorage: context.globalStorageUri,
    keyMaterial,
    policy: { files: policies.files, commands: policies.commands },
  };
}

export function deactivate(): void {
  // Nothing to flush: every resource is a disposable in context.subscriptions.
}
