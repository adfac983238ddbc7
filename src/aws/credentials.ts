import type { fromIni } from '@aws-sdk/credential-providers';
import { envValue, type Env } from './env';
import type { CredentialKind, SharedFiles } from './profiles';

/**
 * Credential providers of a connection, built from explicit inputs (profile name, file paths, the injected
 * environment) so nothing depends on `process.env`. The SDK is imported on first use, not at activation.
 */

/** The SDK's credential provider type (what `KMSClient` takes as `credentials`). */
export type CredentialProvider = ReturnType<typeof fromIni>;
export type CredentialIdentity = Awaited<ReturnType<CredentialProvider>>;
type ProviderArgs = Parameters<CredentialProvider>[0];

/** Asks the user for the current code of the MFA device `mfaSerial`; rejects with CancelledError if they cancel. */
export type MfaCodeProvider = (mfaSerial: string) => Promise<string>;

export interface ConnectionCredentials {
  /** Memoised per connection: SSO, STS and credential_process calls are not repeated per client or request. */
  readonly provider: CredentialProvider;
  /**
   * Forgets the cached identity; the next call re-reads the shared files and the SSO token cache. KMS clients also
   * hold on to an identity without expiry, so the caller clears its KmsClientFactory as well.
   */
  reload(): void;
}

/** Refresh temporary credentials this long before they expire (the SDK's own window). */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

export interface ProfileCredentialsInit {
  profile: string;
  files: SharedFiles;
  /** The profile's first credential kind (ProfileInfo.kinds[0]). */
  kind: CredentialKind;
  mfaCodeProvider?: MfaCodeProvider;
  /** Endpoint for the STS client of role profiles (`AWS_ENDPOINT_URL_STS`, …); undefined: the SDK's choice. */
  stsEndpoint?: string;
}

export function profileCredentials(init: ProfileCredentialsInit, now: () => number = Date.now): ConnectionCredentials {
  return memoizeCredentials(async (ignoreCache, args) => {
    const { fromIni: iniProvider, fromSSO } = await import('@aws-sdk/credential-providers');
    const source = {
      profile: init.profile,
      filepath: init.files.credentialsFile,
      configFilepath: init.files.configFile,
      ignoreCache,
    };
    if (init.kind === 'sso') {
      // fromIni hands SSO profiles to fromSSO without the file paths; calling it directly keeps them explicit.
      return fromSSO(source)(args);
    }
    return iniProvider({
      ...source,
      mfaCodeProvider: init.mfaCodeProvider,
      ...(init.stsEndpoint !== undefined && { clientConfig: { endpoint: init.stsEndpoint } }),
    })(args);
  }, now);
}

export function staticCredentials(identity: CredentialIdentity): ConnectionCredentials {
  return { provider: async () => identity, reload: () => undefined };
}

/**
 * Credentials from the injected environment, as the SDK's fromEnv / fromTokenFile would find them in `process.env`:
 * `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` [+ `AWS_SESSION_TOKEN`, `AWS_CREDENTIAL_EXPIRATION`], else
 * `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` [+ `AWS_ROLE_SESSION_NAME`].
 */
export function environmentCredentials(
  env: Env,
  now: () => number = Date.now,
): { source: 'keys' | 'webIdentity'; credentials: ConnectionCredentials } | undefined {
  const accessKeyId = envValue(env, 'AWS_ACCESS_KEY_ID');
  const secretAccessKey = envValue(env, 'AWS_SECRET_ACCESS_KEY');
  if (accessKeyId && secretAccessKey) {
    const sessionToken = envValue(env, 'AWS_SESSION_TOKEN');
    const expiration = envValue(env, 'AWS_CREDENTIAL_EXPIRATION');
    return {
      source: 'keys',
      credentials: staticCredentials({
        accessKeyId,
        secretAccessKey,
        ...(sessionToken && { sessionToken }),
        ...(expiration && { expiration: new Date(expiration) }),
      }),
    };
  }
  const webIdentityTokenFile = envValue(env, 'AWS_WEB_IDENTITY_TOKEN_FILE');
  const roleArn = envValue(env, 'AWS_ROLE_ARN');
  if (webIdentityTokenFile && roleArn) {
    const roleSessionName = envValue(env, 'AWS_ROLE_SESSION_NAME');
    return {
      source: 'webIdentity',
      credentials: memoizeCredentials(async (_ignoreCache, args) => {
        const { fromTokenFile } = await import('@aws-sdk/credential-providers');
        return fromTokenFile({ webIdentityTokenFile, roleArn, ...(roleSessionName && { roleSessionName }) })(args);
      }, now),
    };
  }
  return undefined;
}

/**
 * Caches the identity until it is within REFRESH_BEFORE_EXPIRY_MS of expiry; concurrent callers share one load;
 * a failed load is not cached, and the next one re-reads the files.
 */
export function memoizeCredentials(
  load: (ignoreCache: boolean, args: ProviderArgs) => Promise<CredentialIdentity>,
  now: () => number = Date.now,
): ConnectionCredentials {
  let pending: Promise<CredentialIdentity> | undefined;
  let identity: CredentialIdentity | undefined;
  let ignoreCache = false;

  const fresh = (current: CredentialIdentity): boolean =>
    current.expiration === undefined || current.expiration.getTime() - now() > REFRESH_BEFORE_EXPIRY_MS;

  const provider: CredentialProvider = async (args) => {
    if (identity && fresh(identity)) {
      return identity;
    }
    if (pending) {
      return pending;
    }
    const attempt = load(ignoreCache, args);
    ignoreCache = false;
    pending = attempt;
    try {
      const loaded = await attempt;
      if (pending === attempt) {
        identity = loaded;
      }
      return loaded;
    } catch (error) {
      if (pending === attempt) {
        ignoreCache = true;
      }
      throw error;
    } finally {
      if (pending === attempt) {
        pending = undefined;
      }
    }
  };

  return {
    provider,
    reload: () => {
      pending = undefined;
      identity = undefined;
      ignoreCache = true;
    },
  };
}
