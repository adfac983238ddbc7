import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import {
  DisableKeyCommand,
  GenerateMacCommand,
  ScheduleKeyDeletionCommand,
  VerifyMacCommand,
  type MacAlgorithmSpec,
} from '@aws-sdk/client-kms';
import { expectSilentError, wrongUsage } from './cryptoSupport';
import { importMaterial } from './importSupport';
import { createKey, expectKmsError } from './keyFixtures';
import { useSandbox } from './support';

/** GenerateMac and VerifyMac with HMAC keys. */

const SPECS = ['HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512'] as const;
const algorithmOf = (spec: string): MacAlgorithmSpec => `HMAC_SHA_${spec.slice(5)}` as MacAlgorithmSpec;

describe('sandbox GenerateMac and VerifyMac', () => {
  const message = Buffer.from('authenticate me');

  const fx = useSandbox();

  const generate = async (keyId: string, algorithm: MacAlgorithmSpec, data = message): Promise<Buffer> => {
    const out = await fx.kms.send(new GenerateMacCommand({ KeyId: keyId, MacAlgorithm: algorithm, Message: data }));
    return Buffer.from(out.Mac ?? []);
  };
  const verifyMac = async (keyId: string, algorithm: MacAlgorithmSpec, mac: Buffer, data = message) =>
    fx.kms.send(new VerifyMacCommand({ KeyId: keyId, MacAlgorithm: algorithm, Message: data, Mac: mac }));

  for (const spec of SPECS) {
    it(`${spec}: generates an HMAC that VerifyMac accepts, and rejects a different one without a message`, async () => {
      const key = await createKey(fx.kms, { KeySpec: spec, KeyUsage: 'GENERATE_VERIFY_MAC' });
      const algorithm = algorithmOf(spec);
      const out = await fx.kms.send(
        new GenerateMacCommand({ KeyId: key.KeyId, MacAlgorithm: algorithm, Message: message }),
      );
      assert.deepEqual([out.KeyId, out.MacAlgorithm, out.Mac?.length], [key.Arn, algorithm, Number(spec.slice(5)) / 8]);
      const mac = Buffer.from(out.Mac ?? []);
      const verified = await verifyMac(key.Arn, algorithm, mac);
      assert.deepEqual([verified.KeyId, verified.MacValid, verified.MacAlgorithm], [key.Arn, true, algorithm]);
      await expectSilentError(
        async () => verifyMac(key.KeyId, algorithm, mac, Buffer.from('authenticate me!')),
        'KMSInvalidMacException',
      );
      const altered = Buffer.from(mac);
      altered[0] ^= 1;
      await expectSilentError(async () => verifyMac(key.KeyId, algorithm, altered), 'KMSInvalidMacException');
      await expectSilentError(async () => verifyMac(key.KeyId, algorithm, mac.subarray(1)), 'KMSInvalidMacException');
    });
  }

  it('computes HMAC with the key material, as Node does with the same (imported) bytes', async () => {
    const material = randomBytes(32);
    const key = await createKey(fx.kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC', Origin: 'EXTERNAL' });
    await importMaterial(fx.kms, key.KeyId, material);
    assert.deepEqual(
      await generate(key.KeyId, 'HMAC_SHA_256'),
      createHmac('sha256', material).update(message).digest(),
    );
  });

  it('is deterministic for the same key and message', async () => {
    const key = await createKey(fx.kms, { KeySpec: 'HMAC_384', KeyUsage: 'GENERATE_VERIFY_MAC' });
    assert.deepEqual(await generate(key.KeyId, 'HMAC_SHA_384'), await generate(key.KeyId, 'HMAC_SHA_384'));
  });

  it('refuses an algorithm that does not match the key spec with the exact text', async () => {
    const key = await createKey(fx.kms, { KeySpec: 'HMAC_224', KeyUsage: 'GENERATE_VERIFY_MAC' });
    await expectKmsError(
      async () => generate(key.KeyId, 'HMAC_SHA_256'),
      'InvalidKeyUsageException',
      'Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.',
    );
    await expectKmsError(
      async () => verifyMac(key.KeyId, 'HMAC_SHA_512', Buffer.alloc(28)),
      'InvalidKeyUsageException',
      'Algorithm HMAC_SHA_512 is incompatible with key spec HMAC_224.',
    );
  });

  it('rejects an unknown MacAlgorithm with the enum text AWS sends', async () => {
    const key = await createKey(fx.kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    await expectKmsError(
      async () => generate(key.KeyId, 'INVALID' as MacAlgorithmSpec),
      'ValidationException',
      "1 validation error detected: Value 'INVALID' at 'macAlgorithm' failed to satisfy constraint: " +
        'Member must satisfy enum value set: [HMAC_SHA_384, HMAC_SHA_256, HMAC_SHA_224, HMAC_SHA_512]',
    );
  });

  it('refuses keys whose usage is not GENERATE_VERIFY_MAC', async () => {
    const symmetric = await createKey(fx.kms);
    await expectKmsError(
      async () => generate(symmetric.KeyId, 'HMAC_SHA_256'),
      'InvalidKeyUsageException',
      wrongUsage(symmetric.Arn, 'ENCRYPT_DECRYPT', 'GenerateMac'),
    );
    await expectKmsError(
      async () => verifyMac(symmetric.KeyId, 'HMAC_SHA_256', Buffer.alloc(32)),
      'InvalidKeyUsageException',
      wrongUsage(symmetric.Arn, 'ENCRYPT_DECRYPT', 'VerifyMac'),
    );
  });

  it('takes a message of 1 to 4096 bytes and a MAC of at most 6144 bytes', async () => {
    const key = await createKey(fx.kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    await generate(key.KeyId, 'HMAC_SHA_256', Buffer.alloc(4096));
    await expectKmsError(
      async () => generate(key.KeyId, 'HMAC_SHA_256', Buffer.alloc(0)),
      'ValidationException',
      "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    await expectKmsError(
      async () => verifyMac(key.KeyId, 'HMAC_SHA_256', Buffer.alloc(6145)),
      'ValidationException',
      "1 validation error detected: Value at 'mac' failed to satisfy constraint: Member must have length less than or equal to 6144",
    );
  });

  it('applies the key-state rules and DryRun', async () => {
    const key = await createKey(fx.kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    await expectKmsError(
      async () =>
        fx.kms.send(
          new GenerateMacCommand({ KeyId: key.KeyId, MacAlgorithm: 'HMAC_SHA_256', Message: message, DryRun: true }),
        ),
      'DryRunOperationException',
      'The request would have succeeded, but the DryRun option is set.',
    );
    await expectSilentError(
      async () =>
        fx.kms.send(
          new VerifyMacCommand({
            KeyId: key.KeyId,
            MacAlgorithm: 'HMAC_SHA_256',
            Message: message,
            Mac: Buffer.alloc(32),
            DryRun: true,
          }),
        ),
      'KMSInvalidMacException',
    );
    await fx.kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    await expectKmsError(
      async () => generate(key.KeyId, 'HMAC_SHA_256'),
      'DisabledException',
      `${key.Arn} is disabled.`,
    );
    await fx.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    await expectKmsError(
      async () => generate(key.KeyId, 'HMAC_SHA_256'),
      'KMSInvalidStateException',
      `${key.Arn} is pending deletion.`,
    );
  });
});
