import * as vscode from 'vscode';

/**
 * `awskms-policy:/<region>/<alias or key id>.policy.json?key=<key ARN>&mode=edit|show`: the path gives the editor
 * a readable tab title and the JSON language (and the schema, by file pattern); the query names the key.
 */

export const POLICY_SCHEME = 'awskms-policy';

export interface PolicyTarget {
  region: string;
  keyArn: string;
  /** Show Key Policy: the provider reports the file read-only. */
  readonly: boolean;
}

export function policyUri(region: string, keyArn: string, label: string, mode: 'edit' | 'show'): vscode.Uri {
  const name = `${label.replace(/[/\\:]/g, '-')}.policy.json`;
  const query = new URLSearchParams({ key: keyArn, mode }).toString();
  return vscode.Uri.from({ scheme: POLICY_SCHEME, path: `/${region}/${name}`, query });
}

export function policyTarget(uri: vscode.Uri): PolicyTarget {
  const query = new URLSearchParams(uri.query);
  const keyArn = query.get('key') ?? '';
  const region = uri.path.split('/')[1] ?? '';
  if (uri.scheme !== POLICY_SCHEME || !keyArn.startsWith('arn:') || region === '') {
    throw vscode.FileSystemError.FileNotFound(uri);
  }
  return { region, keyArn, readonly: query.get('mode') !== 'edit' };
}
