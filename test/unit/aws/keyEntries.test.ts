import * as assert from 'node:assert/strict';
import { KeyEntries } from '../../../src/aws/keyEntries';
import { aliasNamesOf, describeKey } from '../../../src/aws/keyListings';
import type { KmsCall } from '../../../src/aws/kmsCall';

const ARN = (id: string) => `arn:aws:kms:eu-west-1:111122223333:key/${id}`;
const named = (name: string, message: string): Error => Object.assign(new Error(message), { name });

/** A KmsCall that answers DescribeKey and ListAliases from tables, and counts what it was asked. */
function fakeKms(behaviour: Record<string, 'ok' | 'denied' | 'gone' | 'empty' | 'throttled'>) {
  const asked: string[] = [];
  const call = (async (operation: string, input: { KeyId?: string; Marker?: string }) => {
    asked.push(`${operation} ${input.KeyId ?? ''}`.trim());
    if (operation === 'ListAliases') {
      return input.Marker
        ? { Aliases: [{ AliasName: 'alias/b' }] }
        : { Aliases: [{ AliasName: 'alias/c' }, {}], Truncated: true, NextMarker: 'm' };
    }
    const id = input.KeyId ?? '';
    switch (behaviour[id]) {
      case 'ok':
        return { KeyMetadata: { KeyId: id, Arn: ARN(id), KeyState: 'Enabled' } };
      case 'denied':
        throw named('AccessDeniedException', 'not allowed');
      case 'gone':
        throw named('NotFoundException', 'no such key');
      case 'empty':
        return {};
      default:
        throw named('ThrottlingException', 'slow down');
    }
  }) as unknown as KmsCall;
  return { call, asked };
}

describe('describeKey', () => {
  it('returns the id, ARN and metadata of a described key', async () => {
    const { call } = fakeKms({ k1: 'ok' });
    const described = await describeKey(call, 'k1');
    assert.equal(described?.arn, ARN('k1'));
    assert.equal(described?.metadata?.KeyState, 'Enabled');
  });

  it('keeps a key it may not describe, with the problem and the ARN known, and drops a deleted one', async () => {
    const { call } = fakeKms({ k1: 'denied', k2: 'gone' });
    assert.deepEqual(await describeKey(call, 'k1', ARN('k1')), {
      keyId: 'k1',
      arn: ARN('k1'),
      problem: 'AccessDeniedException: not allowed',
    });
    assert.equal((await describeKey(call, 'k1'))?.arn, 'k1');
    assert.equal(await describeKey(call, 'k2'), undefined);
  });

  it('throws other errors, and a response without metadata', async () => {
    const { call } = fakeKms({ k1: 'throttled', k2: 'empty' });
    await assert.rejects(describeKey(call, 'k1'), /slow down/);
    await assert.rejects(describeKey(call, 'k2'), /DescribeKey returned no key metadata for k2/);
  });
});

describe('aliasNamesOf', () => {
  it("reads every page of a key's aliases and sorts the names", async () => {
    const { call, asked } = fakeKms({});
    assert.deepEqual(await aliasNamesOf(call, 'k1'), ['alias/b', 'alias/c']);
    assert.deepEqual(asked, ['ListAliases k1', 'ListAliases k1']);
  });
});

describe('KeyEntries', () => {
  it('describes each key once, in the order asked, leaving out deleted keys', async () => {
    const { call, asked } = fakeKms({ a: 'ok', b: 'gone', c: 'ok' });
    const entries = new KeyEntries(call);
    const first = await entries.describeAll(['a', 'b', 'c']);
    assert.deepEqual(
      first.map((e) => [e.keyId, e.aliases]),
      [
        ['a', []],
        ['c', []],
      ],
    );
    await entries.describeAll(['a', 'c']);
    assert.deepEqual(asked, ['DescribeKey a', 'DescribeKey b', 'DescribeKey c']);
    assert.deepEqual(
      entries.of(['c', 'b', 'a']).map((e) => e.keyId),
      ['c', 'a'],
    );
  });

  it('attaches aliases from the index to entries that have none, and merges updates', async () => {
    const { call } = fakeKms({ a: 'ok', b: 'ok' });
    const entries = new KeyEntries(call);
    const described = await entries.describeAll(['a', 'b']);
    const index = { byKey: new Map([['a', ['alias/one']]]), awsManaged: new Set<string>() };
    const joined = entries.withAliases(described, index);
    assert.deepEqual(
      joined.map((e) => e.aliases),
      [['alias/one'], []],
    );
    assert.deepEqual(entries.get('a')?.aliases, ['alias/one']);
    assert.equal(entries.update('a', { materials: [] }), true);
    assert.deepEqual(entries.get('a')?.materials, []);
    assert.equal(entries.update('missing', { materials: [] }), false);
    entries.delete('b');
    assert.deepEqual(
      entries.all().map((e) => e.keyId),
      ['a'],
    );
  });

  it('keeps the ARN it knows of a key that can no longer be described', async () => {
    const behaviour: Record<string, 'ok' | 'denied'> = { a: 'ok' };
    const { call } = fakeKms(behaviour);
    const entries = new KeyEntries(call);
    await entries.describeAll(['a']);
    behaviour.a = 'denied';
    assert.equal((await entries.describe('a'))?.arn, ARN('a'));
  });
});
