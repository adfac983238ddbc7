import assert from 'node:assert/strict';
import { ListResourceTagsCommand, TagResourceCommand, UntagResourceCommand, type Tag } from '@aws-sdk/client-kms';
import { createKey, expectKmsError } from './keyFixtures';
import { expectMissingMember, useSandbox } from './support';

const tagsOf = (entries: Record<string, string>): Tag[] =>
  Object.entries(entries).map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
const many = (n: number, prefix = 'k'): Tag[] =>
  Array.from({ length: n }, (_, i) => ({ TagKey: `${prefix}${String(i).padStart(2, '0')}`, TagValue: `v${i}` }));

describe('sandbox tags: TagResource, UntagResource, ListResourceTags', () => {
  const fx = useSandbox();

  const listTags = async (KeyId: string): Promise<Tag[]> => {
    const out = await fx.kms.send(new ListResourceTagsCommand({ KeyId }));
    assert.equal(out.Truncated, false);
    return out.Tags ?? [];
  };
  const tag = async (KeyId: string, Tags: Tag[]): Promise<unknown> =>
    fx.kms.send(new TagResourceCommand({ KeyId, Tags }));

  it('lists no tags for an untagged key, with Truncated false', async () => {
    const key = await createKey(fx.kms);
    const out = await fx.kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId }));
    assert.deepEqual(out.Tags, []);
    assert.equal(out.Truncated, false);
    assert.equal(out.NextMarker, undefined);
  });

  it('keeps the tags given to CreateKey', async () => {
    const key = await createKey(fx.kms, { Tags: tagsOf({ team: 'payments', env: '' }) });
    assert.deepEqual(await listTags(key.Arn), tagsOf({ env: '', team: 'payments' }));
  });

  it('adds tags and overwrites the value of an existing tag key', async () => {
    const key = await createKey(fx.kms, { Tags: tagsOf({ tag1: 'value1', tag2: 'value2' }) });
    await tag(key.KeyId, tagsOf({ tag2: 'updated', tag3: 'value3' }));
    assert.deepEqual(await listTags(key.KeyId), tagsOf({ tag1: 'value1', tag2: 'updated', tag3: 'value3' }));
  });

  it('removes tags, ignoring keys the key does not have', async () => {
    const key = await createKey(fx.kms, { Tags: tagsOf({ tag1: 'a', tag2: 'b', tag3: 'c' }) });
    await fx.kms.send(new UntagResourceCommand({ KeyId: key.Arn, TagKeys: ['tag2', 'nope'] }));
    assert.deepEqual(await listTags(key.KeyId), tagsOf({ tag1: 'a', tag3: 'c' }));
  });

  it('reserves the aws: prefix in any case, on CreateKey and TagResource', async () => {
    const key = await createKey(fx.kms);
    for (const TagKey of ['aws:owner', 'AWS:owner', 'Aws:x']) {
      await expectKmsError(
        async () => tag(key.KeyId, [{ TagKey, TagValue: 'v' }]),
        'TagException',
        'Tags beginning with aws: are reserved',
      );
    }
    await expectKmsError(
      async () => createKey(fx.kms, { Tags: tagsOf({ 'aws:x': 'v' }) }),
      'TagException',
      'Tags beginning with aws: are reserved',
    );
    assert.deepEqual(await listTags(key.KeyId), []);
  });

  it('refuses duplicate tag keys in one request', async () => {
    const key = await createKey(fx.kms);
    await expectKmsError(
      async () =>
        tag(key.KeyId, [
          { TagKey: 'tag1', TagValue: 'a' },
          { TagKey: 'tag1', TagValue: 'b' },
        ]),
      'TagException',
      'Duplicate tag keys',
    );
    assert.deepEqual(await listTags(key.KeyId), []);
  });

  it('allows 50 tags per key, counting existing ones, and refuses more', async () => {
    await expectKmsError(async () => createKey(fx.kms, { Tags: many(51) }), 'TagException', 'Too many tags');
    const key = await createKey(fx.kms, { Tags: many(40) });
    await expectKmsError(async () => tag(key.KeyId, many(11, 'n')), 'TagException', 'Too many tags');
    assert.equal((await listTags(key.KeyId)).length, 40);
    await tag(key.KeyId, [...many(10, 'n'), { TagKey: 'k00', TagValue: 'overwritten' }]);
    assert.equal((await listTags(key.KeyId)).length, 50);
  });

  it('checks tag key and value lengths the Coral way', async () => {
    const key = await createKey(fx.kms);
    const longKey = 'a'.repeat(129);
    await expectKmsError(
      async () => tag(key.KeyId, [{ TagKey: longKey, TagValue: 'v' }]),
      'ValidationException',
      `1 validation error detected: Value '${longKey}' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128`,
    );
    const longValue = 'v'.repeat(257);
    await expectKmsError(
      async () =>
        createKey(fx.kms, {
          Tags: [
            { TagKey: 'ok', TagValue: 'v' },
            { TagKey: 'k', TagValue: longValue },
          ],
        }),
      'ValidationException',
      `1 validation error detected: Value '${longValue}' at 'tags.2.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256`,
    );
    await expectKmsError(
      async () => tag(key.KeyId, [{ TagKey: '', TagValue: 'v' }]),
      'ValidationException',
      "1 validation error detected: Value '' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    await expectMissingMember(async () => tag(key.KeyId, [{ TagKey: 'k' } as Tag]), 'tags.1.member.tagValue');
    assert.deepEqual(await listTags(key.KeyId), []);
  });

  it('requires Tags and TagKeys', async () => {
    const key = await createKey(fx.kms);
    await expectMissingMember(async () => fx.kms.send(new TagResourceCommand({ KeyId: key.KeyId } as never)), 'tags');
    await expectMissingMember(
      async () => fx.kms.send(new UntagResourceCommand({ KeyId: key.KeyId } as never)),
      'tagKeys',
    );
  });

  it('takes a key id or ARN only', async () => {
    await expectKmsError(
      async () => tag('alias/x', tagsOf({ a: 'b' })),
      'NotFoundException',
      "Invalid keyId 'alias/x'",
    );
    await expectKmsError(async () => listTags('alias/x'), 'NotFoundException', "Invalid keyId 'alias/x'");
  });
});
