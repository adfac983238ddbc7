// First real suite: the extension as VS Code sees it. Runs in the extension host (see index.ts), so a
// broken manifest, a throwing activate() or a missing view makes these fail.
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'aws-kms-workbench.aws-kms-workbench';

interface Manifest {
  publisher: string;
  name: string;
  contributes: {
    viewsContainers: { activitybar: { id: string; title: string }[] };
    views: Record<string, { id: string }[]>;
  };
}

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded in this extension host`);
  return ext;
}

describe('Extension activation', () => {
  it('logs the host it runs in', () => {
    const ext = extension();
    console.log(
      `    VS Code ${vscode.version} (${vscode.env.appHost}, uiKind ${vscode.UIKind[vscode.env.uiKind]}, ` +
        `remote ${vscode.env.remoteName ?? 'none'}), Node ${process.version}, ` +
        `extension kind ${vscode.ExtensionKind[ext.extensionKind]}, from ${ext.extensionPath}`,
    );
  });

  it('is loaded the way the runner installed it', () => {
    // So an --installed run cannot silently test the working tree instead. packageJSON is VS Code's
    // extension description, which also carries isUnderDevelopment (not in the typings, stable since 1.2x).
    const underDevelopment = (extension().packageJSON as { isUnderDevelopment?: boolean }).isUnderDevelopment === true;
    assert.strictEqual(underDevelopment, process.env.AWS_KMS_TEST_MODE !== 'installed');
  });

  it('has the manifest identity and the AWS KMS view contributions', () => {
    const manifest = extension().packageJSON as Manifest;
    assert.strictEqual(`${manifest.publisher}.${manifest.name}`, EXTENSION_ID);
    assert.deepStrictEqual(
      manifest.contributes.viewsContainers.activitybar.map((c) => [c.id, c.title]),
      [['awsKms', 'AWS KMS']],
    );
    assert.ok(
      manifest.contributes.views.awsKms.some((v) => v.id === 'awsKms.keys'),
      'awsKms.keys view is contributed',
    );
  });

  it('activates without throwing', async () => {
    const ext = extension();
    await ext.activate(); // rejects if activate() throws or dist/extension.js cannot load
    assert.strictEqual(ext.isActive, true);
  });

  it('registers focus commands for the AWS KMS container and the Keys view', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['workbench.view.extension.awsKms', 'awsKms.keys.focus']) {
      assert.ok(commands.includes(id), `command ${id} is registered`);
    }
  });

  it('can focus the AWS KMS container and the Keys view', async () => {
    // executeCommand rejects if the workbench has no such container/view.
    await vscode.commands.executeCommand('workbench.view.extension.awsKms');
    await vscode.commands.executeCommand('awsKms.keys.focus');
    assert.strictEqual(extension().isActive, true, 'still active after the view opened');
  });
});
