import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  getClient,
  KMS,
  KmsKeyringNode,
} from '@aws-crypto/client-node';
import { useFixture } from '../support/suiteFixture';
import { envelopeFixture, sha256 } from './support';

/**
 * Interoperability with stock AWS Encryption SDK code: the blocks marked "stock" use only @aws-crypto/client-node
 * and the AWS SDK, as any ESDK user would, against the same sandbox KMS; no project code.
 */

describe('envelope interop with stock @aws-crypto/client-node', function () {
  this.timeout(60_000);
  const f = useFixture(envelopeFixture);
  let keyArn: string;
  let stock: { keyring: (keys: string[]) => KmsKeyringNode; decryptor: (keys: string[]) => KmsKeyringNode };
  before(async () => {
    keyArn = await f.createKey();
    // stock: the ESDK's own client supplier over the SDK's aggregated KMS client.
    const clientProvider = getClient(KMS, { endpoint: f.sandbox.endpoint, credentials: f.sandbox.credentials });
    stock = {
      keyring: ([generatorKeyId, ...keyIds]) => new KmsKeyringNode({ clientProvider, generatorKeyId, keyIds }),
      decryptor: (keyIds) => new KmsKeyringNode({ clientProvider, keyIds }),
    };
  });
  const { encrypt, decrypt, encryptStream, decryptStream } = buildClient(
    CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
  );

  it('stock decrypts our binary, armoured, multi-key and unsigned files', async () => {
    const other = await f.createKey();
    const cases = [
      { name: 'binary.bin', content: randomBytes(100_000), options: {} },
      { name: 'text.txt', content: Buffer.from('armoured text, ünïcödé\n'.repeat(500)), options: {} },
      { name: 'two-keys.bin', content: randomBytes(9000), options: { keys: [keyArn, other] } },
      {
        name: 'unsigned.bin',
        content: randomBytes(9000),
        options: { suite: 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY' as const },
      },
    ];
    for (const { name, content, options } of cases) {
      const path = join(f.dir, name);
      await writeFile(path, content);
      const result = await f.engine.encryptFile(path, {
        keys: [keyArn],
        context: { case: name },
        ...options,
        destination: { inPlace: true },
      });
      const stored = await readFile(path);
      // stock: decode the armour as `base64 -d` would, then decrypt; the context is checked by the caller.
      const message = result.encoding === 'base64' ? Buffer.from(stored.toString('latin1'), 'base64') : stored;
      const { plaintext, messageHeader } = await decrypt(stock.decryptor(options.keys?.slice(-1) ?? [keyArn]), message);
      assert.deepEqual(plaintext, content, name);
      assert.equal(messageHeader.encryptionContext.case, name);
    }
  });

  it('stock stream-decrypts our streamed large file', async () => {
    const path = join(f.dir, 'large.bin');
    await writeFile(path, randomBytes(6 * 1024 * 1024 + 3));
    const expected = await sha256(path);
    await f.engine.encryptFile(path, { keys: [keyArn], destination: { path: `${path}.enc` } });
    // stock
    await pipeline(
      createReadStream(`${path}.enc`),
      decryptStream(stock.decryptor([keyArn])),
      createWriteStream(`${path}.out`),
    );
    assert.equal(await sha256(`${path}.out`), expected);
  });

  it('we decrypt stock output: one-shot with defaults (frame 4096), streamed, unsigned, and base64-encoded by hand', async () => {
    const small = randomBytes(50_000);
    // stock
    const { result: defaults } = await encrypt(stock.keyring([keyArn]), small, {
      encryptionContext: { origin: 'stock' },
    });
    const { result: unsigned } = await encrypt(stock.keyring([keyArn, await f.createKey()]), small, {
      suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
    });
    const large = join(f.dir, 'stock-large.bin');
    await writeFile(large, randomBytes(5 * 1024 * 1024 + 77));
    // stock
    await pipeline(createReadStream(large), encryptStream(stock.keyring([keyArn])), createWriteStream(`${large}.enc`));

    const files: Array<[string, Buffer | string, Buffer]> = [
      ['stock-defaults.bin', defaults, small],
      ['stock-unsigned.bin', unsigned, small],
      ['stock-base64.txt', `${defaults.toString('base64').replace(/(.{64})/g, '$1\n')}\n`, small],
    ];
    for (const [name, stored, expected] of files) {
      const path = join(f.dir, name);
      await writeFile(path, stored);
      const result = await f.engine.decryptFile(path, { keys: { keyArns: [keyArn] }, destination: { inPlace: true } });
      assert.deepEqual(await readFile(path), expected, name);
      if (name === 'stock-defaults.bin') {
        assert.deepEqual(result.context, { origin: 'stock' });
      }
    }
    const info = await f.engine.inspectFile(`${large}.enc`);
    assert.equal(info.header.frameLength, 4096);
    assert.equal(info.body?.plaintextSize, 5 * 1024 * 1024 + 77);
    await f.engine.decryptFile(`${large}.enc`, { keys: { discovery: true }, destination: { path: `${large}.out` } });
    assert.equal(await sha256(`${large}.out`), await sha256(large));
  });
});
