// Test-only: what any installed extension can do to AWS KMS Workbench, tried from the outside. It asks for the
// workbench's exports, sets the test door's variable (too late: the workbench read it once, at activation) and runs
// Disable Key with `confirmed: true`, as a caller that claims to have asked already would.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- VS Code loads a plain extension.js as CommonJS
const vscode = require('vscode');

const WORKBENCH = 'aws-kms-workbench.aws-kms-workbench';

exports.activate = (context) => {
  context.subscriptions.push(
    vscode.commands.registerCommand('otherExtension.disableKeyWithoutAsking', async () => {
      const workbench = vscode.extensions.getExtension(WORKBENCH);
      const surface = await workbench.activate();
      const exported = surface === undefined ? 'nothing' : Object.keys(surface).join(', ');
      void vscode.window.showInformationMessage(`Other extension: AWS KMS Workbench exports ${exported}.`);
      process.env.AWS_KMS_WORKBENCH_TEST_DOOR = '1';
      await vscode.commands.executeCommand('awsKms.key.disable', 'alias/demo-app', { confirmed: true });
      void vscode.window.showInformationMessage('Other extension: Disable Key returned.');
    }),
  );
};

exports.deactivate = () => {};
