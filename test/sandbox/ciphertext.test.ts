import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  DecryptCommand,
  DeleteImportedKeyMaterialCommand,
  EncryptCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { canonicalContext, openBlob, parseBlob, sealBlob } from '../../src/sandbox/ciphertext';
import { decrypt, encrypt, expectInvalidCiphertext } from './cryptoSupport';
import { importMaterial } from './importSupport';
import { createKey, expectKmsError, TestClock } from './keyFixtures';
import { openSandbox, useSandbox } from './support';

/** The symmetric ciphertext blob (kms-api.md §9): format, authentication, and what Decrypt says about bad blobs. */

const MISSING_KEY =
  'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.';

describe('sandbox ciphertext blob', () => {
  describe('format', () => {
    const owner = { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', materialId: 'ab'.repeat(32) };
    const materialKey = randomBytes(32);

    it('names its key and material in an authenticated header: magic, id, material id, check, nonce, body, tag', () => {
      const blob = sealBlob(owner, materialKey, Buffer.from('hello'), { a: 'b' });
      assert.equal(blob.length, 4 + 1 + 36 + 32 + 4 + 12 + 5 + 16);
      const parsed = parseBlob(blob);
      assert.ok(parsed);
      assert.deepEqual([parsed.keyId, parsed.materialId], [owner.keyId, owner.materialId]);
      assert.deepEqual(openBlob(parsed, materialKey, { a: 'b' }), Buffer.from('hello'));
      assert.equal(openBlob(parsed, randomBytes(32), { a: 'b' }), undefined);
    });

    it('encodes the context unambiguously, independent of order, with empty = absent', () => {
      assert.notDeepEqual(canonicalContext({ ab: 'c' }), canonicalContext({ a: 'bc' }));
      assert.notDeepEqual(canonicalContext({ a: 'b', c: 'd' }), canonicalContext({ a: 'bcd' }));
      assert.deepEqual(canonicalContext({ x: '1', y: '2' }), canonicalContext({ y: '2', x: '1' }));
      assert.deepEqual(canonicalContext({}), Buffer.alloc(0));
      assert.deepEqual(canonicalContext(undefined), Buffer.alloc(0));
    });

    it('sorts context keys by their UTF-8 bytes, not by UTF-16 code units', () => {
      // U+FF61 (UTF-8 EF BD A1) sorts before U+1F600 (F0 9F 98 80) in UTF-8, after it in UTF-16.
      const encoded = canonicalContext({ '\u{1F600}': 'x', '\uFF61': 'y' });
      assert.deepEqual(encoded.subarray(4, 7), Buffer.from('\uFF61', 'utf8'));
    });
  });

  describe('Decrypt of damaged blobs', () => {
    let key: { KeyId: string; Arn: string };
    let blob: Buffer;
    const plaintext = Buffer.from('sixteen bytes!!!');

    const fx = useSandbox();
    before(async () => {
      key = await createKey(fx.kms);
      blob = await encrypt(fx.kms, key.KeyId, plaintext, { tenant: 'blue' });
    });

    it('answers InvalidCiphertextException without a message for a change in any byte: header, nonce, body or tag', async () => {
      const regions = {
        magic: [0, 4],
        keyIdLength: [4, 5],
        keyId: [5, 41],
        materialId: [41, 73],
        check: [73, 77],
        nonce: [77, 89],
        body: [89, 105],
        tag: [105, 121],
      };
      assert.equal(blob.length, 121);
      for (const [region, [from, to]] of Object.entries(regions)) {
        for (let i = from; i < to; i++) {
          const altered = Buffer.from(blob);
          altered[i] ^= 0x01;
          await expectInvalidCiphertext(async () => decrypt(fx.kms, altered, { tenant: 'blue' })).catch(
            (error: Error) => {
              throw new Error(`byte ${i} (${region}): ${error.message}`);
            },
          );
        }
      }
      assert.deepEqual(await decrypt(fx.kms, blob, { tenant: 'blue' }), plaintext);
    });

    it('answers InvalidCiphertextException for every truncation and for an appended byte', async () => {
      for (let length = 1; length < blob.length; length++) {
        await expectInvalidCiphertext(async () => decrypt(fx.kms, blob.subarray(0, length), { tenant: 'blue' }));
      }
      await expectInvalidCiphertext(async () =>
        decrypt(fx.kms, Buffer.concat([blob, Buffer.from([0])]), { tenant: 'blue' }),
      );
    });

    it('answers InvalidCiphertextException for garbage, with or without a KeyId', async () => {
      for (const garbage of [
        Buffer.from([1]),
        randomBytes(121),
        randomBytes(6144),
        Buffer.concat([Buffer.from('LKM1'), randomBytes(200)]),
      ]) {
        await expectInvalidCiphertext(async () => decrypt(fx.kms, garbage));
        await expectInvalidCiphertext(async () =>
          fx.kms.send(new DecryptCommand({ CiphertextBlob: garbage, KeyId: key.Arn })),
        );
      }
    });

    it('answers AccessDeniedException for an intact blob naming a key this KMS does not have', async () => {
      const elsewhere = await openSandbox();
      try {
        const foreign = await encrypt(elsewhere.kms, (await createKey(elsewhere.kms)).KeyId, plaintext);
        await expectKmsError(async () => decrypt(fx.kms, foreign), 'AccessDeniedException', MISSING_KEY);
      } finally {
        await elsewhere.close();
      }
    });
  });

  describe('the key and material behind a blob', () => {
    it('answers AccessDeniedException once the key is deleted, and IncorrectKeyException when another KeyId is named', async () => {
      const clock = new TestClock();
      const fx = await openSandbox({ now: clock.now });
      try {
        const doomed = await createKey(fx.kms);
        const survivor = await createKey(fx.kms);
        const blob = await encrypt(fx.kms, doomed.KeyId, Buffer.from('x'));
        await fx.kms.send(new ScheduleKeyDeletionCommand({ KeyId: doomed.KeyId, PendingWindowInDays: 7 }));
        await expectKmsError(
          async () => decrypt(fx.kms, blob),
          'KMSInvalidStateException',
          `${doomed.Arn} is pending deletion.`,
        );
        clock.advanceDays(8);
        await expectKmsError(async () => decrypt(fx.kms, blob), 'AccessDeniedException', MISSING_KEY);
        await expectKmsError(
          async () => fx.kms.send(new DecryptCommand({ CiphertextBlob: blob, KeyId: survivor.KeyId })),
          'IncorrectKeyException',
        );
      } finally {
        await fx.close();
      }
    });

    it('decrypts with imported material, is PendingImport while it is deleted, and decrypts again once re-imported', async () => {
      const fx = await openSandbox();
      try {
        const material = randomBytes(32);
        const key = await createKey(fx.kms, { Origin: 'EXTERNAL' });
        const imported = await importMaterial(fx.kms, key.KeyId, material);
        const blob = await encrypt(fx.kms, key.KeyId, Buffer.from('mine'));
        const out = await fx.kms.send(new DecryptCommand({ CiphertextBlob: blob }));
        assert.equal(out.KeyMaterialId, imported.KeyMaterialId);
        await fx.kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }));
        await expectKmsError(
          async () => decrypt(fx.kms, blob),
          'KMSInvalidStateException',
          `${key.Arn} is pending import.`,
        );
        await importMaterial(fx.kms, key.KeyId, material);
        assert.equal((await decrypt(fx.kms, blob)).toString(), 'mine');
      } finally {
        await fx.close();
      }
    });

    it('is PendingImport once imported material expires', async () => {
      const clock = new TestClock();
      const fx = await openSandbox({ now: clock.now });
      try {
        const key = await createKey(fx.kms, { Origin: 'EXTERNAL' });
        await importMaterial(fx.kms, key.KeyId, randomBytes(32), {
          ExpirationModel: 'KEY_MATERIAL_EXPIRES',
          ValidTo: new Date(clock.ms + 2 * 86_400_000),
        });
        const blob = await encrypt(fx.kms, key.KeyId, Buffer.from('short-lived'));
        clock.advanceDays(3);
        await expectKmsError(
          async () => decrypt(fx.kms, blob),
          'KMSInvalidStateException',
          `${key.Arn} is pending import.`,
        );
      } finally {
        await fx.close();
      }
    });

    it('after rotating imported material, decrypts old blobs with the NON_CURRENT material and needs all of it present', async () => {
      const fx = await openSandbox();
      try {
        const [first, second] = [randomBytes(32), randomBytes(32)];
        const key = await createKey(fx.kms, { Origin: 'EXTERNAL' });
        const m1 = (await importMaterial(fx.kms, key.KeyId, first)).KeyMaterialId;
        const oldBlob = await encrypt(fx.kms, key.KeyId, Buffer.from('old'));
        const m2 = (await importMaterial(fx.kms, key.KeyId, second, { ImportType: 'NEW_KEY_MATERIAL' })).KeyMaterialId;
        await fx.kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
        const newBlob = Buffer.from(
          (await fx.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('new') }))).CiphertextBlob ??
            [],
        );
        assert.equal((await fx.kms.send(new DecryptCommand({ CiphertextBlob: oldBlob }))).KeyMaterialId, m1);
        assert.equal((await fx.kms.send(new DecryptCommand({ CiphertextBlob: newBlob }))).KeyMaterialId, m2);
        await fx.kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId, KeyMaterialId: m1 }));
        await expectKmsError(
          async () => decrypt(fx.kms, newBlob),
          'KMSInvalidStateException',
          `${key.Arn} is pending import.`,
        );
        await importMaterial(fx.kms, key.KeyId, first, { ImportType: 'EXISTING_KEY_MATERIAL' });
        assert.equal((await decrypt(fx.kms, oldBlob)).toString(), 'old');
      } finally {
        await fx.close();
      }
    });
  });
});
