import * as l10n from '@vscode/l10n';
import type { ConnectionCredentials } from './credentials';
import type { CredentialKind } from './profiles';

/**
 * The active connection: where KMS requests go and with which credentials. Built by resolveConnection(); shown
 * by the status bar through statusText().
 */

/** Where the region came from, most specific first (DESIGN.md §2 precedence). */
export type RegionSource = 'keyArn' | 'setting' | 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'profile' | 'sandbox';

/** Where the endpoint came from. No endpoint: the SDK's regional AWS endpoint. */
export type EndpointSource =
  'setting' | 'AWS_ENDPOINT_URL_KMS' | 'AWS_ENDPOINT_URL' | 'profileServices' | 'profile' | 'sandbox';

interface ConnectionBase {
  /** Stable identity for caches: equal ids mean the same profile, endpoint and settings. */
  id: string;
  /** Short name for the status bar: `profile:dev`, `env`, `Sandbox`. */
  label: string;
  /** Undefined when nothing configures one: regionFor() then needs the key ARN, else the UI asks. */
  region?: string;
  regionSource?: RegionSource;
  /** Why there is no region, for the prompt (only when `region` is undefined). */
  regionMissing?: string;
  endpoint?: string;
  endpointSource?: EndpointSource;
  useFipsEndpoint: boolean;
  useDualstackEndpoint: boolean;
  credentials: ConnectionCredentials;
}

export interface ProfileConnection extends ConnectionBase {
  kind: 'profile';
  profile: string;
  /** Why this profile: the `awsKms.profile` setting, `AWS_PROFILE`, or the `default` profile. */
  profileSource: 'setting' | 'AWS_PROFILE' | 'default';
  credentialKind: CredentialKind;
}

export interface EnvironmentConnection extends ConnectionBase {
  kind: 'environment';
  /** `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, or `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`. */
  credentialSource: 'keys' | 'webIdentity';
  /** The profile whose region and endpoint settings still apply (`default`, as for the AWS CLI), if it exists. */
  profile?: string;
}

export interface SandboxConnection extends ConnectionBase {
  kind: 'sandbox';
  region: string;
  endpoint: string;
}

export type Connection = ProfileConnection | EnvironmentConnection | SandboxConnection;

/** `profile:dev · eu-west-1`, `env · us-east-1`, `Sandbox`. */
export function statusText(connection: Connection, region: string | undefined = connection.region): string {
  if (connection.kind === 'sandbox') {
    return connection.label;
  }
  return `${connection.label} · ${region ?? l10n.t('no region')}`;
}
