import * as l10n from '@vscode/l10n';
import type { RegionSource } from './connection';
import { envValue, type Env } from './env';
import type { ProfileInfo } from './profiles';
import type { ConnectionProblem, ConnectionSettings } from './resolveConnection';

/** A region name as AWS spells them (eu-west-1, us-gov-west-1, cn-north-1); anything else is a typo. */
const REGION_PATTERN = /^[a-z]{2,}(?:-[a-z0-9]+)+$/;

export type ConfiguredRegion =
  | { region: string; regionSource: RegionSource; regionMissing?: undefined }
  | { region?: undefined; regionSource?: undefined; regionMissing: string };

/**
 * The connection's region, in the AWS CLI's order: `awsKms.region` → `AWS_REGION` → `AWS_DEFAULT_REGION` → the
 * profile's `region`. None is no problem yet (a key ARN names its own region): `regionMissing` is what to say later.
 */
export function configuredRegion(
  settings: ConnectionSettings,
  env: Env,
  profile: ProfileInfo | undefined,
): ConfiguredRegion | ConnectionProblem {
  const candidates: [string | undefined, RegionSource][] = [
    [settings.region?.trim(), 'setting'],
    [envValue(env, 'AWS_REGION'), 'AWS_REGION'],
    [envValue(env, 'AWS_DEFAULT_REGION'), 'AWS_DEFAULT_REGION'],
    [profile?.region?.trim(), 'profile'],
  ];
  for (const [region, source] of candidates) {
    if (!region) {
      continue;
    }
    if (!REGION_PATTERN.test(region)) {
      return {
        problem: 'invalidRegion',
        message: invalidRegion(source, region, profile?.name),
        next: source === 'setting' ? 'openSettings' : 'selectRegion',
      };
    }
    return { region, regionSource: source };
  }
  return {
    regionMissing: profile
      ? l10n.t({
          message:
            'No AWS region is configured (awsKms.region, AWS_REGION, AWS_DEFAULT_REGION or the region of profile "{0}"): choose a region.',
          args: [profile.name],
          comment: '{0} is an AWS profile name',
        })
      : l10n.t('No AWS region is configured (awsKms.region, AWS_REGION, AWS_DEFAULT_REGION): choose a region.'),
  };
}

function invalidRegion(source: RegionSource, region: string, profile: string | undefined): string {
  const comment = '{0} is the region as configured';
  switch (source) {
    case 'setting':
      return l10n.t({
        message: 'The awsKms.region setting is not an AWS region name like eu-west-1: {0}',
        args: [region],
        comment,
      });
    case 'profile':
      return l10n.t({
        message: 'The region of profile "{0}" is not an AWS region name like eu-west-1: {1}',
        args: [String(profile), region],
        comment: ['{0} is an AWS profile name', '{1} is the region as configured'],
      });
    default:
      return l10n.t({
        message: '{0} is not an AWS region name like eu-west-1: {1}',
        args: [source, region],
        comment: [
          '{0} is an environment variable (AWS_REGION or AWS_DEFAULT_REGION)',
          '{1} is the region as configured',
        ],
      });
  }
}
