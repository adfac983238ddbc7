import { mutation, query, type OpContext, type OperationTable } from '../context';
import { invalidState, limitExceeded, unsupported } from '../errors';
import { resolveKey } from '../identifiers';
import { requireUsableForCrypto } from '../keyStates';
import { newSymmetricMaterial } from '../materials';
import { isSymmetric, pendingRotationMaterial, type KeyRecord, type MaterialRecord } from '../model';
import { page } from '../paging';
import { common, enumOf, parseInput } from '../validate';

/** On-demand rotation and the rotation history (kms-api.md §7.10, §8.6). */

const seconds = (ms: number): number => ms / 1000;

const rotateKeyOnDemandInput = { KeyId: common.keyId() };

function rotateKeyOnDemand(ctx: OpContext, body: unknown): object {
  const request = parseInput(body, rotateKeyOnDemandInput);
  const key = resolveKey(ctx, request.KeyId, { allowAlias: false });
  // Checks in the order AWS was observed to apply them.
  if (!isSymmetric(key.keySpec) || key.keyManager === 'AWS') {
    throw unsupported();
  } // no message [aws-obs]
  requireUsableForCrypto(key); // Disabled → DIS, PendingImport → PI (wins over the staged-material check), PendingDeletion → PD
  const staged = pendingRotationMaterial(key);
  if (key.origin === 'EXTERNAL' && !staged) {
    throw invalidState(`No available key material pending rotation for the key: ${key.arn}.`); // [aws-obs]
  }
  if (key.rotation.onDemandCount >= ctx.config.onDemandRotationLimit) {
    throw limitExceeded(
      'The on-demand rotations limit has been reached for the given keyId. ' +
        `No more on-demand rotations can be performed for this key: ${key.arn}`,
    ); // [aws-obs]
  }
  // KMS completes the rotation asynchronously (60–90 s observed); the sandbox completes it at once.
  const rotationDate = ctx.now();
  for (const m of key.materials) {
    if (m.state === 'CURRENT') {
      m.state = 'NON_CURRENT';
    }
  }
  if (key.origin === 'EXTERNAL' && staged) {
    Object.assign(staged, { state: 'CURRENT', rotationDate, rotationType: 'ON_DEMAND' });
  } else {
    key.materials.push({ ...newSymmetricMaterial(), state: 'CURRENT', rotationDate, rotationType: 'ON_DEMAND' });
  }
  key.rotation.onDemandCount += 1;
  return { KeyId: key.arn };
}

const listKeyRotationsInput = {
  KeyId: common.keyId(),
  IncludeKeyMaterial: enumOf(['ALL_KEY_MATERIAL', 'ROTATIONS_ONLY'] as const),
  Limit: common.limit(),
  Marker: common.marker(),
};

function listKeyRotations(ctx: OpContext, body: unknown): object {
  const request = parseInput(body, listKeyRotationsInput);
  const key = resolveKey(ctx, request.KeyId, { allowAlias: false });
  // Allowed in every key state, including PendingImport for EXTERNAL keys [unverified]; the message is the sandbox's own.
  if (!isSymmetric(key.keySpec)) {
    throw unsupported(
      `${key.arn} has KeySpec ${key.keySpec}; only symmetric encryption KMS keys have key material rotations.`,
    );
  }
  const everything = request.IncludeKeyMaterial === 'ALL_KEY_MATERIAL';
  // ROTATIONS_ONLY: material that became current through a completed rotation — not the first, not staged material.
  // The marker is the position in association order, which is stable: only the last (staged) material is ever removed.
  const listed = key.materials
    .map((material, position) => ({ material, sortKey: position.toString().padStart(8, '0') }))
    .filter(
      ({ material }) => everything || (material.rotationDate !== undefined && material.state !== 'PENDING_ROTATION'),
    );
  const result = page(listed, request, { defaultLimit: 100, maxLimit: 1000, sortKey: (e) => e.sortKey });
  return {
    Rotations: result.items.map(({ material }) => rotationsListEntry(key, material)),
    Truncated: result.Truncated,
    ...(result.NextMarker ? { NextMarker: result.NextMarker } : {}),
  };
}

/** RotationsListEntry: import fields for EXTERNAL keys only, rotation fields only for rotated-in material (§8.6). */
function rotationsListEntry(key: KeyRecord, material: MaterialRecord): Record<string, unknown> {
  const entry: Record<string, unknown> = { KeyId: key.keyId, KeyMaterialId: material.id };
  const external = key.origin === 'EXTERNAL';
  if (external && material.description !== undefined) {
    entry.KeyMaterialDescription = material.description;
  }
  if (external && material.importState !== undefined) {
    entry.ImportState = material.importState;
  }
  entry.KeyMaterialState = material.state;
  if (external && material.expirationModel !== undefined) {
    entry.ExpirationModel = material.expirationModel;
    if (material.validTo !== undefined) {
      entry.ValidTo = seconds(material.validTo);
    }
  }
  if (material.rotationDate !== undefined) {
    entry.RotationDate = seconds(material.rotationDate);
    entry.RotationType = material.rotationType;
  }
  return entry;
}

export const materialRotationOperations: OperationTable = {
  RotateKeyOnDemand: mutation(rotateKeyOnDemand),
  ListKeyRotations: query(listKeyRotations),
};
