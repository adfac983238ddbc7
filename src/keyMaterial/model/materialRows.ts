import type { KeyMetadata, RotationsListEntry } from '@aws-sdk/client-kms';
import type { MaterialRow } from '../../shared/keyMaterialProtocol';
import { importStateLabel, materialStateLabel } from '../../keys/model/labels';

/** The Key material page's table rows, from what KMS says about a key's materials, in the Keys tree's words. */

export function materialRow(m: RotationsListEntry): MaterialRow {
  const imported = m.ImportState !== 'PENDING_IMPORT';
  return {
    ...(m.KeyMaterialId && { id: m.KeyMaterialId }),
    ...(m.KeyMaterialDescription && { description: m.KeyMaterialDescription }),
    state: materialStateLabel(m),
    importState: importStateLabel({ ImportState: imported ? 'IMPORTED' : 'PENDING_IMPORT' }) ?? '',
    imported,
    expires: m.ExpirationModel === 'KEY_MATERIAL_EXPIRES',
    ...(imported && m.ValidTo && { validTo: m.ValidTo.getTime() }),
  };
}

/** Asymmetric and HMAC keys have one material for life; DescribeKey alone says whether it is imported. */
export function singleMaterialRow(meta: KeyMetadata): MaterialRow[] {
  if (meta.Origin !== 'EXTERNAL' || meta.ExpirationModel === undefined) {
    return [];
  }
  return [
    {
      state: materialStateLabel({ KeyMaterialState: 'CURRENT' }),
      importState: importStateLabel({ ImportState: 'IMPORTED' }) ?? '',
      imported: true,
      expires: meta.ExpirationModel === 'KEY_MATERIAL_EXPIRES',
      ...(meta.ValidTo && { validTo: meta.ValidTo.getTime() }),
    },
  ];
}
