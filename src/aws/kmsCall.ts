import type * as Kms from '@aws-sdk/client-kms';

/**
 * One typed way to send a KMS request by operation name. The SDK module is imported on the first request, not
 * at activation. Tests and the key catalogue take a `KmsCall`, so a fake is a plain function.
 */

export interface KmsOperations {
  ListKeys: [Kms.ListKeysCommandInput, Kms.ListKeysCommandOutput];
  ListAliases: [Kms.ListAliasesCommandInput, Kms.ListAliasesCommandOutput];
  DescribeKey: [Kms.DescribeKeyCommandInput, Kms.DescribeKeyCommandOutput];
  ListKeyRotations: [Kms.ListKeyRotationsCommandInput, Kms.ListKeyRotationsCommandOutput];
  GetKeyRotationStatus: [Kms.GetKeyRotationStatusCommandInput, Kms.GetKeyRotationStatusCommandOutput];
  CreateKey: [Kms.CreateKeyCommandInput, Kms.CreateKeyCommandOutput];
  CreateAlias: [Kms.CreateAliasCommandInput, Kms.CreateAliasCommandOutput];
  DeleteAlias: [Kms.DeleteAliasCommandInput, Kms.DeleteAliasCommandOutput];
  UpdateKeyDescription: [Kms.UpdateKeyDescriptionCommandInput, Kms.UpdateKeyDescriptionCommandOutput];
  EnableKey: [Kms.EnableKeyCommandInput, Kms.EnableKeyCommandOutput];
  DisableKey: [Kms.DisableKeyCommandInput, Kms.DisableKeyCommandOutput];
  ScheduleKeyDeletion: [Kms.ScheduleKeyDeletionCommandInput, Kms.ScheduleKeyDeletionCommandOutput];
  CancelKeyDeletion: [Kms.CancelKeyDeletionCommandInput, Kms.CancelKeyDeletionCommandOutput];
  EnableKeyRotation: [Kms.EnableKeyRotationCommandInput, Kms.EnableKeyRotationCommandOutput];
  DisableKeyRotation: [Kms.DisableKeyRotationCommandInput, Kms.DisableKeyRotationCommandOutput];
  RotateKeyOnDemand: [Kms.RotateKeyOnDemandCommandInput, Kms.RotateKeyOnDemandCommandOutput];
  DeleteImportedKeyMaterial: [Kms.DeleteImportedKeyMaterialCommandInput, Kms.DeleteImportedKeyMaterialCommandOutput];
  Encrypt: [Kms.EncryptCommandInput, Kms.EncryptCommandOutput];
  Decrypt: [Kms.DecryptCommandInput, Kms.DecryptCommandOutput];
  GenerateDataKey: [Kms.GenerateDataKeyCommandInput, Kms.GenerateDataKeyCommandOutput];
  GetParametersForImport: [Kms.GetParametersForImportCommandInput, Kms.GetParametersForImportCommandOutput];
  ImportKeyMaterial: [Kms.ImportKeyMaterialCommandInput, Kms.ImportKeyMaterialCommandOutput];
  GetKeyPolicy: [Kms.GetKeyPolicyCommandInput, Kms.GetKeyPolicyCommandOutput];
  PutKeyPolicy: [Kms.PutKeyPolicyCommandInput, Kms.PutKeyPolicyCommandOutput];
}

export type KmsOperation = keyof KmsOperations;
export type KmsInput<Op extends KmsOperation> = KmsOperations[Op][0];
export type KmsOutput<Op extends KmsOperation> = KmsOperations[Op][1];

export type KmsCall = <Op extends KmsOperation>(
  operation: Op,
  input: KmsInput<Op>,
  signal?: AbortSignal,
) => Promise<KmsOutput<Op>>;

type Sendable = Parameters<Kms.KMSClient['send']>[0];
type KmsModule = typeof import('@aws-sdk/client-kms');

/** A KmsCall that sends through `client` (a KMSClient from the connection). */
export function kmsCall(
  client: Pick<Kms.KMSClient, 'send'>,
  loadSdk: () => Promise<KmsModule> = async () => import('@aws-sdk/client-kms'),
): KmsCall {
  return async <Op extends KmsOperation>(
    operation: Op,
    input: KmsInput<Op>,
    signal?: AbortSignal,
  ): Promise<KmsOutput<Op>> => {
    const sdk = await loadSdk();
    const Command = sdk[`${operation}Command`] as unknown as new (input: KmsInput<Op>) => Sendable;
    return client.send(new Command(input), signal ? { abortSignal: signal } : {}) as Promise<KmsOutput<Op>>;
  };
}
