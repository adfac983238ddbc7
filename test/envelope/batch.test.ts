import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadSdks } from '../../src/aws/envelope/esdk';
import { DataKeyCache } from '../../src/aws/envelope/materials';
import { useFixture } from '../support/suiteFixture';
import { count, envelopeFixture, sha256 } from './support';

/** Batches share a cached data key: 100 files must not cost 100 GenerateDataKey calls. */

describe('envelope engine: batches and the data-key cache', function () {
  this.timeout(60_000);
  const f = useFixture(envelopeFixture);
  let key: string;
  before(async () => {
    key = await f.createKey();
  });

  it('encrypts 100 files with at most 2 GenerateDataKey (and 1 Decrypt to verify), and decrypts them with 1 Decrypt', async () => {
    const items = [];
    for (let i = 0; i < 100; i++) {
      const path = join(f.dir, `file-${i}.txt`);
      await writeFile(path, `file ${i}\n`.repeat(i + 1));
      items.push({ path, destination: { inPlace: true as const } });
    }
    let served = f.served.length;
    const encrypted = await f.engine.encryptFiles(items, { keys: [key], context: { batch: 'b1' } });
    assert.ok(encrypted.every((item) => item.ok));
    assert.ok(
      count(f.served.slice(served), 'GenerateDataKey') <= 2,
      `${count(f.served.slice(served), 'GenerateDataKey')} GenerateDataKey calls`,
    );
    assert.ok(count(f.served.slice(served), 'Decrypt') <= 2);

    served = f.served.length;
    const decrypted = await f.engine.decryptFiles(items, {
      keys: { keyArns: [key] },
      expectedContext: { batch: 'b1' },
    });
    assert.ok(decrypted.every((item) => item.ok));
    assert.equal(count(f.served.slice(served), 'Decrypt'), 1);
    for (const [i, item] of items.entries()) {
      assert.equal(await readFile(item.path, 'utf8'), `file ${i}\n`.repeat(i + 1));
    }
  });

  it('reports each failing file and carries on with the others', async () => {
    const good = join(f.dir, 'good.txt');
    const missing = join(f.dir, 'missing.txt');
    await writeFile(good, 'good');
    const results = await f.engine.encryptFiles(
      [
        { path: missing, destination: { inPlace: true } },
        { path: good, destination: { inPlace: true } },
      ],
      { keys: [key] },
    );
    assert.equal(results[0].ok, false);
    assert.match(!results[0].ok ? results[0].error.message : '', /missing\.txt does not exist/);
    assert.equal(results[1].ok, true);
  });

  it('Postcondition: clearing the cache zeroes every cached data key', async () => {
    const sdks = await loadSdks();
    const { NodeEncryptionMaterial, NodeAlgorithmSuite, AlgorithmSuiteIdentifier, KeyringTraceFlag } = sdks.esdk;
    const cache = new DataKeyCache(sdks);
    const material = new NodeEncryptionMaterial(
      new NodeAlgorithmSuite(AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY),
      {},
    ).setUnencryptedDataKey(randomBytes(32), {
      keyNamespace: 'k',
      keyName: 'n',
      flags: KeyringTraceFlag.WRAPPING_KEY_GENERATED_DATA_KEY,
    });
    cache.putEncryptionMaterial('entry', material, 10, 60_000);
    assert.equal(cache.getEncryptionMaterial('entry', 10) !== false, true);
    assert.equal(cache.getDecryptionMaterial('entry'), false, 'an encryption entry is not a decryption entry');
    cache.clear();
    assert.equal(cache.size, 0);
    assert.equal(material.hasUnencryptedDataKey, false);
  });

  it('re-encrypts a large file stream to stream under a new key', async () => {
    const path = join(f.dir, 'rekey.bin');
    await writeFile(path, randomBytes(9 * 1024 * 1024 + 1));
    const expected = await sha256(path);
    await f.engine.encryptFile(path, { keys: [key], frameLength: 100_000, destination: { inPlace: true } });
    const next = await f.createKey();
    const result = await f.engine.reencryptFile(path, {
      keys: { keyArns: [key] },
      newKeys: [next],
      destination: { inPlace: true },
    });
    assert.equal(result.plaintextSize, 9 * 1024 * 1024 + 1);
    assert.equal((await f.engine.inspectFile(path)).header.frameLength, 100_000, 'keeps the frame length');
    await f.engine.decryptFile(path, { keys: { keyArns: [next] }, destination: { inPlace: true } });
    assert.equal(await sha256(path), expected);
  });
});
