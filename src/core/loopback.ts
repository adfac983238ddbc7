import { isIPv4 } from 'node:net';

/** A host name or address that only reaches this machine: `localhost`, `::1` or 127.0.0.0/8 (brackets allowed). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || (isIPv4(bare) && bare.startsWith('127.'));
}
