import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createProgram, isProse, sourceFiles, untranslatedLiterals, type Offence } from './untranslatedLiterals';

const root = join(__dirname, '..', '..', '..');
const src = join(root, 'src');

/** The CLIs and the sandbox KMS server speak English by design (DESIGN.md): their texts are not translated. */
const ENGLISH_BY_DESIGN = [join(src, 'sandbox'), join(src, 'cli')];

/** The offences in `source`, checked as a file of src/ (so its imports resolve like the extension's). */
function offencesIn(source: string): Offence[] {
  const file = join(src, 'l10nSnippet.ts');
  const program = createProgram(root, [file], { [file]: source });
  return untranslatedLiterals(program, [file], root);
}

describe('untranslated literals', function () {
  this.timeout(120_000);

  describe('the checker', () => {
    it('catches a literal message, and one concatenated to a translated one', () => {
      const offences = offencesIn(`import * as vscode from 'vscode';
        void vscode.window.showErrorMessage('The key is gone.');
        void vscode.window.showInformationMessage(vscode.l10n.t('Saved.') + ' Reload the window.');`);
      assert.deepEqual(
        offences.map(({ line, sink, text }) => [line, sink, text]),
        [
          [2, 'vscode.window.showErrorMessage(message)', 'The key is gone.'],
          [3, 'vscode.window.showInformationMessage(message)', ' Reload the window.'],
        ],
      );
    });

    it('passes translated texts, log lines, ids and icons', () => {
      const offences = offencesIn(`import * as vscode from 'vscode';
        import * as l10n from '@vscode/l10n';
        import { KmsExtensionError } from './core/errors';
        declare const log: { error(message: string, component: string): void };
        void vscode.window.showErrorMessage(vscode.l10n.t('The key {0} is gone.', 'k'));
        log.error('could not save the file', 'editing');
        void vscode.commands.executeCommand('setContext', 'awsKms.connectionState', 'loading');
        const item = vscode.window.createStatusBarItem('awsKms.connection', vscode.StatusBarAlignment.Left);
        item.text = '$(key)';
        throw new KmsExtensionError('NoFile', l10n.t('No file chosen.'));`);
      assert.deepEqual(offences, []);
    });

    it('follows literals into items, options, properties, subclasses, conditionals and validateInput', () => {
      const offences = offencesIn(`import * as vscode from 'vscode';
        import { KmsExtensionError } from './core/errors';
        declare const yes: boolean;
        async function run(): Promise<void> {
          await vscode.window.showQuickPick([{ label: 'Sandbox', detail: vscode.l10n.t('Local') }], {
            placeHolder: yes ? 'Pick a connection' : vscode.l10n.t('Pick'),
          });
          await vscode.window.showWarningMessage(vscode.l10n.t('Delete?'), { modal: true, detail: \`All of \${1}\` }, 'Delete');
          await vscode.window.showInputBox({ validateInput: (v) => (v ? undefined : 'Type a name') });
          await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Working' }, async (p) =>
            p.report({ message: 'Step one' }),
          );
          const node = new vscode.TreeItem(vscode.l10n.t('Keys'));
          node.tooltip = new vscode.MarkdownString('**Key**');
          const pick = vscode.window.createQuickPick();
          pick.placeholder = 'Type to filter';
          void new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: 'Open it', command: 'awsKms.x' });
          throw new KmsExtensionError('Gone', \`The key \${node.id} is gone\`);
        }
        export class KeyNode extends vscode.TreeItem {
          constructor() {
            super('A key');
            this.description = 'pending import';
          }
        }`);
      assert.deepEqual(
        offences.map(({ sink, text }) => [sink, text]),
        [
          ['vscode.QuickPickItem.label', 'Sandbox'],
          ['vscode.QuickPickOptions.placeHolder', 'Pick a connection'],
          ['vscode.MessageOptions.detail', 'All of ${…}'],
          ['vscode.window.showWarningMessage(items)', 'Delete'],
          ['vscode.InputBoxOptions.validateInput', 'Type a name'],
          ['vscode.ProgressOptions.title', 'Working'],
          ['vscode.window.withProgress.task.progress.message', 'Step one'],
          ['vscode.MarkdownString.constructor(value)', '**Key**'],
          ['vscode.QuickPick.placeholder', 'Type to filter'],
          ['vscode.Command.title', 'Open it'],
          ['KmsExtensionError.constructor(message)', 'The key ${…} is gone'],
          ['vscode.TreeItem.constructor(label)', 'A key'],
          ['vscode.TreeItem.description', 'pending import'],
        ],
      );
    });

    it('counts words as prose, not icons, placeholders, separators, ids, paths or environment variables', () => {
      assert.ok(isProse('Sandbox'));
      assert.ok(isProse('$(lock) {0} is encrypted'));
      for (const text of [
        '$(key) ',
        ' · ',
        '{0}: {1}',
        'AWS_ACCESS_KEY_ID',
        'EXTERNAL',
        'awsKms.keys',
        'alias/${…}',
        '',
      ]) {
        assert.equal(isProse(text), false, text);
      }
    });
  });

  it('finds none in src/: every user-visible text goes through l10n.t', () => {
    const files = sourceFiles(src, ENGLISH_BY_DESIGN);
    const offences = untranslatedLiterals(createProgram(root, files), files, root);
    assert.deepEqual(
      offences.map(({ file, line, sink, text }) => `${file}:${line} ${sink}: ${JSON.stringify(text)}`),
      [],
    );
  });
});
