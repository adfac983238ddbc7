import * as l10n from '@vscode/l10n';
import type { NextStep } from '../core/errors';
import { configuredEndpoint, kmsEndpoint, sourceChainUsesSso } from './configuredEndpoint';
import { configuredRegion } from './configuredRegion';
import type { Connection, RegionSource, SandboxConnection } from './connection';
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

const PROFILE_NOT_IN = ['{0} is an AWS profile name', '{1} names the AWS config and credentials files'];

export async function resolveConnection(input: ResolveConnectionInput): Promise<ResolveConnectionResult> {
  const { settings, env } = input;
  if (settings.connection === 'sandbox') {
    return input.sandbox
      ? { connection: sandboxConnection(input.sandbox) }
      : {
          problem: 'sandboxNotRunning',
          message: l10n.t(
            'The sandbox KMS is not running: start it with "Use Sandbox", or switch the connection back to AWS.',
          ),
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
  const where = l10n.t({
    message: '{0} or {1}',
    args: [config.files.configFile, config.files.credentialsFile],
    comment: ['{0} is the path of the AWS config file', '{1} is the path of the AWS credentials file'],
  });
  const settingProfile = settings.profile?.trim();
  const envProfile = envValue(env, 'AWS_PROFILE');
  const fromEnv = environmentCredentials(env, input.now);
  const defaultProfile = findProfile(config, 'default');

  let chosen: { profile: ProfileInfo; source: 'setting' | 'AWS_PROFILE' | 'default' } | undefined;
  if (settingProfile) {
    const profile = findProfile(config, settingProfile);
    if (!profile) {
      return unknownProfile(
        l10n.t({
          message: 'The AWS profile "{0}" of the awsKms.profile setting is not in {1}: select another connection.',
          args: [settingProfile, where],
          comment: PROFILE_NOT_IN,
        }),
      );
    }
    chosen = { profile, source: 'setting' };
  } else if (envProfile) {
    const profile = findProfile(config, envProfile);
    if (!profile) {
      return unknownProfile(
        l10n.t({
          message: 'AWS_PROFILE names the profile "{0}", which is not in {1}: select a connection.',
          args: [envProfile, where],
          comment: PROFILE_NOT_IN,
        }),
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
        message: l10n.t({
          message:
            'The AWS profile "{0}" has no credentials (no access key, sso_session, role_arn, credential_process or web_identity_token_file): add them to the profile, or select another connection.',
          args: [profile.name],
          comment: '{0} is an AWS profile name',
        }),
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
        label: l10n.t({
          message: 'env',
          comment: ['The connection of credentials from environment variables, as in the status bar'],
        }),
        credentialSource: fromEnv.source,
        ...(configProfile && { profile: configProfile.name }),
        ...common,
        credentials: fromEnv.credentials,
      },
    };
  }
  return {
    problem: 'noCredentials',
    message: l10n.t({
      message:
        'No AWS credentials found: no profile is selected, AWS_PROFILE and AWS_ACCESS_KEY_ID are not set, and {0} has no [default] profile. Select a profile, or use the sandbox KMS to work without an AWS account.',
      args: [where],
      comment: '{0} names the AWS config and credentials files',
    }),
    next: 'useSandbox',
  };
}

export function sandboxConnection(sandbox: SandboxEndpoint): SandboxConnection {
  const { accessKeyId, secretAccessKey, sessionToken } = sandbox.credentials;
  return {
    kind: 'sandbox',
    id: `sandbox:${sandbox.endpoint}`,
    label: l10n.t({ message: 'Sandbox', comment: ['The local sandbox KMS connection, as in the status bar'] }),
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
    message:
      connection.regionMissing ??
      l10n.t({
        message: 'No AWS region for {0}: choose a region.',
        args: [connection.label],
        comment: '{0} is the connection, e.g. profile:dev',
      }),
    next: 'selectRegion',
  };
}

/** `arn:aws:kms:eu-west-1:111122223333:key/…` (or `alias/…`, any partition) → `eu-west-1`. */
export function regionOfKeyArn(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:(?:key|alias)\/.+$/.exec(arn.trim())?.[1];
}

function unknownProfile(message: string): ConnectionProblem {
  return { problem: 'unknownProfile', message, next: 'selectConnection' };
}
