import { isLoopbackHost } from '../core/loopback';

/**
 * The DNS suffixes of AWS's own endpoints in every partition (commercial, China, GovCloud and the ISO regions), of
 * dual-stack endpoints (`api.aws`) and of VPC interface endpoints (`vpce.amazonaws.com`).
 */
const AWS_SUFFIXES = ['.amazonaws.com', '.amazonaws.com.cn', '.api.aws', '.c2s.ic.gov', '.sc2s.sgov.gov'];

/**
 * Whether requests to `endpoint` need the user's go-ahead first: it is neither AWS's nor this machine's. Such an
 * endpoint gets every request signed with the user's credentials and, for envelope encryption, could hand out data
 * keys it knows; so the extension asks once per endpoint (connections/endpointApproval.ts). An endpoint that is not
 * a URL needs approval too: nothing vouches for it.
 */
export function needsApproval(endpoint: string): boolean {
  let host: string;
  try {
    host = new URL(endpoint).hostname.toLowerCase();
  } catch {
    return true;
  }
  return !isLoopbackHost(host) && !AWS_SUFFIXES.some((suffix) => host.endsWith(suffix));
}

/** How an approval is remembered: scheme, host and port, since that is what receives the requests. */
export function endpointIdentity(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return endpoint;
  }
}
