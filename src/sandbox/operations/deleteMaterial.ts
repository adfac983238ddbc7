import type { OpContext } from '../context';
import { notFound, validation } from '../errors';
import { settleImportState } from '../keyStates';
import { associatedMaterials, currentMaterial, isSymmetric, type KeyRecord, type MaterialRecord } from '../model';
import { common, parseInput, str } from '../validate';
import { externalKey } from './importRules';

/**
 * DeleteImportedKeyMaterial (kms-api.md §7.12): drops the material's bytes but keeps it associated, so only the
 * same bytes can come back; the key goes to PendingImport (a PendingDeletion key keeps its state). Deleting staged
 * PENDING_ROTATION material just discards it. Allowed in every key state.
 */

const input = {
  KeyId: common.keyId(),
  KeyMaterialId: str({ min: 64, max: 64, pattern: /^[a-f0-9]+$/ }),
};

export function deleteImportedKeyMaterial(ctx: OpContext, body: unknown): object {
  const request = parseInput(body, input);
  const key = externalKey(ctx, request.KeyId, { allowPendingDeletion: true });
  const target = request.KeyMaterialId === undefined ? currentMaterial(key) : namedMaterial(key, request.KeyMaterialId);
  if (target) {
    discard(key, target);
  }
  // KeyMaterialId is exposed for symmetric keys only; the output shape allows an empty string for the others.
  return { KeyId: key.arn, KeyMaterialId: isSymmetric(key.keySpec) ? (target?.id ?? '') : '' };
}

/** [unverified] errors: KMS documents KeyMaterialId for symmetric keys only and names no error for an unknown id. */
function namedMaterial(key: KeyRecord, id: string): MaterialRecord {
  if (!isSymmetric(key.keySpec)) {
    throw validation(
      `KeyMaterialId can only be specified for symmetric encryption KMS keys, not for KeySpec ${key.keySpec}.`,
    );
  }
  const material = key.materials.find((m) => m.id === id);
  if (!material) {
    throw notFound(`Key material ${id} is not associated with ${key.arn}.`);
  }
  return material;
}

function discard(key: KeyRecord, material: MaterialRecord): void {
  if (material.state === 'PENDING_ROTATION') {
    key.materials = key.materials.filter((m) => m !== material); // staged material was never associated: it just goes
    return;
  }
  if (material.importState !== 'IMPORTED') {
    return;
  } // already deleted or expired: no effect
  material.importState = 'PENDING_IMPORT';
  delete material.material;
  delete material.expirationModel;
  delete material.validTo;
  settleImportState(
    key,
    associatedMaterials(key).every((m) => m.importState === 'IMPORTED'),
  );
}
