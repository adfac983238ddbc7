import * as l10n from '@vscode/l10n';
import type { Statement } from './policyDocument';

/**
 * Which statements a save adds, removes or changes, for the confirmation before PutKeyPolicy. Statements are
 * matched by Sid; statements without one by their position, which is how a reader of the JSON finds them too.
 */

export interface StatementChanges {
  added: string[];
  removed: string[];
  changed: string[];
  /** Something outside the statements changed (Version, Id). */
  header: boolean;
}

export function statementChanges(
  before: { document: Record<string, unknown>; statements: Statement[] },
  after: { document: Record<string, unknown>; statements: Statement[] },
): StatementChanges {
  const old = byName(before.statements);
  const now = byName(after.statements);
  const changes: StatementChanges = { added: [], removed: [], changed: [], header: false };
  for (const [name, statement] of now) {
    const previous = old.get(name);
    if (previous === undefined) {
      changes.added.push(name);
    } else if (canonical(previous) !== canonical(statement)) {
      changes.changed.push(name);
    }
  }
  changes.removed = [...old.keys()].filter((name) => !now.has(name));
  const { Statement: _a, ...headBefore } = before.document;
  const { Statement: _b, ...headAfter } = after.document;
  changes.header = canonical(headBefore) !== canonical(headAfter);
  return changes;
}

export function hasChanges(changes: StatementChanges): boolean {
  return changes.header || changes.added.length + changes.removed.length + changes.changed.length > 0;
}

function byName(statements: Statement[]): Map<string, Statement> {
  const names = new Map<string, Statement>();
  statements.forEach((statement, index) => {
    const sid = typeof statement.Sid === 'string' && statement.Sid !== '' ? statement.Sid : undefined;
    const name =
      sid !== undefined && !names.has(sid)
        ? sid
        : l10n.t({ message: 'statement {0}', args: [index + 1], comment: '{0} is the 1-based position' });
    names.set(name, statement);
  });
  return names;
}

/** JSON with sorted object keys: key order does not change what a policy means. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
