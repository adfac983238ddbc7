import { isCancelled, KmsExtensionError, type NextStep } from '../core/errors';
import { REDACTED } from '../core/redact';
import type { Connection } from './connection';

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
  /** For the log: every error of the cause chain with request ids, redacted. */
  detail: string;
}

interface ErrorLike {
  name: string;
  message: string;
  code?: string;
  hostname?: string;
  address?: string;
  port?: number;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

const NETWORK_CAUSES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  TimeoutError: 'request timed out',
  RequestTimeout: 'request timed out',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate is not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate is not trusted (self-signed certificate in the chain)',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate does not match the host name',
};

export function describeAwsError(error: unknown, context: AwsErrorContext = {}): AwsErrorDescription {
  const chain = causeChain(error);
  const detail = chain.map(describeOne).join(' ← ');
  const top = chain[0] ?? { name: 'Error', message: String(error) };
  const result = (code: string, message: string, next?: NextStep, command?: string): AwsErrorDescription => ({
    code,
    message: scrub(message),
    ...(next && { next }),
    ...(command && { command }),
    detail,
  });

  if (isCancelled(error)) {
    return { code: 'Cancelled', message: 'Cancelled.', detail };
  }
  if (error instanceof KmsExtensionError) {
    return result(error.code, error.message, error.next);
  }

  const { connection, operation } = context;
  const who = connection ? connectionName(connection) : 'the connection';
  const profile = connection && connection.kind !== 'sandbox' ? connection.profile : undefined;
  const text = chain.map((e) => `${e.name}: ${e.message}`).join('\n');
  const names = new Set(chain.flatMap((e) => [e.name, e.code ?? '']));
  const has = (...candidates: string[]): string | undefined => candidates.find((name) => names.has(name));

  // Network first: a socket error can surface under a credentials or service error.
  const network = chain.find((e) => NETWORK_CAUSES[e.code ?? ''] ?? NETWORK_CAUSES[e.name]);
  if (network) {
    return result(network.code ?? network.name, ...unreachable(network, context));
  }

  // SSO: a missing, invalid or expired token in ~/.aws/sso/cache, or a token the portal no longer accepts.
  const sso =
    has('TokenProviderError') !== undefined ||
    /\bsso\b|aws sso login|sso session/i.test(text) ||
    (has('UnauthorizedException') !== undefined &&
      connection?.kind === 'profile' &&
      connection.credentialKind === 'sso');
  if (sso && /expired|invalid|not found|refresh|sso login|Unauthorized/i.test(text)) {
    // The token provider names the profile that holds the SSO settings (a role's source_profile, say).
    const ssoProfile = /profile=(\S+)/.exec(text)?.[1].replace(/[.,;]+$/, '') ?? profile;
    const command = ssoProfile ? `aws sso login --profile ${ssoProfile}` : 'aws sso login';
    const forProfile = ssoProfile ? ` for profile ${ssoProfile}` : '';
    return result(
      'SsoLoginRequired',
      /expired/i.test(text)
        ? `Your AWS SSO session${forProfile} has expired: run \`${command}\`, then retry.`
        : `You are not signed in to AWS SSO${forProfile}: run \`${command}\`, then retry.`,
      'ssoLogin',
      command,
    );
  }

  if (/requires multi-factor authentication/i.test(text)) {
    return result(
      'MfaRequired',
      `${capitalize(who)} requires an MFA code, and none was given: select the connection again to be asked for it.`,
      'selectConnection',
    );
  }

  if (has('CredentialsProviderError', 'ProviderError')) {
    if (connection?.kind === 'profile' && connection.credentialKind === 'credentialProcess') {
      // The SDK's own checks start with "Profile …"; anything else is the process's output: log only.
      const own = /^Profile \S+ (credential_process .*)$/m.exec(top.message)?.[1];
      return result(
        'CredentialProcessFailed',
        `The credential_process of profile ${connection.profile} failed${own ? `: ${own}` : ': see the log for its output.'}`,
        'showLog',
      );
    }
    if (/could not (?:load|resolve) credentials|was not found|could not be found|not configured with/i.test(text)) {
      return result(
        'NoCredentials',
        `No AWS credentials for ${who}: ${firstSentence(top.message)} Select a profile, or use the sandbox KMS to work without an AWS account.`,
        'useSandbox',
      );
    }
    return result(
      'CredentialsFailed',
      `Could not get AWS credentials for ${who}: ${firstSentence(top.message)}`,
      'selectConnection',
    );
  }

  const code =
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
    top.name;

  if (/RequestTimeTooSkewed|Signature expired|Signature not yet current|clock skew/i.test(text)) {
    return result(
      'ClockSkew',
      "Your computer's clock differs from AWS time by more than 5 minutes, so AWS rejects the request signature: correct the system clock (turn on automatic time sync), then retry.",
      'showLog',
    );
  }
  if (
    /^(ExpiredTokenException|ExpiredToken)$/.test(code) ||
    /security token included in the request is expired/i.test(text)
  ) {
    if (connection?.kind === 'environment') {
      return result(
        code,
        'The AWS session token in the environment (AWS_SESSION_TOKEN) has expired: start VS Code with fresh credentials, or select a profile.',
        'selectConnection',
      );
    }
    return result(
      code,
      `The AWS session credentials of ${who} have expired: refresh them (for example sign in again), then reload the connection.`,
      'reloadCredentials',
    );
  }
  if (/^(UnrecognizedClientException|InvalidClientTokenId)$/.test(code)) {
    return result(
      code,
      `AWS does not recognise the access key or session token of ${who}: check the credentials, or select another connection.`,
      'selectConnection',
    );
  }
  if (/^(InvalidSignatureException|SignatureDoesNotMatch)$/.test(code)) {
    return result(
      code,
      `AWS rejected the request signature of ${who}: the secret access key does not match the access key. Check the credentials, or select another connection.`,
      'selectConnection',
    );
  }
  if (/^(AccessDeniedException|AccessDenied)$/.test(code)) {
    const denied = chain.find((e) => /^AccessDenied/.test(e.name))?.message ?? top.message;
    const permission = /\b(kms:[A-Za-z]+)\b/.exec(denied)?.[1];
    const resource = /\bon resource:? (arn:\S+?)(?:[\s,]|$)/.exec(denied)?.[1];
    return result(
      code,
      permission
        ? `Access denied: ${who} lacks the ${permission} permission${resource ? ` on ${resource}` : ''}. Ask for it in the key policy or an IAM policy, or select another connection.`
        : `Access denied${operation ? ` to ${operation}` : ''} for ${who}: ${firstSentence(denied)} Ask for the permission, or select another connection.`,
      'selectConnection',
    );
  }
  if (/Region is missing|Invalid region in client config/i.test(text)) {
    return result('RegionMissing', `No valid AWS region for ${who}: choose a region.`, 'selectRegion');
  }
  const foreign = notAKmsAnswer(chain);
  if (foreign) {
    const endpoint =
      connection?.endpoint ?? (context.region ? `https://kms.${context.region}.amazonaws.com` : 'the KMS endpoint');
    const where = connection?.endpoint ? ` (set by ${endpointOrigin(connection)})` : '';
    return result(
      'EndpointUnsupported',
      `This endpoint does not support ${operation ?? 'this KMS operation'} (HTTP ${foreign}): ` +
        `${endpoint}${where} answered with something other than a KMS response. Use an endpoint that implements it, ` +
        'such as AWS KMS or the sandbox.',
      'checkEndpoint',
    );
  }
  const service = chain.find((e) => e.$metadata !== undefined);
  const what = operation ?? 'The KMS request';
  return result(
    code,
    `${what} failed: ${service ? `${service.name}: ` : ''}${firstSentence((service ?? top).message)}`,
    'showLog',
  );
}

/** The error to throw from a command: user-safe message, next step, the SDK error as its cause. Cancellations pass through. */
export function toKmsExtensionError(error: unknown, context: AwsErrorContext = {}): Error {
  if (isCancelled(error) || error instanceof KmsExtensionError) {
    return error instanceof Error ? error : new Error(String(error));
  }
  const description = describeAwsError(error, context);
  return new KmsExtensionError(description.code, description.message, { cause: error, next: description.next });
}

function unreachable(network: ErrorLike, { connection, region }: AwsErrorContext): [string, NextStep] {
  const cause = NETWORK_CAUSES[network.code ?? ''] ?? NETWORK_CAUSES[network.name];
  const endpoint = connection?.endpoint ?? (region ? `https://kms.${region}.amazonaws.com` : undefined);
  const host = network.hostname ?? network.address;
  const target =
    endpoint && (!host || sameService(endpoint, host, network.port))
      ? endpoint
      : host
        ? `${host}${network.port ? `:${network.port}` : ''}`
        : 'the KMS endpoint';
  if (connection?.kind === 'sandbox' && target === endpoint) {
    return [
      `Cannot reach the sandbox KMS at ${target}: ${cause}. It may have stopped: start it again with "Use Sandbox".`,
      'useSandbox',
    ];
  }
  const hint =
    connection?.endpoint && target === endpoint
      ? `Check the endpoint (set by ${endpointOrigin(connection)}) and that the service is running.`
      : 'Check your network connection, proxy and endpoint settings.';
  return [`Cannot reach ${target}: ${cause}. ${hint}`, 'checkEndpoint'];
}

/**
 * The HTTP status of an answer that is not KMS's: a body the SDK could not parse (an HTML error page, plain
 * text), or a server error without a KMS error name. KMS itself names every error it sends (KMSInternalException…).
 */
function notAKmsAnswer(chain: ErrorLike[]): number | undefined {
  const answered = chain.find((e) => e.$metadata?.httpStatusCode !== undefined);
  const status = answered?.$metadata?.httpStatusCode;
  if (!answered || status === undefined) {
    return undefined;
  }
  const unparsable = answered.name === 'SyntaxError' || /Deserialization error/.test(answered.message);
  const unnamedServerError = status >= 500 && /^Unknown(Error)?$/.test(answered.name);
  return unparsable || unnamedServerError ? status : undefined;
}

function sameService(endpoint: string, host: string, port: number | undefined): boolean {
  try {
    const url = new URL(endpoint);
    if (url.hostname === host) {
      return true;
    }
    const endpointPort = url.port || (url.protocol === 'https:' ? '443' : '80');
    return port !== undefined && String(port) === endpointPort && /^[\d.:[\]]+$/.test(host); // an IP: a resolved host name
  } catch {
    return false;
  }
}

function endpointOrigin(connection: Connection): string {
  switch (connection.endpointSource) {
    case 'setting':
      return 'awsKms.endpointUrl';
    case 'profile':
      return `endpoint_url in profile ${connection.kind === 'sandbox' ? '' : (connection.profile ?? '')}`.trim();
    case 'profileServices':
      return 'the services section of the profile';
    case undefined:
      return 'the SDK';
    default:
      return connection.endpointSource;
  }
}

function connectionName(connection: Connection): string {
  switch (connection.kind) {
    case 'profile':
      return `profile ${connection.profile}`;
    case 'environment':
      return 'the environment connection';
    case 'sandbox':
      return 'the sandbox';
  }
}

function causeChain(error: unknown): ErrorLike[] {
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

function describeOne(error: ErrorLike): string {
  const meta = error.$metadata;
  const extra = [
    error.code && error.code !== error.name ? `code ${error.code}` : '',
    meta?.httpStatusCode ? `HTTP ${meta.httpStatusCode}` : '',
    meta?.requestId ? `request id ${meta.requestId}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return scrub(`${error.name}: ${error.message}${extra ? ` (${extra})` : ''}`);
}

/** Redacts access key ids and anything shaped like a secret key, session token or bearer token. */
export function scrub(text: string): string {
  return text
    .replace(/\b((?:AKIA|ASIA)[A-Z0-9]{2})[A-Z0-9]{10,}\b/g, `$1…`)
    .replace(/[A-Za-z0-9/+]{40,}={0,2}/g, (match) =>
      /[a-z]/.test(match) && /[A-Z]/.test(match) && /\d/.test(match) ? REDACTED : match,
    );
}

function firstSentence(message: string): string {
  const line = message.split('\n')[0].trim();
  const sentence = /^.*?[.!?](?=\s|$)/.exec(line)?.[0] ?? line;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
