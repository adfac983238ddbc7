import type {
  AliasListEntry,
  GetKeyRotationStatusCommandOutput,
  KeyMetadata,
  RotationsListEntry,
} from '@aws-sdk/client-kms';
import type { KmsCall } from './kmsCall';

/** The KMS reads of the key catalogue (DescribeKey, and the paged listings it reads in full) and the shapes it makes of them. */

export interface AliasIndex {
  /** Alias names by target key id, sorted. */
  byKey: Map<string, string[]>;
  /** Keys that an `alias/aws/…` alias points at: every AWS managed key has one. */
  awsManaged: Set<string>;
}

export interface RotationInfo {
  automatic: boolean;
  periodInDays?: number;
  nextRotation?: Date;
  /** The most recent completed rotation, automatic or on demand. */
  lastRotation?: { date: Date; type?: string };
  onDemandRotationStarted?: Date;
}

/** A key as DescribeKey showed it. */
export interface DescribedKey {
  keyId: string;
  arn: string;
  /** Undefined when DescribeKey was denied; `problem` says why. */
  metadata?: KeyMetadata;
  problem?: string;
}

export const AWS_ALIAS = /^alias\/aws\//;

/** `arn:aws:kms:…:key/<id>` → `<id>`; a key id stays as it is. */
export function keyIdOf(keyIdOrArn: string): string {
  const match = /^arn:[^:]+:kms:[^:]*:\d*:key\/(.+)$/.exec(keyIdOrArn);
  return match ? match[1] : keyIdOrArn;
}

/** ListAliases, every page (100 a page, the most KMS returns). */
export async function listAllAliases(send: KmsCall, input: { KeyId?: string } = {}): Promise<AliasListEntry[]> {
  const all: AliasListEntry[] = [];
  let marker: string | undefined;
  do {
    const page = await send('ListAliases', { ...input, Limit: 100, ...(marker && { Marker: marker }) });
    all.push(...(page.Aliases ?? []));
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return all;
}

/** The alias names (`alias/…`) of one key, sorted. */
export async function aliasNamesOf(send: KmsCall, keyId: string): Promise<string[]> {
  const aliases = await listAllAliases(send, { KeyId: keyId });
  return aliases
    .map((a) => a.AliasName ?? '')
    .filter(Boolean)
    .sort();
}

/**
 * DescribeKey. A key the caller may not describe is still a key (with `problem`, and `knownArn` if one is known);
 * a deleted one is undefined.
 */
export async function describeKey(send: KmsCall, id: string, knownArn?: string): Promise<DescribedKey | undefined> {
  try {
    const { KeyMetadata: meta } = await send('DescribeKey', { KeyId: id });
    if (!meta?.KeyId || !meta.Arn) {
      throw new Error(`DescribeKey returned no key metadata for ${id}`);
    }
    return { keyId: meta.KeyId, arn: meta.Arn, metadata: meta };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'NotFoundException') {
      return undefined;
    }
    if (name === 'AccessDeniedException') {
      return { keyId: id, arn: knownArn ?? id, problem: `${name}: ${(error as Error).message}` };
    }
    throw error;
  }
}

/** ListKeyRotations with ALL_KEY_MATERIAL, every page. */
export async function listAllMaterials(send: KmsCall, keyId: string): Promise<RotationsListEntry[]> {
  const all: RotationsListEntry[] = [];
  let marker: string | undefined;
  do {
    const page = await send('ListKeyRotations', {
      KeyId: keyId,
      IncludeKeyMaterial: 'ALL_KEY_MATERIAL',
      Limit: 1000,
      ...(marker && { Marker: marker }),
    });
    all.push(...(page.Rotations ?? []));
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return all;
}

export function aliasIndex(aliases: readonly AliasListEntry[]): AliasIndex {
  const index: AliasIndex = { byKey: new Map(), awsManaged: new Set() };
  for (const { AliasName: name, TargetKeyId: target } of aliases) {
    if (!name || !target) {
      continue;
    } // predefined AWS aliases that point at no key yet
    index.byKey.set(target, [...(index.byKey.get(target) ?? []), name].sort());
    if (AWS_ALIAS.test(name)) {
      index.awsManaged.add(target);
    }
  }
  return index;
}

/** GetKeyRotationStatus plus the latest rotation among the materials. */
export function rotationInfo(
  status: GetKeyRotationStatusCommandOutput,
  materials: readonly RotationsListEntry[],
): RotationInfo {
  const last = materials
    .filter((m): m is RotationsListEntry & { RotationDate: Date } => m.RotationDate instanceof Date)
    .sort((a, b) => b.RotationDate.getTime() - a.RotationDate.getTime())[0];
  return {
    automatic: status.KeyRotationEnabled === true,
    ...(status.RotationPeriodInDays !== undefined && { periodInDays: status.RotationPeriodInDays }),
    ...(status.NextRotationDate && { nextRotation: status.NextRotationDate }),
    ...(last && { lastRotation: { date: last.RotationDate, ...(last.RotationType && { type: last.RotationType }) } }),
    ...(status.OnDemandRotationStartDate && { onDemandRotationStarted: status.OnDemandRotationStartDate }),
  };
}
