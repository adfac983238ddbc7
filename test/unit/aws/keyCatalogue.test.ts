import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { CreateAliasCommand, CreateKeyCommand, DisableKeyCommand, RotateKeyOnDemandCommand } from '@aws-sdk/client-kms';
import { KeyCatalogue } from '../../../src/aws/keyCatalogue';
import { kmsCall, type KmsCall } from '../../../src/aws/kmsCall';
import { RequestPool } from '../../../src/aws/requestPool';
import { createExternalKey, DAY_MS, importMaterial } from '../../sandbox/importSupport';
import { openSandbox, type SandboxFixture } from '../../sandbox/support';

/** The key catalogue against the sandbox KMS over HTTP (real SDK client), with faults injected around it. */
describe('KeyCatalogue', function () {
  this.timeout(30_000);
  let fx: SandboxFixture;
  let call: KmsCall;
  const keyIds: string[] = [];

  before(async () => {
    fx = await openSandbox({ inMemory: true });
    call = kmsCall(fx.kms);
    for (let i = 0; i < 7; i++) {
      const { KeyMetadata: meta } = await fx.kms.send(new CreateKeyCommand({ Description: `key ${i}` }));
      keyIds.push(meta?.KeyId as string);
      if (i % 2 === 0) {
        await fx.kms.send(new CreateAliasCommand({ AliasName: `alias/key-${i}`, TargetKeyId: meta?.KeyId }));
      }
    }
  });
  after(async () => {
    await fx.close();
  });

  const catalogue = (options: Partial<ConstructorParameters<typeof KeyCatalogue>[0]> = {}): KeyCatalogue =>
    new KeyCatalogue({ region: fx.sandbox.region, call, pageSize: 3, ...options });

  it('lists customer keys page by page, with their metadata and aliases', async () => {
    const keys = catalogue();
    const first = await keys.keys('customer', 3);
    assert.equal(first.keys.length, 3);
    assert.equal(first.more, true);
    const all = await keys.keys('customer', 100);
    assert.equal(all.more, false);
    assert.deepEqual(all.keys.map((k) => k.keyId).sort(), [...keyIds].sort());
    const zero = all.keys.find((k) => k.keyId === keyIds[0]);
    assert.equal(zero?.metadata?.Description, 'key 0');
    assert.deepEqual(zero?.aliases, ['alias/key-0']);
    assert.deepEqual(all.keys.find((k) => k.keyId === keyIds[1])?.aliases, []);
    assert.equal(keys.listingComplete, true);
  });

  it("describes the keys of a page at once, never beyond the pool's concurrency", async () => {
    const pool = new RequestPool({ concurrency: 3 });
    await catalogue({ pool, pageSize: 100 }).keys('customer', 100);
    assert.equal(pool.peakConcurrency, 3);
  });

  it('loads the material of EXTERNAL keys in the background and reports the change', async () => {
    const key = await createExternalKey(fx.kms);
    await importMaterial(fx.kms, key.KeyId, randomBytes(32), {
      ExpirationModel: 'KEY_MATERIAL_EXPIRES',
      ValidTo: new Date(Date.now() + 5 * DAY_MS),
    });
    const keys = catalogue({ pageSize: 100 });
    const changed: (string | undefined)[] = [];
    keys.onDidChange((id) => changed.push(id));
    await keys.keys('customer', 100);
    await keys.settled();
    const materials = keys.entry(key.Arn)?.materials;
    assert.equal(materials?.length, 1);
    assert.equal(materials?.[0].KeyMaterialState, 'CURRENT');
    assert.equal(materials?.[0].ImportState, 'IMPORTED');
    assert.ok(changed.includes(key.KeyId));
  });

  it('keeps a key it may not describe, saying why, and drops one deleted since ListKeys', async () => {
    const [denied, gone] = keyIds;
    const faulty: KmsCall = async (operation, input, signal) => {
      const id = (input as { KeyId?: string }).KeyId;
      if (operation === 'DescribeKey' && id === denied) {
        throw Object.assign(new Error('User is not authorized to perform: kms:DescribeKey'), {
          name: 'AccessDeniedException',
        });
      }
      if (operation === 'DescribeKey' && id === gone) {
        throw Object.assign(new Error('Key does not exist'), { name: 'NotFoundException' });
      }
      return call(operation, input, signal);
    };
    const { keys } = await catalogue({ call: faulty, pageSize: 100 }).keys('customer', 100);
    const entry = keys.find((k) => k.keyId === denied);
    assert.equal(entry?.metadata, undefined);
    assert.match(entry?.problem ?? '', /^AccessDeniedException/);
    assert.equal(
      keys.some((k) => k.keyId === gone),
      false,
    );
  });

  it('fails the listing on other errors, and lists again on the next call', async () => {
    let failures = 1;
    const flaky: KmsCall = async (operation, input, signal) => {
      if (operation === 'ListKeys' && failures-- > 0) {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { name: 'Error', code: 'ECONNREFUSED' });
      }
      return call(operation, input, signal);
    };
    const keys = catalogue({ call: flaky });
    await assert.rejects(keys.keys('customer', 3), /ECONNREFUSED/);
    assert.equal((await keys.keys('customer', 3)).keys.length, 3);
  });

  it('reload() brings one key up to date and lists a new key first', async () => {
    const keys = catalogue({ pageSize: 100 });
    await keys.keys('customer', 100);
    await fx.kms.send(new DisableKeyCommand({ KeyId: keyIds[2] }));
    assert.equal(keys.entry(keyIds[2])?.metadata?.KeyState, 'Enabled', 'cached until reloaded');
    assert.equal((await keys.reload(keyIds[2]))?.metadata?.KeyState, 'Disabled');
    const { KeyMetadata: created } = await fx.kms.send(new CreateKeyCommand({ Description: 'new' }));
    await fx.kms.send(new CreateAliasCommand({ AliasName: 'alias/brand-new', TargetKeyId: created?.KeyId }));
    await keys.reload(created?.Arn as string);
    assert.equal(keys.listedEntries()[0].keyId, created?.KeyId);
    assert.deepEqual(keys.listedEntries()[0].aliases, ['alias/brand-new']);
  });

  it('reports automatic rotation and the last rotation of a KMS key', async () => {
    const keys = catalogue();
    const before = await keys.rotation(keyIds[3]);
    assert.equal(before.automatic, false);
    assert.equal(before.lastRotation, undefined);
    await fx.kms.send(new RotateKeyOnDemandCommand({ KeyId: keyIds[3] }));
    await keys.reload(keyIds[3]);
    const after = keys.knownRotation(keyIds[3]);
    assert.equal(after?.lastRotation?.type, 'ON_DEMAND');
  });

  it('lists AWS managed keys from their alias/aws/ aliases', async () => {
    const awsKey = {
      KeyId: 'aws-managed-1',
      Arn: 'arn:aws:kms:us-east-1:111122223333:key/aws-managed-1',
      KeyManager: 'AWS',
      KeyState: 'Enabled',
      Origin: 'AWS_KMS',
    };
    const fake: KmsCall = async (operation, input, signal) => {
      if (operation === 'ListAliases' && !(input as { KeyId?: string }).KeyId) {
        const real = await call('ListAliases', input as never, signal);
        return {
          ...real,
          Aliases: [
            ...(real.Aliases ?? []),
            { AliasName: 'alias/aws/s3', TargetKeyId: awsKey.KeyId },
            { AliasName: 'alias/aws/ebs' },
          ],
        } as never;
      }
      if (operation === 'DescribeKey' && (input as { KeyId?: string }).KeyId === awsKey.KeyId) {
        return { KeyMetadata: awsKey, $metadata: {} } as never;
      }
      return call(operation, input, signal);
    };
    const keys = catalogue({ call: fake });
    const page = await keys.keys('aws', 10);
    assert.deepEqual(
      page.keys.map((k) => [k.keyId, k.aliases]),
      [[awsKey.KeyId, ['alias/aws/s3']]],
    );
    assert.equal(page.more, false);
  });
});
