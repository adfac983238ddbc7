import type { KeyMetadata, RotationsListEntry } from '@aws-sdk/client-kms';
import type { MaterialRow } from '../shared/keyMaterialProtocol';

/** The Key material page's table rows, from what KMS says about a key's materials (pure). */

const STATE_LABELS: Record<string, MaterialRow['state']> = {
  CURRENT: 'Current', NON_CURRENT: 'Non-current', PENDING_ROTATION: 'Pending rotation',
  PENDING_MULTI_REGION_IMPORT_AND_ROTATION: 'Pending multi-Region import and rotation',
};

export function materialRow(m: RotationsListEntry): MaterialRow {
  const imported = m.ImportState !== 'PENDING_IMPORT';
  return {
    ...(m.KeyMaterialId && { id: m.KeyMaterialId }),
    ...(m.KeyMaterialDescription && { description: m.KeyMaterialDescription }),
    state: STATE_LABELS[m.KeyMaterialState ?? ''] ?? 'Current',
    importState: imported ? 'Imported' : 'Pending import',
    expires: m.ExpirationModel === 'KEY_MATERIAL_EXPIRES',
    ...(imported && m.ValidTo && { validTo: m.ValidTo.getTime() }),
  };
}

/** Asymmetric and HMAC keys have one material for life; DescribeKey alone says whether it is imported. */
export function singleMaterialRow(meta: KeyMetadata): MaterialRow[] {
  if (meta.Origin !== 'EXTERNAL') { return []; }
  if (meta.ExpirationModel !== undefined) {
    return [{ state: 'Current', importState: 'Imported', expires: meta.ExpirationModel === 'KEY_MATERIAL_EXPIRES', ...(meta.ValidTo && { validTo: meta.ValidTo.getTime() }) }];
  }
  return [];
}
