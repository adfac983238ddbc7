import * as l10n from '@vscode/l10n';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';

/** A key policy document as the editor holds it: parsed, with its statements as a list (KMS accepts one object too). */

export type Statement = Record<string, unknown>;

export interface PolicyDocument {
  document: Record<string, unknown>;
  statements: Statement[];
}

/** Why a text is not a policy document, and where (a character offset into the text). */
export interface PolicyProblem {
  message: string;
  offset: number;
}

export type ParsedPolicy = ({ ok: true } & PolicyDocument) | ({ ok: false } & PolicyProblem);

export function parsePolicy(text: string): ParsedPolicy {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // V8's message quotes the text around the problem, newlines and all: the line and column say it better.
    const offset = jsonErrorOffset(text);
    const before = text.slice(0, offset).split('\n');
    return {
      ok: false,
      message: l10n.t({
        message: 'The key policy is not valid JSON (line {0}, column {1}): fix it, then save again.',
        args: [before.length, (before.at(-1)?.length ?? 0) + 1],
        comment: '{0} and {1} are 1-based',
      }),
      offset,
    };
  }
  if (!isObject(value)) {
    return {
      ok: false,
      message: l10n.t('A key policy is a JSON object: {"Version": …, "Statement": […]}.'),
      offset: 0,
    };
  }
  const raw = value.Statement;
  const list: unknown[] = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return { ok: true, document: value, statements: list.filter(isObject) };
}

/** The policy as the editor shows it: two-space JSON; a text that is not JSON is shown as KMS returned it. */
export function prettyPolicy(text: string): string {
  try {
    return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
  } catch {
    return text;
  }
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value that IAM allows as one string or a list of strings, as a list. */
export function stringList(value: unknown): string[] {
  if (typeof value === 'string') {
    return [value];
  }
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Where a text stops being JSON, for the diagnostic of a save that fails to parse: V8's JSON.parse names no position
 * for most errors. jsonc-parser (VS Code's own JSON parser), held to strict JSON, reports the first bad token.
 */
export function jsonErrorOffset(text: string): number {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return errors[0]?.offset ?? 0;
}
