import * as l10n from '@vscode/l10n';
import { isCancelled, KmsExtensionError, type NextStep } from '../core/errors';
import type { Connection } from './connection';
import { credentialFailure } from './credentialErrors';
import { notKms, unreachable } from './endpointErrors';
import { scrubSecrets } from '../core/redact';
import { causeChain, errorFacts, firstSentence, type ErrorFacts, type Finding } from './errorChain';
import { requestCode, requestRefused } from './requestErrors';

/**
 * Turns what the AWS SDK, the credential providers and Node's sockets throw into a message that names the cause
 * and the next step (STYLE.md §2.12). Messages and details never carry secrets: credential-looking strings are
 * redacted, and the output of a credential_process stays out of the message.
 */

export interface AwsErrorContext {
  connection?: Connection;
  /** The region the request went to (names the default endpoint when there is no custom one). */
  region?: string;
  /** The KMS operation, e.g. `ListKeys`. */
  operation?: string;
}

export interface AwsErrorDescription {
  /** The most specific error name or code found: `AccessDeniedException`, `ECONNREFUSED`, `Cancelled`, … */
  code: string;
  /** User-safe: cause first, then what to do. */
  message: string;
  /** The button to offer; undefined for a cancellation. */
  next?: NextStep;
  /** For `next === 'ssoLogin'`: the command to run in a terminal. */
  command?: string;
}

export function describeAwsError(error: unknown, context: AwsErrorContext = {}): AwsErrorDescription {
  const chain = causeChain(error);
  if (isCancelled(error)) {
    return { code: 'Cancelled', message: l10n.t('Cancelled.') };
  }
  if (error instanceof KmsExtensionError) {
    return { code: error.code, message: scrubSecrets(error.message), ...(error.next && { next: error.next }) };
  }
  const facts = errorFacts(error, chain, context);
  // Network first: a socket error can surface under a credentials or service error.
  const { code, message, next, command } =
    unreachable(facts) ??
    credentialFailure(facts) ??
    requestRefused(facts) ??
    regionMissing(facts) ??
    notKms(facts) ??
    failed(facts);
  return { code, message: scrubSecrets(message), next, ...(command && { command }) };
}

/** The error to throw from a command: user-safe message, next step, the SDK error as its cause. Cancellations pass through. */
export function toKmsExtensionError(error: unknown, context: AwsErrorContext = {}): Error {
  if (isCancelled(error) || error instanceof KmsExtensionError) {
    return error instanceof Error ? error : new Error(String(error));
  }
  const description = describeAwsError(error, context);
  return new KmsExtensionError(description.code, description.message, { cause: error, next: description.next });
}

function regionMissing({ text, who }: ErrorFacts): Finding | undefined {
  if (!/Region is missing|Invalid region in client config/i.test(text)) {
    return undefined;
  }
  const message = l10n.t({
    message: 'No valid AWS region for {0}: choose a region.',
    args: [who],
    comment: '{0} names the connection, e.g. "profile dev"',
  });
  return { code: 'RegionMissing', message, next: 'selectRegion' };
}

/** Anything else: what the service (or else the top error) said, with the log behind it. */
function failed(facts: ErrorFacts): Finding {
  const { chain, top, operation } = facts;
  const service = chain.find((e) => e.$metadata !== undefined);
  const said = `${service ? `${service.name}: ` : ''}${firstSentence((service ?? top).message)}`;
  const message = operation
    ? l10n.t({
        message: '{0} failed: {1}',
        args: [operation, said],
        comment: ['{0} is a KMS operation', "{1} is the service's error"],
      })
    : l10n.t({ message: 'The KMS request failed: {0}', args: [said], comment: "{0} is the service's error" });
  return { code: requestCode(facts), message, next: 'showLog' };
}
