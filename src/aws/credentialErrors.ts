import * as l10n from '@vscode/l10n';
import { firstSentence, type ErrorFacts, type Finding } from './errorChain';

/**
 * Failures to get credentials at all, before any KMS request: an SSO session to sign in to, an MFA code nobody
 * gave, a credential_process that failed, or no credentials anywhere.
 */
export function credentialFailure(facts: ErrorFacts): Finding | undefined {
  return ssoLogin(facts) ?? mfaMissing(facts) ?? providerFailure(facts);
}

/** SSO: a missing, invalid or expired token in ~/.aws/sso/cache, or a token the portal no longer accepts. */
function ssoLogin({ text, has, connection }: ErrorFacts): Finding | undefined {
  const sso =
    has('TokenProviderError') !== undefined ||
    /\bsso\b|aws sso login|sso session/i.test(text) ||
    (has('UnauthorizedException') !== undefined &&
      connection?.kind === 'profile' &&
      connection.credentialKind === 'sso');
  if (!sso || !/expired|invalid|not found|refresh|sso login|Unauthorized/i.test(text)) {
    return undefined;
  }
  // The token provider names the profile that holds the SSO settings (a role's source_profile, say).
  const profile = connection && connection.kind !== 'sandbox' ? connection.profile : undefined;
  const ssoProfile = /profile=(\S+)/.exec(text)?.[1].replace(/[.,;]+$/, '') ?? profile;
  const command = ssoProfile ? `aws sso login --profile ${ssoProfile}` : 'aws sso login';
  const expired = /expired/i.test(text);
  const comment = '{0} is a command to run in a terminal';
  const message = ssoProfile
    ? expired
      ? l10n.t({
          message: 'Your AWS SSO session for profile {1} has expired: run `{0}`, then retry.',
          args: [command, ssoProfile],
          comment: [comment, '{1} is an AWS profile name'],
        })
      : l10n.t({
          message: 'You are not signed in to AWS SSO for profile {1}: run `{0}`, then retry.',
          args: [command, ssoProfile],
          comment: [comment, '{1} is an AWS profile name'],
        })
    : expired
      ? l10n.t({ message: 'Your AWS SSO session has expired: run `{0}`, then retry.', args: [command], comment })
      : l10n.t({ message: 'You are not signed in to AWS SSO: run `{0}`, then retry.', args: [command], comment });
  return { code: 'SsoLoginRequired', message, next: 'ssoLogin', command };
}

function mfaMissing({ text, who }: ErrorFacts): Finding | undefined {
  if (!/requires multi-factor authentication/i.test(text)) {
    return undefined;
  }
  const message = l10n.t({
    message: '{0} requires an MFA code, and none was given: select the connection again to be asked for it.',
    args: [capitalize(who)],
    comment: '{0} names the connection, e.g. "Profile dev"',
  });
  return { code: 'MfaRequired', message, next: 'selectConnection' };
}

function providerFailure({ has, connection, text, top, who }: ErrorFacts): Finding | undefined {
  if (!has('CredentialsProviderError', 'ProviderError')) {
    return undefined;
  }
  if (connection?.kind === 'profile' && connection.credentialKind === 'credentialProcess') {
    // The SDK's own checks start with "Profile …"; anything else is the process's output: log only.
    const own = /^Profile \S+ (credential_process .*)$/m.exec(top.message)?.[1];
    const message = own
      ? l10n.t({
          message: 'The credential_process of profile {0} failed: {1}',
          args: [connection.profile, own],
          comment: ['{0} is an AWS profile name', "{1} is the SDK's check that failed"],
        })
      : l10n.t({
          message: 'The credential_process of profile {0} failed: see the log for its output.',
          args: [connection.profile],
          comment: '{0} is an AWS profile name',
        });
    return { code: 'CredentialProcessFailed', message, next: 'showLog' };
  }
  const comment = ['{0} names the connection, e.g. "profile dev"', "{1} is the credential provider's error"];
  if (/could not (?:load|resolve) credentials|was not found|could not be found|not configured with/i.test(text)) {
    const message = l10n.t({
      message:
        'No AWS credentials for {0}: {1} Select a profile, or use the sandbox KMS to work without an AWS account.',
      args: [who, firstSentence(top.message)],
      comment,
    });
    return { code: 'NoCredentials', message, next: 'useSandbox' };
  }
  const message = l10n.t({
    message: 'Could not get AWS credentials for {0}: {1}',
    args: [who, firstSentence(top.message)],
    comment,
  });
  return { code: 'CredentialsFailed', message, next: 'selectConnection' };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
