import * as l10n from '@vscode/l10n';
import type { Connection } from './connection';
import type { ErrorFacts, ErrorLike, Finding } from './errorChain';

/**
 * Failures of the endpoint rather than the request: a socket or TLS error on the way to it, or an answer that is
 * not KMS's (an HTML error page, a server without the operation).
 */

const NETWORK_CAUSES: Record<string, () => string> = {
  ECONNREFUSED: () => l10n.t('connection refused'),
  ENOTFOUND: () => l10n.t('host not found'),
  EAI_AGAIN: () => l10n.t('host name lookup failed'),
  ETIMEDOUT: () => l10n.t('connection timed out'),
  TimeoutError: () => l10n.t('request timed out'),
  RequestTimeout: () => l10n.t('request timed out'),
  ECONNRESET: () => l10n.t('connection reset'),
  EPIPE: () => l10n.t('connection closed'),
  EHOSTUNREACH: () => l10n.t('host unreachable'),
  ENETUNREACH: () => l10n.t('network unreachable'),
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: () => l10n.t('its TLS certificate is not trusted'),
  SELF_SIGNED_CERT_IN_CHAIN: () => l10n.t('its TLS certificate is not trusted (self-signed certificate in the chain)'),
  DEPTH_ZERO_SELF_SIGNED_CERT: () => l10n.t('its TLS certificate is self-signed'),
  CERT_HAS_EXPIRED: () => l10n.t('its TLS certificate has expired'),
  ERR_TLS_CERT_ALTNAME_INVALID: () => l10n.t('its TLS certificate does not match the host name'),
};

const networkCause = (e: ErrorLike): (() => string) | undefined =>
  NETWORK_CAUSES[e.code ?? ''] ?? NETWORK_CAUSES[e.name];

/** A socket or TLS failure anywhere in the chain: it can surface under a credentials or service error. */
export function unreachable({ chain, connection, region }: ErrorFacts): Finding | undefined {
  const network = chain.find(networkCause);
  const cause = network && networkCause(network);
  if (!network || !cause) {
    return undefined;
  }
  const code = network.code ?? network.name;
  const endpoint = connection?.endpoint ?? (region ? `https://kms.${region}.amazonaws.com` : undefined);
  const host = network.hostname ?? network.address;
  const target =
    endpoint && (!host || sameService(endpoint, host, network.port))
      ? endpoint
      : host
        ? `${host}${network.port ? `:${network.port}` : ''}`
        : l10n.t('the KMS endpoint');
  const comment = ['{0} is the endpoint URL or host', '{1} is what went wrong, e.g. connection refused'];
  if (connection?.kind === 'sandbox' && target === endpoint) {
    const message = l10n.t({
      message: 'Cannot reach the sandbox KMS at {0}: {1}. It may have stopped: start it again with "Use Sandbox".',
      args: [target, cause()],
      comment,
    });
    return { code, message, next: 'useSandbox' };
  }
  const hint =
    connection?.endpoint && target === endpoint
      ? l10n.t({
          message: 'Check the endpoint (set by {0}) and that the service is running.',
          args: [endpointOrigin(connection)],
          comment: '{0} says where the endpoint is configured',
        })
      : l10n.t('Check your network connection, proxy and endpoint settings.');
  const message = l10n.t({
    message: 'Cannot reach {0}: {1}. {2}',
    args: [target, cause(), hint],
    comment: [...comment, '{2} says what to check'],
  });
  return { code, message, next: 'checkEndpoint' };
}

/** An answer that is not KMS's: the endpoint does not implement the operation. */
export function notKms({ chain, connection, region, operation }: ErrorFacts): Finding | undefined {
  const status = notAKmsAnswer(chain);
  if (status === undefined) {
    return undefined;
  }
  const endpoint =
    connection?.endpoint ?? (region ? `https://kms.${region}.amazonaws.com` : l10n.t('the KMS endpoint'));
  const where = connection?.endpoint
    ? l10n.t({
        message: ' (set by {0})',
        args: [endpointOrigin(connection)],
        comment: '{0} says where the endpoint is configured; keep the leading space',
      })
    : '';
  const message = l10n.t({
    message:
      'This endpoint does not support {0} (HTTP {1}): {2}{3} answered with something other than a KMS response. Use an endpoint that implements it, such as AWS KMS or the sandbox.',
    args: [operation ?? l10n.t('this KMS operation'), status, endpoint, where],
    comment: ['{0} is a KMS operation', '{1} is an HTTP status', '{2} is the endpoint URL', '{3} says where it is set'],
  });
  return { code: 'EndpointUnsupported', message, next: 'checkEndpoint' };
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

/** Where the connection's endpoint was configured, for messages: the setting, an environment variable, the profile. */
export function endpointOrigin(connection: Connection): string {
  switch (connection.endpointSource) {
    case 'setting':
      return 'awsKms.endpointUrl';
    case 'profile': {
      const profile = connection.kind === 'sandbox' ? '' : (connection.profile ?? '');
      return l10n
        .t({ message: 'endpoint_url in profile {0}', args: [profile], comment: '{0} is an AWS profile name' })
        .trim();
    }
    case 'profileServices':
      return l10n.t('the services section of the profile');
    case undefined:
      return l10n.t('the SDK');
    default:
      return connection.endpointSource;
  }
}
