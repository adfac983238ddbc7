import type { OpContext } from './context';
import { algorithmsOf, associatedMaterials, currentMaterial, isSymmetric, type KeyRecord } from './model';

const seconds = (ms: number): number => ms / 1000;

/** KeyMetadata as CreateKey and DescribeKey return it (kms-api.md §4.1, §8.7). */
export function keyMetadata(ctx: OpContext, key: KeyRecord): Record<string, unknown> {
  const meta: Record<string, unknown> = {
    AWSAccountId: ctx.config.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: seconds(key.creationDate),
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.state,
    Origin: key.origin,
    KeyManager: key.keyManager,
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    ...algorithmsOf(key.keySpec, key.keyUsage),
    MultiRegion: key.multiRegion,
  };
  if (key.state === 'PendingDeletion' && key.deletionDate !== undefined) {
    meta.DeletionDate = seconds(key.deletionDate);
  }
  if (key.origin === 'EXTERNAL') {
    Object.assign(meta, expiryFields(key));
  }
  const current = currentMaterial(key);
  if (current && isSymmetric(key.keySpec)) {
    meta.CurrentKeyMaterialId = current.id;
  }
  if (key.multiRegion) {
    meta.MultiRegionConfiguration = {
      MultiRegionKeyType: 'PRIMARY',
      PrimaryKey: { Arn: key.arn, Region: ctx.config.region },
      ReplicaKeys: [],
    };
  }
  return meta;
}

/** ExpirationModel/ValidTo appear only while material is imported; ValidTo is the earliest expiry among associated material. */
function expiryFields(key: KeyRecord): Record<string, unknown> {
  const imported = associatedMaterials(key).filter((m) => m.importState === 'IMPORTED');
  if (imported.length === 0 || key.state === 'PendingImport') {
    return {};
  }
  const expiring = imported.filter((m) => m.expirationModel === 'KEY_MATERIAL_EXPIRES' && m.validTo !== undefined);
  if (expiring.length === 0) {
    return { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' };
  }
  return {
    ExpirationModel: 'KEY_MATERIAL_EXPIRES',
    ValidTo: seconds(Math.min(...expiring.map((m) => m.validTo as number))),
  };
}
