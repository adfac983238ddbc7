import { KeyMaterialUnwrapError, unwrapKeyMaterial } from '../../core/keyMaterialWrap';
import type { OpContext } from '../context';
import { invalidCiphertext, invalidState, KmsError, validation } from '../errors';
import { acceptImportToken, type ImportTokenContents } from '../importToken';
import { settleImportState } from '../keyStates';
import { checkImportedMaterial, importedMaterialId } from '../materials';
import {
  associatedMaterials,
  isSymmetric,
  pendingRotationMaterial,
  type ExpirationModel,
  type KeyRecord,
  type MaterialRecord,
} from '../model';
import { blob, common, enumOf, parseInput, str, timestamp, type Parsed } from '../validate';
import { externalKey } from './importRules';

/** ImportKeyMaterial, in the processing order of kms-api.md §8.4. */

const MATERIAL_ID = { min: 64, max: 64, pattern: /^[a-f0-9]+$/ };
const MAX_VALID_TO_AHEAD_MS = 365 * 86_400_000;

const input = {
  KeyId: common.keyId(),
  ImportToken: blob({ min: 1, max: 6144, required: true }),
  EncryptedKeyMaterial: blob({ min: 1, max: 6144, required: true }),
  ValidTo: timestamp(),
  ExpirationModel: enumOf(['KEY_MATERIAL_EXPIRES', 'KEY_MATERIAL_DOES_NOT_EXPIRE'] as const),
  ImportType: enumOf(['NEW_KEY_MATERIAL', 'EXISTING_KEY_MATERIAL'] as const),
  KeyMaterialDescription: str({ min: 0, max: 256, pattern: /^[a-zA-Z0-9:/_\s.-]+$/ }),
  KeyMaterialId: str(MATERIAL_ID),
};
type Request = Parsed<typeof input>;

interface Expiration {
  expirationModel: ExpirationModel;
  validTo?: number;
}

export function importKeyMaterial(ctx: OpContext, body: unknown): object {
  const request = parseInput(body, input);
  const key = externalKey(ctx, request.KeyId, { allowPendingDeletion: false });
  // Checked before the token, so a corrected retry can reuse it (AWS accepted the same token again [aws-obs]).
  const expiration = resolveExpiration(ctx.now(), request);
  checkSymmetricOnlyMembers(key, request);
  const token = acceptImportToken(ctx.secret, request.ImportToken, key.keyId, ctx.now());
  const material = unwrap(request.EncryptedKeyMaterial, token);
  try {
    checkImportedMaterial(key.keySpec, material);
    const id = importedMaterialId(ctx.secret, key.keyId, material);
    // Everything below decides first and mutates last, so a refused import changes nothing.
    if (isSymmetric(key.keySpec)) {
      placeSymmetricMaterial(key, request, id, material, expiration);
    } else {
      placeOnlyMaterial(key, id, material, expiration);
    }
    settleImportState(
      key,
      associatedMaterials(key).every((m) => m.importState === 'IMPORTED'),
    );
    return isSymmetric(key.keySpec) ? { KeyId: key.arn, KeyMaterialId: id } : { KeyId: key.arn };
  } finally {
    material.fill(0);
  }
}

/** ExpirationModel defaults to KEY_MATERIAL_EXPIRES; ValidTo goes with it, in the future and at most 365 days ahead. */
function resolveExpiration(now: number, request: Request): Expiration {
  const expirationModel = request.ExpirationModel ?? 'KEY_MATERIAL_EXPIRES';
  if (expirationModel === 'KEY_MATERIAL_DOES_NOT_EXPIRE') {
    // [unverified] text; KMS refuses the combination.
    if (request.ValidTo !== undefined) {
      throw validation('A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE');
    }
    return { expirationModel };
  }
  if (request.ValidTo === undefined) {
    throw validation('A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES');
  } // [aws-obs]
  // [unverified] texts for the two range rules, which are documented.
  if (request.ValidTo <= now) {
    throw validation('The validTo date must be in the future.');
  }
  if (request.ValidTo > now + MAX_VALID_TO_AHEAD_MS) {
    throw validation('The validTo date must be no more than 365 days in the future.');
  }
  return { expirationModel, validTo: request.ValidTo };
}

/** ImportType, KeyMaterialId and KeyMaterialDescription are "only usable with symmetric encryption keys" [doc]; the error is [unverified]. */
function checkSymmetricOnlyMembers(key: KeyRecord, request: Request): void {
  if (isSymmetric(key.keySpec)) {
    if (request.ImportType === 'NEW_KEY_MATERIAL' && request.KeyMaterialId !== undefined) {
      throw validation('KeyMaterialId can only be specified with ImportType EXISTING_KEY_MATERIAL.');
    }
    return;
  }
  const given = (['ImportType', 'KeyMaterialId', 'KeyMaterialDescription'] as const).filter(
    (name) => request[name] !== undefined,
  );
  if (given.length > 0) {
    throw validation(
      `${given.join(', ')} can only be specified for symmetric encryption KMS keys, not for KeySpec ${key.keySpec}.`,
    );
  }
}

function unwrap(encrypted: Buffer, token: ImportTokenContents): Buffer {
  try {
    return unwrapKeyMaterial(encrypted, token.privateKey, token.wrappingAlgorithm);
  } catch (error) {
    // [unverified] AWS reportedly answers a direct-OAEP blob of the wrong length this way (noted in local-kms).
    if (error instanceof KeyMaterialUnwrapError && error.reason === 'size') {
      throw validation('Invalid encrypted key size.');
    }
    throw invalidCiphertext();
  } finally {
    token.privateKey.fill(0); // the opened token's copy of the wrapping private key
  }
}

const incorrectMaterial = (message: string): KmsError => new KmsError('IncorrectKeyMaterialException', message);

/** HMAC and asymmetric keys hold one material for life: the first import fixes it, later ones must repeat it. */
function placeOnlyMaterial(key: KeyRecord, id: string, material: Buffer, expiration: Expiration): void {
  const existing = key.materials[0];
  if (!existing) {
    key.materials.push({ id, state: 'CURRENT', ...importedFields(material, expiration) });
    return;
  }
  if (existing.id !== id) {
    throw incorrectMaterial(
      `The key material does not match the key material previously imported into ${key.arn}. ` +
        'A KMS key of this type can only ever hold the key material first imported into it.',
    );
  }
  restore(existing, material, expiration);
}

/** Symmetric keys: NEW / EXISTING import types, staging for on-demand rotation (kms-api.md §8.4 step 9). */
function placeSymmetricMaterial(
  key: KeyRecord,
  request: Request,
  id: string,
  material: Buffer,
  expiration: Expiration,
): void {
  const everImported = associatedMaterials(key).length > 0;
  const importType = request.ImportType ?? (everImported ? 'EXISTING_KEY_MATERIAL' : 'NEW_KEY_MATERIAL');
  const known = key.materials.find((m) => m.id === id);
  if (importType === 'EXISTING_KEY_MATERIAL') {
    if (request.KeyMaterialId !== undefined && request.KeyMaterialId !== id) {
      throw incorrectMaterial(`The key material does not match key material ${request.KeyMaterialId}.`);
    }
    if (!known) {
      throw incorrectMaterial(
        `The key material is not associated with ${key.arn}. ` +
          'Reimport key material that was imported into this KMS key before, or import new key material with ImportType NEW_KEY_MATERIAL.',
      );
    }
    restore(known, material, expiration);
    if (request.KeyMaterialDescription !== undefined) {
      known.description = request.KeyMaterialDescription;
    }
    return;
  }
  if (known) {
    throw incorrectMaterial(
      `Key material (id: ${id}) has already been imported into ${key.arn}. ` +
        'Reimport it with ImportType EXISTING_KEY_MATERIAL.',
    );
  }
  const pending = pendingRotationMaterial(key);
  if (pending) {
    throw invalidState(
      `New key material (id: ${id}) cannot be imported into KMS key ${key.arn}, ` +
        `because another key material (id: ${pending.id}) is pending rotation.`,
    ); // [aws-obs]
  }
  key.materials.push({
    id,
    state: everImported ? 'PENDING_ROTATION' : 'CURRENT',
    ...importedFields(material, expiration),
    ...(request.KeyMaterialDescription !== undefined ? { description: request.KeyMaterialDescription } : {}),
  });
}

function importedFields(
  material: Buffer,
  expiration: Expiration,
): Pick<MaterialRecord, 'material' | 'importState' | 'expirationModel' | 'validTo'> {
  return { material: material.toString('base64'), importState: 'IMPORTED', ...expiration };
}

/** A reimport brings the bytes back and replaces the expiration; the description stays unless a new one is given. */
function restore(record: MaterialRecord, material: Buffer, expiration: Expiration): void {
  record.material = material.toString('base64');
  record.importState = 'IMPORTED';
  record.expirationModel = expiration.expirationModel;
  if (expiration.validTo === undefined) {
    delete record.validTo;
  } else {
    record.validTo = expiration.validTo;
  }
}
