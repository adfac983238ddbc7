import * as l10n from '@vscode/l10n';
import type { EndpointSource } from './connection';
import { envValue, parseFlag, type Env } from './env';
import { findProfile, type ProfileInfo, type SharedConfig } from './profiles';
import type { ConnectionProblem, ConnectionSettings } from './resolveConnection';

/**
 * Where requests go: `awsKms.endpointUrl` → `AWS_ENDPOINT_URL_<SERVICE>` → `AWS_ENDPOINT_URL` → the profile's
 * `[services …]` section → the profile's `endpoint_url`; all but the setting are skipped when
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` (or else the profile's `ignore_configured_endpoint_urls`) is true.
 */

type ConfiguredSource = 'serviceVariable' | 'AWS_ENDPOINT_URL' | 'profileServices' | 'profile';

/** The KMS endpoint; undefined for the SDK's default one. */
export function kmsEndpoint(
  settings: ConnectionSettings,
  env: Env,
  profile: ProfileInfo | undefined,
  config: SharedConfig,
): { url: string; source: EndpointSource } | ConnectionProblem | undefined {
  const setting = settings.endpointUrl?.trim();
  const configured = setting ? undefined : configuredEndpoint('kms', env, profile, config);
  const chosen: { url: string; source: EndpointSource; where: string } | undefined = setting
    ? { url: setting, source: 'setting', where: l10n.t('the awsKms.endpointUrl setting') }
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
      message: l10n.t({
        message: 'The KMS endpoint in {0} is not an http(s) URL: {1}',
        args: [chosen.where, chosen.url],
        comment: ['{0} says where the endpoint is configured', '{1} is the configured value'],
      }),
      next: chosen.source === 'setting' ? 'openSettings' : 'checkEndpoint',
    };
  }
  return { url: chosen.url, source: chosen.source };
}

/** The SDK's "configured endpoints" rule for one service, from the injected environment and the profile. */
export function configuredEndpoint(
  service: 'kms' | 'sts',
  env: Env,
  profile: ProfileInfo | undefined,
  config: SharedConfig,
): { url: string; source: ConfiguredSource; where: string } | undefined {
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
    const where = l10n.t({
      message: 'the [services {0}] section ({1})',
      args: [String(profile.services), service],
      comment: ['{0} is a section name of the AWS config file', '{1} is kms or sts'],
    });
    return { url: fromServices, source: 'profileServices', where };
  }
  if (profile.endpointUrl) {
    const where = l10n.t({
      message: 'the endpoint_url of profile "{0}"',
      args: [profile.name],
      comment: '{0} is an AWS profile name',
    });
    return { url: profile.endpointUrl, source: 'profile', where };
  }
  return undefined;
}

/**
 * Whether a role profile's source_profile chain reaches an SSO profile. The STS endpoint is then left to the SDK:
 * fromIni passes its STS client settings on to the SSO client too.
 */
export function sourceChainUsesSso(profile: ProfileInfo, config: SharedConfig): boolean {
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
