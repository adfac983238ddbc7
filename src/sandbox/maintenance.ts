import type { OpContext } from './context';
import { settleImportState } from './keyStates';
import { associatedMaterials, isSymmetric, type KeyRecord } from './model';
import { newSymmetricMaterial } from './materials';

/**
 * Time-driven changes KMS makes on its own, applied lazily before each request (kms-api.md §8.5, §5.1):
 * keys past their DeletionDate disappear with their aliases, imported material past ValidTo is deleted
 * (the key goes to PendingImport), and due automatic rotations happen. Returns whether anything changed.
 */
export function applyDueChanges(ctx: OpContext): boolean {
  const now = ctx.now();
  let changed = false;
  const doomed = new Set(
    ctx.state.keys
      .filter((k) => k.state === 'PendingDeletion' && (k.deletionDate ?? Infinity) <= now)
      .map((k) => k.keyId),
  );
  if (doomed.size > 0) {
    ctx.state.keys = ctx.state.keys.filter((k) => !doomed.has(k.keyId));
    ctx.state.aliases = ctx.state.aliases.filter((a) => !doomed.has(a.targetKeyId));
    changed = true;
  }
  for (const key of ctx.state.keys) {
    changed = expireMaterial(key, now) || changed;
    changed = rotateIfDue(key, now) || changed;
  }
  return changed;
}

function expireMaterial(key: KeyRecord, now: number): boolean {
  if (key.origin !== 'EXTERNAL') {
    return false;
  }
  let changed = false;
  for (const m of key.materials) {
    if (
      m.importState === 'IMPORTED' &&
      m.expirationModel === 'KEY_MATERIAL_EXPIRES' &&
      (m.validTo ?? Infinity) <= now
    ) {
      if (m.state === 'PENDING_ROTATION') {
        key.materials = key.materials.filter((x) => x !== m); // staged material is not associated: it just goes
      } else {
        m.importState = 'PENDING_IMPORT';
        delete m.material;
        delete m.expirationModel;
        delete m.validTo;
      }
      changed = true;
    }
  }
  if (changed) {
    settleImportState(
      key,
      associatedMaterials(key).every((m) => m.importState === 'IMPORTED'),
    );
  }
  return changed;
}

/** Every rotation that came due up to `now`, each on its own date: after a long pause (or a clock jump) all of them at once. */
function rotateIfDue(key: KeyRecord, now: number): boolean {
  if (!key.rotation.enabled || key.state !== 'Enabled' || !isSymmetric(key.keySpec) || key.origin !== 'AWS_KMS') {
    return false;
  }
  let changed = false;
  for (let due = key.rotation.nextRotationDate; due !== undefined && due <= now; due = key.rotation.nextRotationDate) {
    for (const m of key.materials) {
      if (m.state === 'CURRENT') {
        m.state = 'NON_CURRENT';
      }
    }
    key.materials.push({ ...newSymmetricMaterial(), state: 'CURRENT', rotationDate: due, rotationType: 'AUTOMATIC' });
    key.rotation.nextRotationDate = due + (key.rotation.periodDays ?? 365) * 86_400_000;
    changed = true;
  }
  return changed;
}
