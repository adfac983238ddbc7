import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestSurface } from '../../src/extension';

export const EXTENSION_ID = 'aws-kms-workbench.aws-kms-workbench';

/** The live objects of the extension under test: activate() returns them because the harness opened the test door. */
export async function extensionApi(): Promise<TestSurface> {
  const ext = vscode.extensions.getExtension<TestSurface | undefined>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  assert.ok(api, `${EXTENSION_ID} returned no test surface: the harness sets AWS_KMS_WORKBENCH_TEST_DOOR=1`);
  await api.ready;
  return api;
}

/** Polls until `predicate` holds: settings changes reach the extension through events, not through the update call. */
export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Sets `awsKms.*` user settings; undefined removes one. */
export async function setSettings(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('awsKms');
  for (const [key, value] of Object.entries(values)) {
    await config.update(key, value, vscode.ConfigurationTarget.Global);
  }
}

export async function resetSettings(): Promise<void> {
  await setSettings({ connection: undefined, profile: undefined, region: undefined, endpointUrl: undefined });
}

/**
 * Closes every editor, discarding unsaved changes first: `closeAllEditors` alone waits on a "Save changes?" dialog
 * for a dirty editor (an untitled one from Generate Data Key or a selection test), which nobody answers in the
 * installed-VSIX run, and every later suite's cleanup would hang behind it.
 */
export async function closeAllEditorsDiscarding(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
