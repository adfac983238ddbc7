import { parseArgs } from 'node:util';
import type { ArmorMode, VerifyMode } from '../aws/envelope/types';
import { ENCRYPT_SUITES, type EncryptSuiteName } from '../core/envelopeFormat';

/** The kms-envelope command line: flags → a command, with a usage error for anything it cannot use. */

export const USAGE = `Usage: kms-envelope encrypt|decrypt|reencrypt|inspect FILE... [options]

Envelope-encrypts files with AWS KMS in the AWS Encryption SDK message format
(readable by aws-encryption-cli and every Encryption SDK).

Keys and context:
  --key ID                    encrypt: a wrapping key (id, ARN, alias); repeat for more, the
                              first generates the data key. decrypt: a key ARN allowed to
                              decrypt; repeat for more. Without --key, decrypt uses discovery
  --context KEY=VALUE         encrypt: encryption context; decrypt: a pair the file must have
  --require-context-key KEY   decrypt: the file's context must have KEY
  --discovery-account ID      decrypt by discovery only with keys of this AWS account (repeat)
  --max-encrypted-data-keys N decrypt: refuse files with more data keys (default 10)
  --new-key ID, --new-context KEY=VALUE   reencrypt: the new keys and context (default: as now)

Output:
  --in-place                  replace each FILE (atomically; the original mode is kept)
  --output PATH               write to PATH (a folder for several FILEs)
  --force                     allow --output to replace an existing file
  --armor auto|base64|binary  base64 armour for text files (auto), or always, or never
  --algorithm NAME            ${ENCRYPT_SUITES.join('\n                              or ')}
  --frame-length N            plaintext bytes per frame
  --verify full|data-key|off  check the result decrypts before replacing anything (default data-key)
  --json                      print results as JSON

Connection (as the AWS CLI):
  --profile P  --region R  --endpoint-url URL
  -h, --help

Against kms-local, the sandbox KMS, encrypt and reencrypt warn on stderr that its keys
protect nothing (stdout and the exit code stay as they are).
`;

export class UsageError extends Error {}

export type Verb = 'encrypt' | 'decrypt' | 'reencrypt' | 'inspect';

export interface CliOptions {
  verb: Verb;
  files: string[];
  keys: string[];
  context: Record<string, string>;
  requiredContextKeys: string[];
  discoveryAccounts: string[];
  maxEncryptedDataKeys?: number;
  newKeys: string[];
  newContext?: Record<string, string>;
  inPlace: boolean;
  output?: string;
  force: boolean;
  armor?: ArmorMode;
  suite?: EncryptSuiteName;
  frameLength?: number;
  verify?: VerifyMode;
  json: boolean;
  profile?: string;
  region?: string;
  endpointUrl?: string;
}

export type CliCommand = { kind: 'help' } | { kind: 'run'; options: CliOptions };

const VERBS: readonly Verb[] = ['encrypt', 'decrypt', 'reencrypt', 'inspect'];

export function parseCli(args: string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        key: { type: 'string', multiple: true },
        context: { type: 'string', multiple: true },
        'require-context-key': { type: 'string', multiple: true },
        'discovery-account': { type: 'string', multiple: true },
        'max-encrypted-data-keys': { type: 'string' },
        'new-key': { type: 'string', multiple: true },
        'new-context': { type: 'string', multiple: true },
        'in-place': { type: 'boolean' },
        output: { type: 'string' },
        force: { type: 'boolean' },
        armor: { type: 'string' },
        algorithm: { type: 'string' },
        'frame-length': { type: 'string' },
        verify: { type: 'string' },
        json: { type: 'boolean' },
        profile: { type: 'string' },
        region: { type: 'string' },
        'endpoint-url': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    return { kind: 'help' };
  }
  const [verb, ...files] = positionals;
  if (!VERBS.includes(verb as Verb)) {
    throw new UsageError(
      verb === undefined
        ? 'Name a command: encrypt, decrypt, reencrypt or inspect.'
        : `Unknown command '${verb}': use encrypt, decrypt, reencrypt or inspect.`,
    );
  }
  if (files.length === 0) {
    throw new UsageError(`Name at least one FILE to ${verb}.`);
  }
  const writes = verb !== 'inspect';
  if (writes && (values['in-place'] ?? false) === (values.output !== undefined)) {
    throw new UsageError(
      values['in-place']
        ? 'Use --in-place or --output, not both.'
        : `Say where the result goes: --in-place, or --output PATH.`,
    );
  }
  if (verb === 'encrypt' && !values.key?.length) {
    throw new UsageError('encrypt needs at least one --key.');
  }
  const armor = oneOf('--armor', values.armor, ['auto', 'base64', 'binary'] as const);
  const verify = oneOf('--verify', values.verify, ['full', 'data-key', 'off'] as const);
  return {
    kind: 'run',
    options: {
      verb: verb as Verb,
      files,
      keys: values.key ?? [],
      context: pairs('--context', values.context),
      requiredContextKeys: values['require-context-key'] ?? [],
      discoveryAccounts: (values['discovery-account'] ?? []).map((id) => {
        if (!/^\d{12}$/.test(id)) {
          throw new UsageError(`--discovery-account must be a 12-digit AWS account id, not '${id}'.`);
        }
        return id;
      }),
      ...(values['max-encrypted-data-keys'] !== undefined && {
        maxEncryptedDataKeys: integer('--max-encrypted-data-keys', values['max-encrypted-data-keys'], 1, 65_535),
      }),
      newKeys: values['new-key'] ?? [],
      ...(values['new-context'] !== undefined && { newContext: pairs('--new-context', values['new-context']) }),
      inPlace: values['in-place'] ?? false,
      ...(values.output !== undefined && { output: values.output }),
      force: values.force ?? false,
      ...(armor && { armor }),
      ...(values.algorithm !== undefined && { suite: oneOf('--algorithm', values.algorithm, ENCRYPT_SUITES) }),
      ...(values['frame-length'] !== undefined && {
        frameLength: integer('--frame-length', values['frame-length'], 1, 64 * 1024 * 1024),
      }),
      ...(verify && { verify: verify === 'data-key' ? 'dataKey' : verify }),
      json: values.json ?? false,
      ...(values.profile !== undefined && { profile: values.profile }),
      ...(values.region !== undefined && { region: values.region }),
      ...(values['endpoint-url'] !== undefined && { endpointUrl: values['endpoint-url'] }),
    },
  };
}

function pairs(flag: string, items: string[] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const item of items ?? []) {
    const at = item.indexOf('=');
    if (at <= 0) {
      throw new UsageError(`${flag} takes KEY=VALUE, not '${item}'.`);
    }
    const key = item.slice(0, at);
    if (key in result) {
      throw new UsageError(`${flag} names ${key} twice.`);
    }
    result[key] = item.slice(at + 1);
  }
  return result;
}

function oneOf<const T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!allowed.includes(value as T)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not '${value}'.`);
  }
  return value as T;
}

function integer(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not '${text}'.`);
  }
  return value;
}
