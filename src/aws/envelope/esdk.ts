import type * as Esdk from '@aws-crypto/client-node';
import type * as KmsSdk from '@aws-sdk/client-kms';
import type { EncryptSuiteName } from '../../core/envelopeFormat';

/**
 * The AWS Encryption SDK, loaded on first use (not at activation: it is most of the bundle), with the settings
 * every message of this extension is made and read with (DESIGN.md §2).
 */

export interface Sdks {
  esdk: typeof Esdk;
  kms: typeof KmsSdk;
}

let loading: Promise<Sdks> | undefined;

export async function loadSdks(): Promise<Sdks> {
  loading ??= Promise.all([import('@aws-crypto/client-node'), import('@aws-sdk/client-kms')]).then(([esdk, kms]) => ({
    esdk,
    kms,
  }));
  return loading;
}

export type EsdkClient = ReturnType<typeof Esdk.buildClient>;
export type MaterialsManager = Esdk.NodeMaterialsManager;
export type Keyring = Esdk.KeyringNode;

/** REQUIRE_ENCRYPT_REQUIRE_DECRYPT: only key-committing suites, for writing and for reading. */
export function esdkClient(esdk: typeof Esdk, maxEncryptedDataKeys: number): EsdkClient {
  return esdk.buildClient({
    commitmentPolicy: esdk.CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
    maxEncryptedDataKeys,
  });
}

export const DEFAULT_SUITE: EncryptSuiteName = 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384';

/**
 * 1 MiB frames. `node bench/envelope.mjs --frames` at 64 MiB (encrypt without verification / decrypt, MiB/s):
 * 64 KiB 63/75, 256 KiB 93/100, 1 MiB 107/108, 4 MiB 117/118; the ESDK's own default, 4 KiB, 25/23. Past 1 MiB the
 * per-frame costs (a body header, a tag, a cipher object, stream callbacks) are lost next to hashing and AES-GCM,
 * while memory grows with the frame: a decrypting reader buffers a whole frame before it releases any of it.
 */
export const DEFAULT_FRAME_LENGTH = 1024 * 1024;

/** Frames we accept when decrypting: bounds the memory a hostile header can make the ESDK buffer. */
export const MAX_FRAME_LENGTH = 64 * 1024 * 1024;

/** Files up to this size are read, encrypted and written in one go; larger ones are streamed with flat memory. */
export const ONE_SHOT_MAX_BYTES = 4 * 1024 * 1024;

export const DEFAULT_MAX_ENCRYPTED_DATA_KEYS = 10;

export function suiteId(esdk: typeof Esdk, name: EncryptSuiteName): Esdk.AlgorithmSuiteIdentifier {
  return esdk.AlgorithmSuiteIdentifier[name];
}
