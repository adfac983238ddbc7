import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecryptCommand, EncryptCommand, GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { WrappingAlgorithm, WrappingKeySpec } from '../../src/core/keyMaterialWrap';
import { hasOpenssl, opensslOaepEncrypt, opensslRsaAesKeyWrap, runOpenssl } from '../support/openssl';
import { openSandbox, type SandboxFixture } from './support';
import { createExternalKey, describeKey, getParameters, importWrapped } from './importSupport';

/**
 * Material wrapped with the OpenSSL CLI, following the recipes of the AWS docs ("Encrypt key material with OpenSSL"):
 * `openssl pkeyutl` RSA-OAEP for RSAES_OAEP_*, and for RSA_AES_KEY_WRAP_* the pkeyutl-wrapped AES key followed by
 * `openssl enc -id-aes256-wrap-pad`. Proves the sandbox reads what real tooling writes, not only what src/core writes.
 */

describe('sandbox import: material wrapped with the openssl CLI', function () {
  this.timeout(60_000);
  let fx: SandboxFixture;
  let dir: string;
  const openssl = (...args: string[]): Buffer => runOpenssl(dir, ...args);
  const file = (name: string): Buffer => readFileSync(join(dir, name));

  before(async function () {
    if (!hasOpenssl) {
      console.warn('    (skipped: the openssl CLI is not on PATH)');
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'kms-openssl-'));
    fx = await openSandbox();
  });
  after(async () => {
    if (dir) {
      rmSync(dir, { recursive: true, force: true });
    }
    await fx?.close();
  });

  /** GetParametersForImport, then the public key written as WrappingPublicKey.bin (DER, as the CLI's base64 decodes to). */
  async function parametersToFiles(
    kms: KMSClient,
    keyId: string,
    algorithm: WrappingAlgorithm,
    spec: WrappingKeySpec,
  ): Promise<Buffer> {
    const params = await getParameters(kms, keyId, algorithm, spec);
    writeFileSync(join(dir, 'WrappingPublicKey.bin'), params.publicKey);
    return params.token;
  }

  const pkeyutlEncrypt = (input: string, output: string, hash: 'sha1' | 'sha256'): void =>
    opensslOaepEncrypt(dir, 'WrappingPublicKey.bin', input, output, hash);
  const rsaAesKeyWrap = (material: string, hash: 'sha1' | 'sha256'): Buffer =>
    opensslRsaAesKeyWrap(dir, 'WrappingPublicKey.bin', material, hash);

  const importBlob = async (keyId: string, token: Buffer, encrypted: Buffer): Promise<unknown> =>
    importWrapped(fx.kms, keyId, token, encrypted);

  async function roundTrip(keyId: string): Promise<void> {
    const plaintext = Buffer.from('wrapped by openssl');
    const { CiphertextBlob } = await fx.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }));
    const { Plaintext } = await fx.kms.send(new DecryptCommand({ CiphertextBlob }));
    assert.deepEqual(Buffer.from(Plaintext ?? []), plaintext);
  }

  it('imports 32 random bytes wrapped with pkeyutl RSAES_OAEP_SHA_256 (RSA_2048) and encrypts with them', async () => {
    const key = await createExternalKey(fx.kms);
    const token = await parametersToFiles(fx.kms, key.KeyId, 'RSAES_OAEP_SHA_256', 'RSA_2048');
    openssl('rand', '-out', 'PlaintextKeyMaterial.bin', '32');
    pkeyutlEncrypt('PlaintextKeyMaterial.bin', 'EncryptedKeyMaterial.bin', 'sha256');
    await importBlob(key.KeyId, token, file('EncryptedKeyMaterial.bin'));
    assert.equal((await describeKey(fx.kms, key.KeyId)).KeyState, 'Enabled');
    await roundTrip(key.KeyId);
  });

  it('imports symmetric material wrapped with pkeyutl RSAES_OAEP_SHA_1 (RSA_3072)', async () => {
    const key = await createExternalKey(fx.kms);
    const token = await parametersToFiles(fx.kms, key.KeyId, 'RSAES_OAEP_SHA_1', 'RSA_3072');
    openssl('rand', '-out', 'PlaintextKeyMaterial.bin', '32');
    pkeyutlEncrypt('PlaintextKeyMaterial.bin', 'EncryptedKeyMaterial.bin', 'sha1');
    await importBlob(key.KeyId, token, file('EncryptedKeyMaterial.bin'));
    await roundTrip(key.KeyId);
  });

  it('imports symmetric material wrapped with the RSA_AES_KEY_WRAP_SHA_256 recipe (RSA_4096)', async () => {
    const key = await createExternalKey(fx.kms);
    const token = await parametersToFiles(fx.kms, key.KeyId, 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_4096');
    openssl('rand', '-out', 'PlaintextKeyMaterial.bin', '32');
    await importBlob(key.KeyId, token, rsaAesKeyWrap('PlaintextKeyMaterial.bin', 'sha256'));
    await roundTrip(key.KeyId);
  });

  it('imports an openssl RSA_2048 private key (PKCS#8 DER) via RSA_AES_KEY_WRAP_SHA_256; GetPublicKey and signatures match openssl', async () => {
    const key = await createExternalKey(fx.kms, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    const token = await parametersToFiles(fx.kms, key.KeyId, 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_2048');
    const pem = openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048');
    writeFileSync(join(dir, 'key.pem'), pem);
    openssl('pkcs8', '-topk8', '-in', 'key.pem', '-outform', 'DER', '-nocrypt', '-out', 'PlaintextKeyMaterial.der');
    await importBlob(key.KeyId, token, rsaAesKeyWrap('PlaintextKeyMaterial.der', 'sha256'));
    assert.equal((await describeKey(fx.kms, key.KeyId)).KeyState, 'Enabled');

    const publicDer = openssl(
      'pkey',
      '-in',
      'PlaintextKeyMaterial.der',
      '-inform',
      'DER',
      '-pubout',
      '-outform',
      'DER',
    );
    const { PublicKey } = await fx.kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
    assert.deepEqual(Buffer.from(PublicKey ?? []), publicDer);
    const message = Buffer.from('signed by the sandbox, verified by openssl');
    writeFileSync(join(dir, 'message.bin'), message);
    writeFileSync(join(dir, 'public.der'), publicDer);
    const { Signature } = await fx.kms.send(
      new SignCommand({
        KeyId: key.KeyId,
        Message: message,
        MessageType: 'RAW',
        SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
      }),
    );
    writeFileSync(join(dir, 'signature.bin'), Signature ?? new Uint8Array());
    assert.match(
      openssl(
        'dgst',
        '-sha256',
        '-verify',
        'public.der',
        '-keyform',
        'DER',
        '-signature',
        'signature.bin',
        'message.bin',
      ).toString(),
      /Verified OK/,
    );
  });

  it('imports an openssl P-384 private key via RSA_AES_KEY_WRAP_SHA_1 (RSA_3072)', async () => {
    const key = await createExternalKey(fx.kms, { KeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY' });
    const token = await parametersToFiles(fx.kms, key.KeyId, 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_3072');
    writeFileSync(join(dir, 'ec.pem'), openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'));
    openssl('pkcs8', '-topk8', '-in', 'ec.pem', '-outform', 'DER', '-nocrypt', '-out', 'PlaintextKeyMaterial.der');
    await importBlob(key.KeyId, token, rsaAesKeyWrap('PlaintextKeyMaterial.der', 'sha1'));
    const { PublicKey } = await fx.kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
    assert.deepEqual(
      Buffer.from(PublicKey ?? []),
      openssl('pkey', '-in', 'PlaintextKeyMaterial.der', '-inform', 'DER', '-pubout', '-outform', 'DER'),
    );
  });

  it('imports 64 bytes of HMAC_512 material wrapped with pkeyutl RSAES_OAEP_SHA_1', async () => {
    const key = await createExternalKey(fx.kms, { KeySpec: 'HMAC_512', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const token = await parametersToFiles(fx.kms, key.KeyId, 'RSAES_OAEP_SHA_1', 'RSA_2048');
    openssl('rand', '-out', 'PlaintextKeyMaterial.bin', '64');
    pkeyutlEncrypt('PlaintextKeyMaterial.bin', 'EncryptedKeyMaterial.bin', 'sha1');
    await importBlob(key.KeyId, token, file('EncryptedKeyMaterial.bin'));
    assert.equal((await describeKey(fx.kms, key.KeyId)).KeyState, 'Enabled');
  });
});
