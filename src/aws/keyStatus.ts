import type { KeyMetadata, RotationsListEntry } from '@aws-sdk/client-kms';
import { DAY_MS } from '../shared/timeTexts';

export { DAY_MS, daysUntil } from '../shared/timeTexts';

/**
 * What the Keys tree derives from KMS responses, without the VS Code API: the key-material status of a key, the
 * expiry warning, and the `contextValue` tokens the manifest's menus match with regular expressions.
 */

/**
 * Key-level status of the key material.
 * - `managed`: KMS (or a custom key store) holds the material; nothing to import.
 * - `none`: an EXTERNAL key whose material was never imported.
 * - `missing`: an EXTERNAL key whose material was imported, then deleted or expired; only the same material fixes it.
 * - `imported`: an EXTERNAL key with its material, which does not expire within the warning window.
 * - `expiring`: an EXTERNAL key with material that expires within the warning window.
 */
export type MaterialStatus = 'managed' | 'none' | 'missing' | 'imported' | 'expiring';

export interface MaterialSummary {
  status: MaterialStatus;
  /** Earliest expiry (epoch ms) of imported material, staged material included when the materials are known. */
  expiresAt?: number;
  /** Imported material waits in PENDING_ROTATION for "Rotate Now"; undefined while the materials are not loaded. */
  pendingRotation?: boolean;
}

/**
 * From DescribeKey (ExpirationModel and ValidTo appear only while the material is imported; ValidTo is the earliest
 * expiry of the associated material) and, when loaded, ListKeyRotations with ALL_KEY_MATERIAL (adds staged material).
 */
export function summarizeMaterial(
  meta: KeyMetadata,
  materials: readonly RotationsListEntry[] | undefined,
  now: number,
  warningDays: number,
): MaterialSummary {
  if (meta.Origin !== 'EXTERNAL') {
    return { status: 'managed' };
  }
  const expiries = [
    ...(meta.ExpirationModel === 'KEY_MATERIAL_EXPIRES' && meta.ValidTo ? [meta.ValidTo.getTime()] : []),
    ...(materials ?? [])
      .filter((m) => m.ImportState === 'IMPORTED' && m.ValidTo)
      .map((m) => (m.ValidTo as Date).getTime()),
  ];
  const expiresAt = expiries.length > 0 ? Math.min(...expiries) : undefined;
  const pendingRotation =
    materials === undefined
      ? undefined
      : materials.some((m) => m.KeyMaterialState === 'PENDING_ROTATION' && m.ImportState === 'IMPORTED');
  const imported = meta.ExpirationModel !== undefined;
  const status: MaterialStatus = imported
    ? expiresWithin(expiresAt, now, warningDays)
      ? 'expiring'
      : 'imported'
    : meta.CurrentKeyMaterialId || materials?.some((m) => m.ImportState === 'PENDING_IMPORT')
      ? 'missing'
      : 'none';
  return {
    status,
    ...(expiresAt !== undefined && { expiresAt }),
    ...(pendingRotation !== undefined && { pendingRotation }),
  };
}

export function expiresWithin(expiresAt: number | undefined, now: number, warningDays: number): boolean {
  return expiresAt !== undefined && warningDays > 0 && expiresAt - now <= warningDays * DAY_MS;
}

/** Whether KMS has rotations for this key: symmetric encryption keys with KMS or imported material. */
export function hasKeyMaterialRotations(meta: KeyMetadata): boolean {
  return meta.KeySpec === 'SYMMETRIC_DEFAULT' && (meta.Origin === 'AWS_KMS' || meta.Origin === 'EXTERNAL');
}

/** Whether automatic rotation can be configured: symmetric encryption keys with KMS-generated material. */
export function supportsAutomaticRotation(meta: KeyMetadata): boolean {
  return meta.KeySpec === 'SYMMETRIC_DEFAULT' && meta.Origin === 'AWS_KMS';
}

const slug = (value: string | undefined): string => (value ?? 'unknown').toLowerCase().replace(/[^a-z0-9_]+/g, '_');

/**
 * `kmsKey manager-customer origin-external state-pendingimport spec-symmetric material-none rotation-na …`.
 * Every token is `name-value` so menus can match one with `viewItem =~ /\bstate-disabled\b/`.
 */
export function keyContextValue(
  meta: KeyMetadata,
  material: MaterialSummary,
  automaticRotation: boolean | undefined,
  aliasCount: number,
): string {
  const rotation = !supportsAutomaticRotation(meta)
    ? 'na'
    : automaticRotation === undefined
      ? 'unknown'
      : automaticRotation
        ? 'on'
        : 'off';
  return [
    'kmsKey',
    `manager-${slug(meta.KeyManager)}`,
    `origin-${slug(meta.Origin)}`,
    `state-${slug(meta.KeyState)}`,
    `spec-${meta.KeySpec === 'SYMMETRIC_DEFAULT' ? 'symmetric' : 'other'}`,
    `material-${material.status}`,
    `rotation-${rotation}`,
    ...(material.pendingRotation ? ['staged-material'] : []),
    ...(aliasCount > 0 ? ['has-alias'] : []),
  ].join(' ');
}

/** `kmsKeyMaterial material-current import-imported expiring`. */
export function materialContextValue(entry: RotationsListEntry, now: number, warningDays: number): string {
  const expiring = entry.ImportState === 'IMPORTED' && expiresWithin(entry.ValidTo?.getTime(), now, warningDays);
  return [
    'kmsKeyMaterial',
    `material-${slug(entry.KeyMaterialState)}`,
    `import-${slug(entry.ImportState ?? 'none')}`,
    ...(expiring ? ['expiring'] : []),
  ].join(' ');
}

/** The label the tree and pickers show for a key: its first alias name without `alias/`, else its key id. */
export function keyLabel(entry: { keyId: string; aliases: readonly string[] }): string {
  const alias = [...entry.aliases].sort()[0];
  return alias ? alias.replace(/^alias\//, '') : entry.keyId;
}
