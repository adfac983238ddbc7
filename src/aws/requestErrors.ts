import * as l10n from '@vscode/l10n';
import { firstSentence, type ErrorFacts, type Finding } from './errorChain';

/**
 * AWS refused a signed request: the clock is off, the credentials expired, are unknown or do not match, or they
 * lack a permission.
 */

/** The most specific error name or code: a credentials or permission error when the chain holds one. */
export function requestCode({ has, top }: ErrorFacts): string {
  return (
    has(
      'ExpiredTokenException',
      'ExpiredToken',
      'RequestExpired',
      'InvalidSignatureException',
      'SignatureDoesNotMatch',
      'RequestTimeTooSkewed',
      'UnrecognizedClientException',
      'InvalidClientTokenId',
      'AccessDeniedException',
      'AccessDenied',
    ) ??
    top.code ??
    top.name
  );
}

const WHO = '{0} names the connection, e.g. "profile dev"';

export function requestRefused(facts: ErrorFacts): Finding | undefined {
  const { text, who, connection } = facts;
  const code = requestCode(facts);
  if (/RequestTimeTooSkewed|Signature expired|Signature not yet current|clock skew/i.test(text)) {
    const message = l10n.t(
      "Your computer's clock differs from AWS time by more than 5 minutes, so AWS rejects the request signature: correct the system clock (turn on automatic time sync), then retry.",
    );
    return { code: 'ClockSkew', message, next: 'showLog' };
  }
  if (
    /^(ExpiredTokenException|ExpiredToken)$/.test(code) ||
    /security token included in the request is expired/i.test(text)
  ) {
    if (connection?.kind === 'environment') {
      const message = l10n.t(
        'The AWS session token in the environment (AWS_SESSION_TOKEN) has expired: start VS Code with fresh credentials, or select a profile.',
      );
      return { code, message, next: 'selectConnection' };
    }
    const message = l10n.t({
      message:
        'The AWS session credentials of {0} have expired: refresh them (for example sign in again), then reload the connection.',
      args: [who],
      comment: WHO,
    });
    return { code, message, next: 'reloadCredentials' };
  }
  if (/^(UnrecognizedClientException|InvalidClientTokenId)$/.test(code)) {
    const message = l10n.t({
      message:
        'AWS does not recognise the access key or session token of {0}: check the credentials, or select another connection.',
      args: [who],
      comment: WHO,
    });
    return { code, message, next: 'selectConnection' };
  }
  if (/^(InvalidSignatureException|SignatureDoesNotMatch)$/.test(code)) {
    const message = l10n.t({
      message:
        'AWS rejected the request signature of {0}: the secret access key does not match the access key. Check the credentials, or select another connection.',
      args: [who],
      comment: WHO,
    });
    return { code, message, next: 'selectConnection' };
  }
  if (/^(AccessDeniedException|AccessDenied)$/.test(code)) {
    return { code, message: accessDenied(facts), next: 'selectConnection' };
  }
  return undefined;
}

/** Names the missing permission and the resource when AWS says which; else quotes what AWS said. */
function accessDenied({ chain, top, who, operation }: ErrorFacts): string {
  const denied = chain.find((e) => /^AccessDenied/.test(e.name))?.message ?? top.message;
  const permission = /\b(kms:[A-Za-z]+)\b/.exec(denied)?.[1];
  const resource = /\bon resource:? (arn:\S+?)(?:[\s,]|$)/.exec(denied)?.[1];
  const ask = '{1} is a KMS permission such as kms:Decrypt';
  if (permission) {
    return resource
      ? l10n.t({
          message:
            'Access denied: {0} lacks the {1} permission on {2}. Ask for it in the key policy or an IAM policy, or select another connection.',
          args: [who, permission, resource],
          comment: [WHO, ask, '{2} is an ARN'],
        })
      : l10n.t({
          message:
            'Access denied: {0} lacks the {1} permission. Ask for it in the key policy or an IAM policy, or select another connection.',
          args: [who, permission],
          comment: [WHO, ask],
        });
  }
  const said = firstSentence(denied);
  const comment = [WHO, "{1} is AWS's message"];
  return operation
    ? l10n.t({
        message: 'Access denied to {2} for {0}: {1} Ask for the permission, or select another connection.',
        args: [who, said, operation],
        comment: [...comment, '{2} is a KMS operation'],
      })
    : l10n.t({
        message: 'Access denied for {0}: {1} Ask for the permission, or select another connection.',
        args: [who, said],
        comment,
      });
}
