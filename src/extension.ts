import * as vscode from 'vscode';

/** Composition root. The real objects (connections, tree, commands) are added by the features built on it. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('AWS KMS', { log: true });
  context.subscriptions.push(log);
  log.info('AWS KMS Workbench activated');
}

export function deactivate(): void {
  // Nothing to flush: every resource is a disposable in context.subscriptions.
}
