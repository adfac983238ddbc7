import * as l10n from '@vscode/l10n';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as path from 'node:path';
import type { loadSharedConfigFiles as LoadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { KmsExtensionError } from '../core/errors';
import { envValue, parseFlag, type Env } from './env';

/**
 * The AWS profiles of the shared config and credentials files, read the way the AWS SDK reads them (through
 * `@smithy/shared-ini-file-loader`), so the list matches what the credential providers will find.
 */

/** Absolute paths of the two shared files, from `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE` or `~/.aws/`. */
export interface SharedFiles {
  configFile: string;
  credentialsFile: string;
}

/** How a profile gets credentials, in the order the SDK tries them when a profile has several. */
export type CredentialKind = 'role' | 'static' | 'webIdentity' | 'credentialProcess' | 'sso' | 'login';

/** What the UI may show about a profile. Deliberately holds no secret (no keys, no session token). */
export interface ProfileInfo {
  name: string;
  foundIn: readonly ('config' | 'credentials')[];
  /** The credential settings present; the first is the one the SDK uses. Empty: the profile has no credentials. */
  kinds: readonly CredentialKind[];
  region?: string;
  endpointUrl?: string;
  /** Name of the `[services …]` section the profile points to. */
  services?: string;
  ignoreConfiguredEndpointUrls?: boolean;
  useFipsEndpoint?: boolean;
  useDualstackEndpoint?: boolean;
  roleArn?: string;
  sourceProfile?: string;
  credentialSource?: string;
  mfaSerial?: string;
  ssoSession?: string;
  ssoStartUrl?: string;
}

export interface SharedConfig {
  files: SharedFiles;
  /** Sorted: `default` first, then by name. */
  profiles: readonly ProfileInfo[];
  /** `[services name]` sections: section name → service id (`kms`, `sts`, …) → `endpoint_url`. */
  services: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** A shared file exists but cannot be read or parsed. The message names the file (never its content). */
export class ProfileFileError extends KmsExtensionError {
  constructor(
    code: 'profileFileUnreadable' | 'profileFileMalformed',
    message: string,
    readonly file: string,
    cause?: unknown,
  ) {
    super(code, message, { cause, next: 'showLog' });
    this.name = 'ProfileFileError';
  }
}

/** A parsed INI section; the loader types values as possibly undefined. */
type Section = Readonly<Record<string, string | undefined>>;

export function sharedFiles(env: Env): SharedFiles {
  const home = envValue(env, 'HOME') ?? envValue(env, 'USERPROFILE') ?? homedir();
  const resolve = (file: string): string => path.resolve(/^~[/\\]/.test(file) ? path.join(home, file.slice(2)) : file);
  return {
    configFile: resolve(envValue(env, 'AWS_CONFIG_FILE') ?? path.join(home, '.aws', 'config')),
    credentialsFile: resolve(envValue(env, 'AWS_SHARED_CREDENTIALS_FILE') ?? path.join(home, '.aws', 'credentials')),
  };
}

/** The profiles of both files. Missing files give an empty list; an unreadable or malformed file throws ProfileFileError. */
export async function listProfiles(env: Env): Promise<readonly ProfileInfo[]> {
  return (await readSharedConfig(env)).profiles;
}

export async function readSharedConfig(env: Env): Promise<SharedConfig> {
  const files = sharedFiles(env);
  await Promise.all([checkFile(files.configFile, 'config'), checkFile(files.credentialsFile, 'credentials')]);
  // ignoreCache: re-read the files, which also refreshes the SDK's own cache that fromIni reads later.
  // Imported here, not at activation: the loader pulls in a large part of @smithy/core.
  const { loadSharedConfigFiles }: { loadSharedConfigFiles: typeof LoadSharedConfigFiles } =
    await import('@smithy/shared-ini-file-loader');
  const { configFile, credentialsFile } = await loadSharedConfigFiles({
    configFilepath: files.configFile,
    filepath: files.credentialsFile,
    ignoreCache: true,
  });

  const merged = new Map<string, { data: Record<string, string | undefined>; foundIn: ('config' | 'credentials')[] }>();
  const services: Record<string, Record<string, string>> = {};
  for (const [key, data] of Object.entries(configFile)) {
    if (key.startsWith('services.')) {
      services[key.slice('services.'.length)] = serviceEndpoints(data);
    } else if (!key.startsWith('sso-session.')) {
      merged.set(key, { data: { ...data }, foundIn: ['config'] });
    }
  }
  for (const [key, data] of Object.entries(credentialsFile)) {
    // In the credentials file only `[name]` sections are profiles (the SDK keys `[profile x]` as "profile.x").
    if (/^(profile|sso-session|services)\./.test(key)) {
      continue;
    }
    const entry = merged.get(key);
    if (entry) {
      Object.assign(entry.data, data); // the SDK's merge: credentials-file values win
      entry.foundIn.push('credentials');
    } else {
      merged.set(key, { data: { ...data }, foundIn: ['credentials'] });
    }
  }

  const profiles = [...merged].map(([name, { data, foundIn }]) => profileInfo(name, data, foundIn));
  profiles.sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
  return { files, profiles, services };
}

export function findProfile(config: SharedConfig, name: string): ProfileInfo | undefined {
  return config.profiles.find((profile) => profile.name === name);
}

function profileInfo(name: string, data: Section, foundIn: readonly ('config' | 'credentials')[]): ProfileInfo {
  const info: ProfileInfo = {
    name,
    foundIn,
    kinds: credentialKinds(data),
    region: data.region,
    endpointUrl: data.endpoint_url,
    services: data.services,
    ignoreConfiguredEndpointUrls: parseFlag(data.ignore_configured_endpoint_urls),
    useFipsEndpoint: parseFlag(data.use_fips_endpoint),
    useDualstackEndpoint: parseFlag(data.use_dualstack_endpoint),
    roleArn: data.role_arn,
    sourceProfile: data.source_profile,
    credentialSource: data.credential_source,
    mfaSerial: data.mfa_serial,
    ssoSession: data.sso_session,
    ssoStartUrl: data.sso_start_url,
  };
  for (const key of Object.keys(info) as (keyof ProfileInfo)[]) {
    if (info[key] === undefined || info[key] === '') {
      delete info[key];
    }
  }
  return info;
}

/** The same tests, in the same order, as `@aws-sdk/credential-provider-ini` (resolveProfileData). */
function credentialKinds(data: Section): CredentialKind[] {
  const kinds: CredentialKind[] = [];
  if (data.role_arn && (data.source_profile !== undefined) !== (data.credential_source !== undefined)) {
    kinds.push('role');
  }
  if (data.aws_access_key_id && data.aws_secret_access_key) {
    kinds.push('static');
  }
  if (data.web_identity_token_file && data.role_arn) {
    kinds.push('webIdentity');
  }
  if (data.credential_process) {
    kinds.push('credentialProcess');
  }
  if (data.sso_session || data.sso_start_url || data.sso_account_id || data.sso_region || data.sso_role_name) {
    kinds.push('sso');
  }
  if (data.login_session) {
    kinds.push('login');
  }
  return kinds;
}

/** `kms =` / `  endpoint_url = …` sub-sections arrive from the parser as `kms.endpoint_url`. */
function serviceEndpoints(data: Section): Record<string, string> {
  const endpoints: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    const match = /^([^.]+)\.endpoint_url$/.exec(key);
    if (match && value) {
      endpoints[match[1].toLowerCase()] = value;
    }
  }
  return endpoints;
}

/**
 * Reads a shared file to tell "missing" (fine: no profiles there) from "unreadable" or "malformed" (an error that
 * names the file). The SDK's loader swallows both, which would silently hide every profile of a broken file.
 */
async function checkFile(file: string, which: 'config' | 'credentials'): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return;
    }
    throw new ProfileFileError(
      'profileFileUnreadable',
      l10n.t({
        message: 'Cannot read the AWS {0} file {1}: {2}',
        args: [which, file, code ?? (error instanceof Error ? error.message : String(error))],
        comment: ['{0} is config or credentials (not translated)', '{1} is a file path', '{2} is the error'],
      }),
      file,
      error,
    );
  }
  const problem = syntaxProblem(text);
  if (problem) {
    throw new ProfileFileError(
      'profileFileMalformed',
      l10n.t({
        message: 'The AWS {0} file {1} is malformed: line {2} {3}',
        args: [which, file, problem.line, problem.reason],
        comment: [
          '{0} is config or credentials (not translated)',
          '{1} is a file path',
          '{2} is a line number',
          '{3} says what is wrong with the line, e.g. "is not a valid [section] header"',
        ],
      }),
      file,
    );
  }
}

/** The first line the AWS CLI would reject. Reasons never quote the line: it may hold a secret. */
export function syntaxProblem(text: string): { line: number; reason: string } | undefined {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let inSection = false;
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index];
    const line = raw.split(/(?:^|\s)[;#]/)[0].trim();
    if (line === '') {
      continue;
    }
    if (line.startsWith('[')) {
      const name = line.endsWith(']') ? line.slice(1, -1).trim() : '';
      if (!name) {
        return { line: index + 1, reason: l10n.t('is not a valid [section] header') };
      }
      if (name === '__proto__' || /\s__proto__$/.test(name)) {
        return { line: index + 1, reason: l10n.t('has an invalid profile name') };
      }
      inSection = true;
    } else if (!inSection) {
      return { line: index + 1, reason: l10n.t('is a setting before the first [section] header') };
    } else if (!/^\s/.test(raw) && !/^[^=:]+[=:]/.test(line)) {
      return { line: index + 1, reason: l10n.t('is not a "name = value" setting') };
    }
  }
  return undefined;
}
