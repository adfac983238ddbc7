import type { KeyEntry } from '../../aws/keyCatalogue';
import { keyLabel, summarizeMaterial } from '../../aws/keyStatus';

/** A key whose imported material expires within the warning window. */
export interface ExpiringKey {
  region: string;
  keyId: string;
  arn: string;
  label: string;
  expiresAt: number;
}

/** Keys whose imported material expires within `warningDays` of `now`, soonest first, from each region's entries. */
export function expiringKeys(
  catalogues: Iterable<[region: string, catalogue: { allEntries(): KeyEntry[] }]>,
  now: number,
  warningDays: number,
): ExpiringKey[] {
  const result: ExpiringKey[] = [];
  for (const [region, catalogue] of catalogues) {
    for (const entry of catalogue.allEntries()) {
      const summary = entry.metadata && summarizeMaterial(entry.metadata, entry.materials, now, warningDays);
      if (summary?.status === 'expiring' && summary.expiresAt !== undefined) {
        result.push({
          region,
          keyId: entry.keyId,
          arn: entry.arn,
          label: keyLabel(entry),
          expiresAt: summary.expiresAt,
        });
      }
    }
  }
  return result.sort((a, b) => a.expiresAt - b.expiresAt);
}
