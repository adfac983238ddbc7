import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { parseArgs } from 'node:util';
import { isLoopbackHost } from '../core/loopback';
import type { SandboxOptions } from './sandbox';

/** The kms-local command line: flags → sandbox options, with a usage error for anything it cannot use. */

export const USAGE = `Usage: kms-local [options]

A local AWS KMS sandbox for development and tests. Its keys protect nothing.

Options:
  --host ADDRESS             loopback address to listen on (default 127.0.0.1)
  --port N                   port to listen on; 0 picks a free one (default 0)
  --data-dir DIR             keep the keys in DIR (default: see below)
  --in-memory                keep the keys in memory only; they are lost on exit
  --region REGION            region the sandbox serves (default us-east-1)
  --account-id ID            12-digit account id in key ARNs (default 111122223333)
  --access-key-id ID         access key clients must sign with (default: generated)
  --secret-access-key KEY    its secret; give both or neither
  --latency-ms N             delay every response by N ms (default 0)
  --seed demo                create demo keys and aliases unless they exist
  -h, --help                 show this help

Limits: at most 128 connections at once (more are closed at once); a request must
send its headers within 10 s and be complete within 30 s; bodies up to 1 MiB.

Default data directory: $XDG_DATA_HOME/kms-local, ~/.local/share/kms-local,
~/Library/Application Support/kms-local on macOS or %LOCALAPPDATA%\\kms-local on Windows.
`;

export class UsageError extends Error {}

export type CliCommand = { kind: 'help' } | { kind: 'run'; options: SandboxOptions; seed: 'demo' | undefined };

export interface CliEnvironment {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
}

const currentEnvironment = (): CliEnvironment => ({ env: process.env, platform: process.platform, home: homedir() });

export function parseCli(args: string[], environment: CliEnvironment = currentEnvironment()): CliCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'in-memory': { type: 'boolean' },
        region: { type: 'string' },
        'account-id': { type: 'string' },
        'access-key-id': { type: 'string' },
        'secret-access-key': { type: 'string' },
        'latency-ms': { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    return { kind: 'help' };
  }

  if (values['data-dir'] !== undefined && values['in-memory']) {
    throw new UsageError('Use --data-dir or --in-memory, not both.');
  }
  const host = values.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) {
    throw new UsageError(
      `--host must be a loopback address (127.0.0.1, ::1 or localhost), not '${host}': the sandbox is for this machine only.`,
    );
  }
  const keyId = values['access-key-id'];
  const secret = values['secret-access-key'];
  if ((keyId === undefined) !== (secret === undefined)) {
    throw new UsageError('Give --access-key-id and --secret-access-key together.');
  }
  if (keyId !== undefined && !/^[A-Z0-9]{16,128}$/.test(keyId)) {
    throw new UsageError('--access-key-id must be 16 to 128 uppercase letters and digits, like AKIAIOSFODNN7EXAMPLE.');
  }
  if (secret !== undefined && secret.length === 0) {
    throw new UsageError('--secret-access-key must not be empty.');
  }
  const region = values.region ?? 'us-east-1';
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new UsageError(`--region '${region}' is not a region name like us-east-1.`);
  }
  const accountId = values['account-id'] ?? '111122223333';
  if (!/^\d{12}$/.test(accountId)) {
    throw new UsageError(`--account-id must be 12 digits, not '${accountId}'.`);
  }
  if (values.seed !== undefined && values.seed !== 'demo') {
    throw new UsageError(`--seed knows one data set, 'demo', not '${values.seed}'.`);
  }

  const options: SandboxOptions = {
    host,
    port: integer('--port', values.port ?? '0', 0, 65_535),
    region,
    accountId,
    latencyMs: integer('--latency-ms', values['latency-ms'] ?? '0', 0, 60_000),
    ...(values['in-memory'] ? { inMemory: true } : { dataDir: values['data-dir'] ?? defaultDataDir(environment) }),
    ...(keyId !== undefined && secret !== undefined
      ? { credentials: { accessKeyId: keyId, secretAccessKey: secret } }
      : {}),
  };
  return { kind: 'run', options, seed: values.seed === 'demo' ? 'demo' : undefined };
}

function integer(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not '${text}'.`);
  }
  return value;
}

/** Where per-user application data goes on each platform. */
export function defaultDataDir({ env, platform, home }: CliEnvironment): string {
  if (platform === 'win32') {
    return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'kms-local');
  }
  if (platform === 'darwin') {
    return join(home, 'Library', 'Application Support', 'kms-local');
  }
  const xdg = env.XDG_DATA_HOME; // the XDG spec says to ignore a relative value
  return join(xdg !== undefined && isAbsolute(xdg) ? xdg : join(home, '.local', 'share'), 'kms-local');
}
