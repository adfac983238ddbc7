import type { NextStep } from '../core/errors';
import type { Connection, EndpointSource, RegionSource, SandboxConnection } from './connection';
import { environmentCredentials, profileCredentials, staticCredentials, type MfaCodeProvider } from './credentials';
import { envValue, parseFlag, type Env } from './env';
import { findProfile, ProfileFileError, readSharedConfig, type ProfileInfo, type SharedConfig } from './profiles';

/**
 * Decides the active connection from the settings, the environment and the shared files, with the AWS CLI's
 * precedence (DESIGN.md §2):
 * - profile: `awsKms.profile` → `AWS_PROFILE` → environment credentials → the `default` profile, if it exists;
 * - region: the key ARN's region (regionFor) → `awsKms.region` → `AWS_REGION` → `AWS_DEFAULT_REGION` → the
 *   profile's `region` → none (the UI asks);
 * - endpoint: `awsKms.endpointUrl` → `AWS_ENDPOINT_URL_KMS` → `AWS_ENDPOINT_URL` → the profile's
 *   `[services …]` `kms` `endpoint_url` → the profile's `endpoint_url`; all but the setting are skipped when
 *   `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` (or else the profile's `ignore_configured_endpoint_urls`) is true.
 */

export interface ConnectionSettings {
  connection: 'aws' | 'sandbox';
  /** Blank means unset, as for the other settings. */
  profile?: string;
  region?: string;
  endpointUrl?: string;
}

/** What a running sandbox tells its clients (the shape of `startSandbox()`'s result). */
export interface SandboxEndpoint {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export interface ResolveConnectionInput {
  settings: ConnectionSettings;
  env: Env;
  /** The running sandbox, when the UI has started one. */
  sandbox?: SandboxEndpoint;
  mfaCodeProvider?: MfaCodeProvider;
  /** Clock for expiry of temporary credentials (tests). */
  now?: () => number;
}

export type ConnectionProblemCode =
  'noCredentials' | 'unknownProfile' | 'invalidEndpoint' | 'invalidRegion' | 'sandboxNotRunning' | 'profileFileError';

export interface ConnectionProblem {
  problem: ConnectionProblemCode;
  /** User-safe, names the cause and the next step. */
  message: string;
  next: NextStep;
}

export type ResolveConnectionResult =
  | { connection: Connection; problem?: undefined; message?: undefined; next?: undefined }
  | (ConnectionProblem & { connection?: undefined });

export type RegionChoice =
  | { region: string; source: RegionSource; problem?: undefined }
  | { region?: undefined; problem: 'noRegion'; message: string; next: NextStep };

export async function resolveConnection(input: ResolveConnectionInput): Promise<ResolveConnectionResult> {
  const { settings, env } = input;
  if (settings.connection === 'sandbox') {
    return input.sandbox
      ? { connection: sandboxConnection(input.sandbox) }
      : {
          problem: 'sandboxNotRunning',
          message: 'The sandbox KMS is not running: start it with "Use Sandbox", or switch the connection back to AWS.',
          next: 'useSandbox',
        };
  }

  let config: SharedConfig;
  try {
    config = await readSharedConfig(env);
  } catch (error) {
    if (error instanceof ProfileFileError) {
      return { problem: 'profileFileError', message: error.message, next: 'showLog' };
    }
    throw error;
  }
  const where = `${config.files.configFile} or ${config.files.credentialsFile}`;
  const settingProfile = settings.profile?.trim();
  const envProfile = envValue(env, 'AWS_PROFILE');
  const fromEnv = environmentCredentials(env, input.now);
  const defaultProfile = findProfile(config, 'default');

  let chosen: { profile: ProfileInfo; source: 'setting' | 'AWS_PROFILE' | 'default' } | undefined;
  if (settingProfile) {
    const profile = findProfile(config, settingProfile);
    if (!profile) {
      return unknownProfile(
        `The AWS profile "${settingProfile}" of the awsKms.profile setting is not in ${where}: select another connection.`,
      );
    }
    chosen = { profile, source: 'setting' };
  } else if (envProfile) {
    const profile = findProfile(config, envProfile);
    if (!profile) {
      return unknownProfile(
        `AWS_PROFILE names the profile "${envProfile}", which is not in ${where}: select a connection.`,
      );
    }
    chosen = { profile, source: 'AWS_PROFILE' };
  } else if (!fromEnv && defaultProfile) {
    chosen = { profile: defaultProfile, source: 'default' };
  }

  const configProfile = chosen?.profile ?? defaultProfile;
  const region = configuredRegion(settings, env, configProfile);
  if ('problem' in region) {
    return region;
  }
  const endpoint = kmsEndpoint(settings, env, configProfile, config);
  if (endpoint && 'problem' in endpoint) {
    return endpoint;
  }
  const useFipsEndpoint = parseFlag(envValue(env, 'AWS_USE_FIPS_ENDPOINT')) ?? configProfile?.useFipsEndpoint ?? false;
  const useDualstackEndpoint =
    parseFlag(envValue(env, 'AWS_USE_DUALSTACK_ENDPOINT')) ?? configProfile?.useDualstackEndpoint ?? false;
  const common = {
    ...region,
    ...(endpoint && { endpoint: endpoint.url, endpointSource: endpoint.source }),
    useFipsEndpoint,
    useDualstackEndpoint,
  };
  const idSuffix = `|${endpoint?.url ?? ''}|${useFipsEndpoint ? 'fips' : ''}|${useDualstackEndpoint ? 'dualstack' : ''}`;

  if (chosen) {
    const { profile, source } = chosen;
    const kind = profile.kinds[0];
    if (!kind) {
      return {
        problem: 'noCredentials',
        message:
          `The AWS profile "${profile.name}" has no credentials (no access key, sso_session, role_arn, credential_process ` +
          'or web_identity_token_file): add them to the profile, or select another connection.',
        next: 'selectConnection',
      };
    }
    const stsEndpoint =
      kind === 'role' && !sourceChainUsesSso(profile, config)
        ? configuredEndpoint('sts', env, profile, config)?.url
        : undefined;
    return {
      connection: {
        kind: 'profile',
        id: `profile:${profile.name}${idSuffix}`,
        label: `profile:${profile.name}`,
        profile: profile.name,
        profileSource: source,
        credentialKind: kind,
        ...common,
        credentials: profileCredentials(
          {
            profile: profile.name,
            files: config.files,
            kind,
            mfaCodeProvider: input.mfaCodeProvider,
            ...(stsEndpoint && { stsEndpoint }),
          },
          input.now,
        ),
      },
    };
  }
  if (fromEnv) {
    return {
      connection: {
        kind: 'environment',
        id: `env${idSuffix}`,
        label: 'env',
        credentialSource: fromEnv.source,
        ...(configProfile && { profile: configProfile.name }),
        ...common,
        credentials: fromEnv.credentials,
      },
    };
  }
  return {
    problem: 'noCredentials',
    message:
      `No AWS credentials found: no profile is selected, AWS_PROFILE and AWS_ACCESS_KEY_ID are not set, and ${where} ` +
      'has no [default] profile. Select a profile, or use the sandbox KMS to work without an AWS account.',
    next: 'useSandbox',
  };
}

export function sandboxConnection(sandbox: SandboxEndpoint): SandboxConnection {
  const { accessKeyId, secretAccessKey, sessionToken } = sandbox.credentials;
  return {
    kind: 'sandbox',
    id: `sandbox:${sandbox.endpoint}`,
    label: 'Sandbox',
    region: sandbox.region,
    regionSource: 'sandbox',
    endpoint: sandbox.endpoint,
    endpointSource: 'sandbox',
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    credentials: staticCredentials({ accessKeyId, secretAccessKey, ...(sessionToken && { sessionToken }) }),
  };
}

/** The region for a request: the key ARN's region wins (a key lives in one region), except on the sandbox. */
export function regionFor(connection: Connection, keyArn?: string): RegionChoice {
  if (connection.kind === 'sandbox') {
    return { region: connection.region, source: 'sandbox' };
  }
  const fromArn = keyArn === undefined ? undefined : regionOfKeyArn(keyArn);
  if (fromArn) {
    return { region: fromArn, source: 'keyArn' };
  }
  if (connection.region) {
    return { region: connection.region, source: connection.regionSource ?? 'setting' };
  }
  return {
    problem: 'noRegion',
    message: connection.regionMissing ?? `No AWS region for ${connection.label}: choose a region.`,
    next: 'selectRegion',
  };
}

/** `arn:aws:kms:eu-west-1:111122223333:key/…` (or `alias/…`, any partition) → `eu-west-1`. */
export function regionOfKeyArn(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:(?:key|alias)\/.+$/.exec(arn.trim())?.[1];
}

const REGION_PATTERN = /^[a-z]{2,}(?:-[a-z0-9]+)+$/;

function configuredRegion(
  settings: ConnectionSettings,
  env: Env,
  profile: ProfileInfo | undefined,
): { region?: string; regionSource?: RegionSource; regionMissing?: string } | ConnectionProblem {
  const candidates: [string | undefined, RegionSource, string][] = [
    [settings.region?.trim(), 'setting', 'the awsKms.region setting'],
    [envValue(env, 'AWS_REGION'), 'AWS_REGION', 'AWS_REGION'],
    [envValue(env, 'AWS_DEFAULT_REGION'), 'AWS_DEFAULT_REGION', 'AWS_DEFAULT_REGION'],
    [profile?.region?.trim(), 'profile', `the region of profile "${profile?.name}"`],
  ];
  for (const [region, source, where] of candidates) {
    if (!region) {
      continue;
    }
    if (!REGION_PATTERN.test(region)) {
      return {
        problem: 'invalidRegion',
        message: `${capitalize(where)} is not an AWS region name like eu-west-1: ${region}`,
        next: source === 'setting' ? 'openSettings' : 'selectRegion',
      };
    }
    return { region, regionSource: source };
  }
  return {
    regionMissing: `No AWS region is configured (awsKms.region, AWS_REGION, AWS_DEFAULT_REGION${profile ? ` or the region of profile "${profile.name}"` : ''}): choose a region.`,
  };
}

function kmsEndpoint(
  settings: ConnectionSettings,
  env: Env,
  profile: ProfileInfo | undefined,
  config: SharedConfig,
): { url: string; source: EndpointSource } | ConnectionProblem | undefined {
  const setting = settings.endpointUrl?.trim();
  const configured = setting ? undefined : configuredEndpoint('kms', env, profile, config);
  const chosen: { url: string; source: EndpointSource; where: string } | undefined = setting
    ? { url: setting, source: 'setting', where: 'the awsKms.endpointUrl setting' }
    : configured && {
        ...configured,
        source: configured.source === 'serviceVariable' ? 'AWS_ENDPOINT_URL_KMS' : configured.source,
      };
  if (!chosen) {
    return undefined;
  }
  if (!isHttpUrl(chosen.url)) {
    return {
      problem: 'invalidEndpoint',
      message: `The KMS endpoint in ${chosen.where} is not an http(s) URL: ${chosen.url}`,
      next: chosen.source === 'setting' ? 'openSettings' : 'checkEndpoint',
    };
  }
  return { url: chosen.url, source: chosen.source };
}

/** The SDK's "configured endpoints" rule for one service, from the injected environment and the profile. */
function configuredEndpoint(
  service: 'kms' | 'sts',
  env: Env,
  profile: ProfileInfo | undefined,
  config: SharedConfig,
):
  | { url: string; source: 'serviceVariable' | 'AWS_ENDPOINT_URL' | 'profileServices' | 'profile'; where: string }
  | undefined {
  const ignore =
    parseFlag(envValue(env, 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS')) ?? profile?.ignoreConfiguredEndpointUrls ?? false;
  if (ignore) {
    return undefined;
  }
  const serviceVariable = `AWS_ENDPOINT_URL_${service.toUpperCase()}`;
  const fromServiceVariable = envValue(env, serviceVariable);
  if (fromServiceVariable) {
    return { url: fromServiceVariable, source: 'serviceVariable', where: serviceVariable };
  }
  const global = envValue(env, 'AWS_ENDPOINT_URL');
  if (global) {
    return { url: global, source: 'AWS_ENDPOINT_URL', where: 'AWS_ENDPOINT_URL' };
  }
  if (!profile) {
    return undefined;
  }
  const fromServices = profile.services ? config.services[profile.services]?.[service] : undefined;
  if (fromServices) {
    return {
      url: fromServices,
      source: 'profileServices',
      where: `the [services ${profile.services}] section (${service})`,
    };
  }
  if (profile.endpointUrl) {
    return { url: profile.endpointUrl, source: 'profile', where: `the endpoint_url of profile "${profile.name}"` };
  }
  return undefined;
}

/**
 * Whether a role profile's source_profile chain reaches an SSO profile. The STS endpoint is then left to the SDK:
 * fromIni passes its STS client settings on to the SSO client too.
 */
function sourceChainUsesSso(profile: ProfileInfo, config: SharedConfig): boolean {
  const seen = new Set<string>();
  for (
    let current: ProfileInfo | undefined = profile;
    current && !seen.has(current.name);
    current = current.sourceProfile ? findProfile(config, current.sourceProfile) : undefined
  ) {
    seen.add(current.name);
    if (current.kinds.includes('sso')) {
      return true;
    }
  }
  return false;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function unknownProfile(message: string): ConnectionProblem {
  return { problem: 'unknownProfile', message, next: 'selectConnection' };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
