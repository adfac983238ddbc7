import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

/**
 * Finds English that reaches the user without `vscode.l10n.t` / `l10n.t`: a string or template literal (alone, or
 * in a concatenation, a conditional or an array) that is passed to, or assigned to, a user-facing part of the
 * VS Code API (or KmsExtensionError's message). The type checker names the parameter or property a literal lands
 * in, so a log call, a command id or a setting key is never mistaken for a message. What it cannot see: a literal
 * kept in a variable first and passed on later.
 */

export interface Offence {
  file: string;
  line: number;
  sink: string;
  text: string;
}

const MESSAGE_PARAMETERS = ['message', 'items'];

/** Calls and constructors (qualified name of the declaration) → their user-visible parameters. */
const PARAMETER_SINKS = new Map<string, readonly string[]>([
  ['vscode.window.showInformationMessage', MESSAGE_PARAMETERS],
  ['vscode.window.showWarningMessage', MESSAGE_PARAMETERS],
  ['vscode.window.showErrorMessage', MESSAGE_PARAMETERS],
  ['vscode.window.setStatusBarMessage', ['text']],
  ['vscode.window.createWebviewPanel', ['title']],
  ['vscode.TreeItem.constructor', ['label']],
  ['vscode.MarkdownString.constructor', ['value']],
  ['vscode.MarkdownString.appendMarkdown', ['value']],
  ['vscode.MarkdownString.appendText', ['value']],
  ['vscode.Hover.constructor', ['contents']],
  ...[
    'constructor',
    'FileNotFound',
    'FileExists',
    'FileNotADirectory',
    'FileIsADirectory',
    'NoPermissions',
    'Unavailable',
  ].map((name) => [`vscode.FileSystemError.${name}`, ['messageOrUri']] as const),
  ['KmsExtensionError.constructor', ['message']],
]);

/** Properties (qualified name of the declaration) whose value the user reads. */
const PROPERTY_SINKS = new Set([
  'vscode.MessageOptions.detail',
  'vscode.MessageItem.title',
  'vscode.QuickPickItem.label',
  'vscode.QuickPickItem.description',
  'vscode.QuickPickItem.detail',
  'vscode.QuickPickOptions.title',
  'vscode.QuickPickOptions.placeHolder',
  'vscode.InputBoxOptions.title',
  'vscode.InputBoxOptions.prompt',
  'vscode.InputBoxOptions.placeHolder',
  'vscode.InputBoxOptions.validateInput',
  'vscode.QuickInput.title',
  'vscode.QuickPick.placeholder',
  'vscode.InputBox.placeholder',
  'vscode.InputBox.prompt',
  'vscode.InputBox.validationMessage',
  'vscode.QuickInputButton.tooltip',
  'vscode.ProgressOptions.title',
  'vscode.window.withProgress.task.progress.message',
  'vscode.TreeItem.label',
  'vscode.TreeItem.description',
  'vscode.TreeItem.tooltip',
  'vscode.TreeItemLabel.label',
  'vscode.TreeView.title',
  'vscode.TreeView.description',
  'vscode.TreeView.message',
  'vscode.StatusBarItem.name',
  'vscode.StatusBarItem.text',
  'vscode.StatusBarItem.tooltip',
  'vscode.WebviewPanel.title',
  'vscode.SaveDialogOptions.title',
  'vscode.SaveDialogOptions.saveLabel',
  'vscode.OpenDialogOptions.title',
  'vscode.OpenDialogOptions.openLabel',
  'vscode.Command.title',
  'vscode.Command.tooltip',
]);

/**
 * TypeScript's internal ContextFlags.Completions: the contextual type without the inference from the literal
 * itself, so `showQuickPick([{ label: '…' }])` is seen against QuickPickItem rather than the literal's own type.
 */
const CONTEXT_BEFORE_INFERENCE = 4;
type ContextualType = (node: ts.Expression, flags?: number) => ts.Type | undefined;

/** How a template literal's substitutions are shown in its text. */
const SUBSTITUTION = '${…}';

/**
 * Whether the literal's own text is prose: not only icons, placeholders, substitutions and punctuation, nor an id,
 * a path or a constant (`awsKms.keys`, `alias/…`, `AWS_ACCESS_KEY_ID`, `EXTERNAL`).
 */
export function isProse(text: string): boolean {
  const words = text
    .replace(/\$\([\w~-]+\)/g, '')
    .replace(/\{\d+\}/g, '')
    .replaceAll(SUBSTITUTION, '')
    .trim();
  if (!/\p{L}{2}/u.test(words)) {
    return false;
  }
  const identifier = /^[\w.:/\\@-]+$/.test(words) && /[_.:/\\@]/.test(words);
  const constant = /^[A-Z][A-Z0-9_]*$/.test(words);
  return !identifier && !constant;
}

/** `vscode.window.showWarningMessage`, `vscode.TreeItem.constructor`, `KmsExtensionError.constructor`… */
function qualifiedName(declaration: ts.Node): string {
  const names: string[] = [];
  for (let node: ts.Node | undefined = declaration; node; node = node.parent) {
    const name = (node as { name?: ts.Node }).name;
    if (ts.isConstructorDeclaration(node)) {
      names.unshift('constructor');
    } else if (name && (ts.isIdentifier(name) || ts.isStringLiteral(name))) {
      names.unshift(name.text);
    }
  }
  return names.join('.');
}

/** The expression the literal's text ends up in, through concatenations, conditionals, fallbacks and arrays. */
function outermostValue(literal: ts.Expression): ts.Expression {
  let node: ts.Expression = literal;
  for (;;) {
    const parent = node.parent;
    const joins =
      ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isSatisfiesExpression(parent) ||
      ts.isArrayLiteralExpression(parent) ||
      ts.isSpreadElement(parent) ||
      (ts.isConditionalExpression(parent) && node !== parent.condition) ||
      (ts.isBinaryExpression(parent) &&
        (parent.operatorToken.kind === ts.SyntaxKind.PlusToken ||
          (node === parent.right &&
            [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(parent.operatorToken.kind))));
    if (joins) {
      node = parent as ts.Expression;
    } else if (ts.isTemplateSpan(parent)) {
      node = parent.parent;
    } else {
      return node;
    }
  }
}

class SinkFinder {
  private readonly contextualType: ContextualType;

  constructor(private readonly checker: ts.TypeChecker) {
    this.contextualType = checker.getContextualType.bind(checker) as ContextualType;
  }

  /** The user-facing parameter or property `value` is given to, if any. */
  sinkOf(value: ts.Expression): string | undefined {
    const parent = value.parent;
    if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(value)) {
      return this.parameterSink(parent, parent.arguments.indexOf(value));
    }
    if (ts.isPropertyAssignment(parent) && parent.initializer === value) {
      return this.propertySink(parent);
    }
    if (ts.isBinaryExpression(parent) && parent.right === value && ts.isPropertyAccessExpression(parent.left)) {
      const declarations = this.checker.getSymbolAtLocation(parent.left.name)?.declarations ?? [];
      return declarations.map(qualifiedName).find((name) => PROPERTY_SINKS.has(name));
    }
    const returned = ts.isReturnStatement(parent) ? enclosingFunction(parent) : undefined;
    const fn = returned ?? (ts.isArrowFunction(parent) && parent.body === value ? parent : undefined);
    if (fn && ts.isPropertyAssignment(fn.parent)) {
      return this.propertySink(fn.parent); // e.g. validateInput's message
    }
    return undefined;
  }

  private parameterSink(call: ts.CallExpression | ts.NewExpression, index: number): string | undefined {
    const declaration = this.checker.getResolvedSignature(call)?.getDeclaration();
    if (!declaration) {
      return undefined;
    }
    const name = qualifiedName(declaration);
    const parameters = declaration.parameters;
    const parameter = parameters[Math.min(index, parameters.length - 1)];
    const visible = PARAMETER_SINKS.get(name);
    return parameter && visible?.includes(parameter.name.getText())
      ? `${name}(${parameter.name.getText()})`
      : undefined;
  }

  private propertySink(property: ts.PropertyAssignment): string | undefined {
    const object = property.parent;
    for (const flags of [undefined, CONTEXT_BEFORE_INFERENCE]) {
      const type = this.contextualType(object, flags);
      for (const part of type?.isUnion() ? type.types : type ? [type] : []) {
        const symbol = this.checker.getPropertyOfType(part, property.name.getText());
        const sink = (symbol?.declarations ?? []).map(qualifiedName).find((name) => PROPERTY_SINKS.has(name));
        if (sink) {
          return sink;
        }
      }
    }
    return undefined;
  }
}

function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isFunctionLike(n)) {
      return ts.isArrowFunction(n) || ts.isFunctionExpression(n) ? n : undefined;
    }
  }
  return undefined;
}

function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return node.text;
  }
  if (ts.isTemplateExpression(node)) {
    return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(SUBSTITUTION);
  }
  return undefined;
}

/** Every literal of `files` (paths in `program`) that reaches a user-facing sink untranslated. */
export function untranslatedLiterals(program: ts.Program, files: readonly string[], root: string): Offence[] {
  const finder = new SinkFinder(program.getTypeChecker());
  const offences: Offence[] = [];
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) {
      throw new Error(`${file} is not in the program`);
    }
    const visit = (node: ts.Node): void => {
      const text = literalText(node);
      if (text !== undefined && isProse(text)) {
        const sink = finder.sinkOf(outermostValue(node as ts.Expression));
        if (sink) {
          const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
          offences.push({ file: relative(root, file).replaceAll('\\', '/'), line, sink, text });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return offences;
}

/** The TypeScript files under `dir`, recursively, but not under `excluded` folders. */
export function sourceFiles(dir: string, excluded: readonly string[]): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return excluded.includes(path) ? [] : sourceFiles(path, excluded);
    }
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Parsed declaration files (vscode.d.ts, @types/node), shared by the programs of one test run. */
const declarations = new Map<string, ts.SourceFile>();

/** A program over `files` with the project's compiler options; `virtual` files are served from memory. */
export function createProgram(
  root: string,
  files: readonly string[],
  virtual: Record<string, string> = {},
): ts.Program {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const host = ts.createCompilerHost(options, true);
  const { readFile, fileExists, getSourceFile } = host;
  host.readFile = (path) => virtual[path] ?? readFile.call(host, path);
  host.fileExists = (path) => path in virtual || fileExists.call(host, path);
  host.getSourceFile = (path, language, ...rest) => {
    const parsed = declarations.get(path) ?? getSourceFile.call(host, path, language, ...rest);
    if (parsed && path.endsWith('.d.ts')) {
      declarations.set(path, parsed);
    }
    return parsed;
  };
  return ts.createProgram({ rootNames: [...files], options, host });
}
