import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * No English reaches the page's DOM without @vscode/l10n: a webview module writes its words through TEXT, BUTTON or
 * the functions of texts.ts. This reads src/webview's sources with the TypeScript parser and reports every string
 * literal with a letter in it that stands where the page shows text to the user.
 */

/** The DOM builders and which of their arguments are shown to the user (`from` on: that one and all after it). */
const TEXT_ARGUMENTS: Record<string, { at?: number[]; from?: number }> = {
  h: { from: 2 },
  button: { at: [1] },
  select: { at: [1] },
  radios: { at: [1] },
  field: { at: [0] },
  fact: { at: [0, 1] },
};
/** Attributes and properties the user sees or hears (screen readers read aria-label). */
const TEXT_PROPERTIES = new Set(['aria-label', 'placeholder', 'title', 'label', 'textContent', 'innerText']);

const JOINS = new Set([ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.PlusToken]);

function bareTexts(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const report = (node: ts.Node): void => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${source.fileName}:${line + 1}: ${node.getText(source)}`);
  };
  /** Walks a value that ends up as text: into both sides of choices and joins, never into calls (they are seen on their own). */
  const check = (node: ts.Node | undefined): void => {
    if (node === undefined) {
      return;
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (/\p{L}/u.test(node.text)) {
        report(node);
      }
    } else if (ts.isTemplateExpression(node)) {
      if ([node.head, ...node.templateSpans.map((span) => span.literal)].some((part) => /\p{L}/u.test(part.text))) {
        report(node);
      }
      node.templateSpans.forEach((span) => check(span.expression));
    } else if (ts.isConditionalExpression(node)) {
      check(node.whenTrue);
      check(node.whenFalse);
    } else if (ts.isBinaryExpression(node)) {
      // `a && 'text'` shows its right side; `a || b`, `a ?? b` and `a + b` either side or both.
      const op = node.operatorToken.kind;
      if (JOINS.has(op)) {
        check(node.left);
      }
      if (JOINS.has(op) || op === ts.SyntaxKind.AmpersandAmpersandToken) {
        check(node.right);
      }
    } else if (ts.isParenthesizedExpression(node) || ts.isSpreadElement(node) || ts.isAsExpression(node)) {
      check(node.expression);
    } else if (ts.isArrayLiteralExpression(node)) {
      node.elements.forEach(check);
    }
  };
  const propertyName = (name: ts.Node): string | undefined =>
    ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const spec = TEXT_ARGUMENTS[node.expression.text];
      node.arguments.forEach((arg, index) => {
        if (spec && ((spec.from !== undefined && index >= spec.from) || spec.at?.includes(index))) {
          check(arg);
        }
      });
    } else if (ts.isPropertyAssignment(node) && TEXT_PROPERTIES.has(propertyName(node.name) ?? '')) {
      check(node.initializer);
    } else if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      TEXT_PROPERTIES.has(node.left.name.text)
    ) {
      check(node.right);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function parse(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

function webviewSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? webviewSources(file) : file.endsWith('.ts') ? [file] : [];
  });
}

describe('the webview puts no untranslated English into the page', () => {
  it('finds a bare literal in every place the page shows text, and none in translated ones', () => {
    const bare = bareTexts(
      parse(
        'sample.ts',
        [
          "h('p', { class: 'hint wide' }, 'Complete steps 1–3 first.');",
          "h('td', {}, m.expires ? 'Does not expire' : TEXT.expires);",
          "h('h1', {}, `Key material: ${name}`);",
          "h('div', {}, ready && 'Ready');",
          "button('import', 'Import key material', run, { 'aria-label': 'Import now', secondary: true });",
          "field('Expiration', control);",
          "h('vscode-textfield', { placeholder: 'e.g. 2026 key' });",
          "el.textContent = 'expired';",
        ].join('\n'),
      ),
    );
    assert.deepEqual(
      bare.map((line) => line.replace(/^sample\.ts:\d+: /, '')),
      [
        "'Complete steps 1–3 first.'",
        "'Does not expire'",
        '`Key material: ${name}`',
        "'Ready'",
        "'Import key material'",
        "'Import now'",
        "'Expiration'",
        "'e.g. 2026 key'",
        "'expired'",
      ],
    );
    const translated = [
      "h('p', { class: 'status warn', id: 'backup-status', role: 'alert' }, TEXT.backupRequired);",
      "h('td', {}, m.id ? `${shortId}…` : '—');",
      "button('import', BUTTON.import, run, { 'aria-label': keyHeading(k.alias), secondary: true });",
      "h('vscode-radio', { name: 'expiration', value: 'never' }, l10n.t('Key material does not expire'));",
      'el.textContent = tokenCountdown(until, now);',
    ].join('\n');
    assert.deepEqual(bareTexts(parse('translated.ts', translated)), []);
  });

  it('holds for every module of src/webview', () => {
    const sources = webviewSources(path.join(__dirname, '../../../src/webview'));
    assert.ok(
      sources.some((file) => file.endsWith('materialTable.ts')),
      'the page modules are read',
    );
    const bare = sources.flatMap((file) => bareTexts(parse(file, fs.readFileSync(file, 'utf8'))));
    assert.deepEqual(bare, [], 'translate these with l10n.t (in texts.ts)');
  });
});
