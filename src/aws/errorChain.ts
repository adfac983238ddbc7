import * as l10n from '@vscode/l10n';
import type { NextStep } from '../core/errors';
import type { Connection } from './connection';

/**
 * What an error thrown by the AWS SDK, a credential provider or a socket says, read across its cause chain: the
 * facts the classifiers of awsErrors.ts judge by, and one redacted line per error for the log.
 */

export interface ErrorLike {
  name: string;
  message: string;
  code?: string;
  hostname?: string;
  address?: string;
  port?: number;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

export interface ErrorFacts {
  chain: ErrorLike[];
  /** The error thrown (or a stand-in for a thrown non-error). */
  top: ErrorLike;
  /** Every `name: message` of the chain, one a line, for the patterns. */
  text: string;
  /** The first of `candidates` that is the name or code of an error in the chain. */
  has(...candidates: string[]): string | undefined;
  connection?: Connection;
  region?: string;
  operation?: string;
  /** How messages name the connection: "profile dev", "the sandbox". */
  who: string;
}

/** What a classifier found: the code, a user-safe message (cause, then what to do) and the button to offer. */
export interface Finding {
  code: string;
  message: string;
  next: NextStep;
  /** For `next === 'ssoLogin'`: the command to run in a terminal. */
  command?: string;
}

export function errorFacts(
  error: unknown,
  chain: ErrorLike[],
  context: { connection?: Connection; region?: string; operation?: string },
): ErrorFacts {
  const names = new Set(chain.flatMap((e) => [e.name, e.code ?? '']));
  return {
    chain,
    top: chain[0] ?? { name: 'Error', message: String(error) },
    text: chain.map((e) => `${e.name}: ${e.message}`).join('\n'),
    has: (...candidates) => candidates.find((name) => names.has(name)),
    ...context,
    who: context.connection ? connectionName(context.connection) : l10n.t('the connection'),
  };
}

/** The error, its causes and the errors of an AggregateError, breadth first, at most eight. */
export function causeChain(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && chain.length < 8) {
    const current = queue.shift();
    if (current instanceof Error) {
      chain.push(current as Error & ErrorLike);
      if (current.cause !== undefined) {
        queue.push(current.cause);
      }
      if (current instanceof AggregateError) {
        queue.push(...(current.errors as unknown[]));
      }
    } else if (current !== undefined && current !== null) {
      chain.push({ name: 'Error', message: String(current) });
    }
  }
  return chain;
}

/** The first sentence of an SDK message's first line, ending in a full stop. */
export function firstSentence(message: string): string {
  const line = message.split('\n')[0].trim();
  const sentence = /^.*?[.!?](?=\s|$)/.exec(line)?.[0] ?? line;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

function connectionName(connection: Connection): string {
  switch (connection.kind) {
    case 'profile':
      return l10n.t({ message: 'profile {0}', args: [connection.profile], comment: '{0} is an AWS profile name' });
    case 'environment':
      return l10n.t('the environment connection');
    case 'sandbox':
      return l10n.t('the sandbox');
  }
}
