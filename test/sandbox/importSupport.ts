import assert from 'node:assert/strict';
import {
  CreateKeyCommand,
  DescribeKeyCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  ListKeyRotationsCommand,
  type CreateKeyCommandInput,
  type ImportKeyMaterialCommandInput,
  type ImportKeyMaterialCommandOutput,
  type KMSClient,
  type KeyMetadata,
  type RotationsListEntry,
} from '@aws-sdk/client-kms';
import { wrapKeyMaterial, type WrappingAlgorithm, type WrappingKeySpec } from '../../src/core/keyMaterialWrap';
import type { RunningSandbox } from '../../src/sandbox/sandbox';

export { expectKmsError } from './support';

/** Shared steps of the import and material-rotation tests. */

export const DAY_MS = 86_400_000;

export interface TestKey {
  KeyId: string;
  Arn: string;
}

export async function createExternalKey(kms: KMSClient, input: CreateKeyCommandInput = {}): Promise<TestKey> {
  const { KeyMetadata: meta } = await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL', ...input }));
  assert.ok(meta?.KeyId && meta.Arn);
  return { KeyId: meta.KeyId, Arn: meta.Arn };
}

export async function describeKey(kms: KMSClient, keyId: string): Promise<KeyMetadata> {
  const { KeyMetadata: meta } = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
  assert.ok(meta);
  return meta;
}

export interface ImportParameters {
  publicKey: Buffer;
  token: Buffer;
  validTo: Date;
  keyId: string;
}

export async function getParameters(
  kms: KMSClient,
  keyId: string,
  algorithm: WrappingAlgorithm = 'RSAES_OAEP_SHA_256',
  spec: WrappingKeySpec = 'RSA_2048',
): Promise<ImportParameters> {
  const out = await kms.send(
    new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: spec }),
  );
  assert.ok(out.PublicKey && out.ImportToken && out.ParametersValidTo && out.KeyId);
  return {
    publicKey: Buffer.from(out.PublicKey),
    token: Buffer.from(out.ImportToken),
    validTo: out.ParametersValidTo,
    keyId: out.KeyId,
  };
}

export type ImportOptions = Partial<
  Omit<ImportKeyMaterialCommandInput, 'KeyId' | 'ImportToken' | 'EncryptedKeyMaterial'>
> & {
  algorithm?: WrappingAlgorithm;
  spec?: WrappingKeySpec;
  /** Reuse these parameters instead of asking for new ones. */
  parameters?: ImportParameters;
};

/** GetParametersForImport, wrap with src/core, ImportKeyMaterial. Material never expires unless the options say so. */
export async function importMaterial(
  kms: KMSClient,
  keyId: string,
  material: Buffer,
  options: ImportOptions = {},
): Promise<ImportKeyMaterialCommandOutput> {
  const { algorithm = 'RSAES_OAEP_SHA_256', spec = 'RSA_2048', parameters, ...rest } = options;
  const params = parameters ?? (await getParameters(kms, keyId, algorithm, spec));
  const expiration =
    rest.ExpirationModel === undefined && rest.ValidTo === undefined
      ? { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' as const }
      : {};
  return kms.send(
    new ImportKeyMaterialCommand({
      KeyId: keyId,
      ImportToken: params.token,
      EncryptedKeyMaterial: wrapKeyMaterial(material, params.publicKey, algorithm),
      ...expiration,
      ...rest,
    }),
  );
}

/** ImportKeyMaterial of material the test wrapped itself (its own bytes, openssl), never expiring. */
export async function importWrapped(
  kms: KMSClient,
  keyId: string,
  token: Uint8Array,
  encrypted: Uint8Array,
): Promise<ImportKeyMaterialCommandOutput> {
  return kms.send(
    new ImportKeyMaterialCommand({
      KeyId: keyId,
      ImportToken: token,
      EncryptedKeyMaterial: encrypted,
      ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    }),
  );
}

export async function listRotations(
  kms: KMSClient,
  keyId: string,
  include?: 'ALL_KEY_MATERIAL' | 'ROTATIONS_ONLY',
): Promise<RotationsListEntry[]> {
  const out = await kms.send(
    new ListKeyRotationsCommand({ KeyId: keyId, ...(include ? { IncludeKeyMaterial: include } : {}) }),
  );
  assert.equal(out.Truncated, false);
  return out.Rotations ?? [];
}

/** A clock the tests move by hand; the sandbox reads it through `openSandbox({ now })`. */
export class TestClock {
  constructor(public ms = Date.UTC(2026, 0, 1, 12)) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** The material record the sandbox holds, read from its state: for checks no KMS operation exposes. */
export function storedMaterials(
  sandbox: RunningSandbox,
  keyId: string,
): Array<{ id: string; material?: string; state: string }> {
  const key = sandbox.service.context.state.keys.find((k) => k.keyId === keyId);
  assert.ok(key, `key ${keyId} in the sandbox state`);
  return key.materials;
}

export const HEX64 = /^[0-9a-f]{64}$/;
