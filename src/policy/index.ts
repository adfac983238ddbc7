import * as vscode from 'vscode';
import type { KeyCommandDeps } from '../keys/keyTarget';
import type { PolicyCommandId } from '../shared/commandIds';
import type { CommandHandler } from '../ui/runCommand';
import { openKeyPolicy } from './policyCommands';
import { PolicyFileSystem } from './policyFileSystem';
import { POLICY_SCHEME } from './policyUri';

/** Key policies as validated JSON documents (issue 15, item 2). */
export interface Policies {
  files: PolicyFileSystem;
  /** The command handlers without the error wrapper: they throw what the wrapper would show. */
  commands: Record<PolicyCommandId, CommandHandler>;
  disposables: vscode.Disposable[];
}

export function createPolicies(deps: KeyCommandDeps): Policies {
  const files = new PolicyFileSystem(deps.connections, deps.log);
  return {
    files,
    commands: {
      'awsKms.policy.edit': async (node) => openKeyPolicy(deps, files, node, 'edit'),
      'awsKms.policy.show': async (node) => openKeyPolicy(deps, files, node, 'show'),
    },
    disposables: [files, vscode.workspace.registerFileSystemProvider(POLICY_SCHEME, files, { isCaseSensitive: true })],
  };
}
