import * as vscode from 'vscode';
import type { KeyMetadata } from '@aws-sdk/client-kms';

/** The icons of the Keys tree: a key's state at a glance, and the warning of material that expires soon. */

export function stateIcon(meta: KeyMetadata): vscode.ThemeIcon {
  const color = (id: string): vscode.ThemeColor => new vscode.ThemeColor(id);
  switch (meta.KeyState) {
    case 'Enabled':
      return new vscode.ThemeIcon('key', color('charts.green'));
    case 'Disabled':
      return new vscode.ThemeIcon('circle-slash', color('disabledForeground'));
    case 'PendingImport':
      return new vscode.ThemeIcon('cloud-upload', color('charts.yellow'));
    case 'PendingDeletion':
    case 'PendingReplicaDeletion':
      return new vscode.ThemeIcon('trash', color('errorForeground'));
    case 'Unavailable':
      return new vscode.ThemeIcon('error', color('errorForeground'));
    case 'Creating':
    case 'Updating':
      return new vscode.ThemeIcon('loading~spin');
    default:
      return new vscode.ThemeIcon('question');
  }
}

export const warningIcon = (): vscode.ThemeIcon =>
  new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
