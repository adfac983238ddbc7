import { mutation, query, type OpContext, type OperationTable } from '../context';
import { resolveKey } from '../identifiers';
import { requireNotPendingDeletion } from '../keyStates';
import { page } from '../paging';
import { common, list, parseInput, str } from '../validate';
import { listOutput } from './shapes';
import { checkNewTags, mergeTags, tagListField } from './tagRules';

/** TagResource, UntagResource and ListResourceTags (kms-api.md §7.8). Keys only: aliases can't be tagged. */

const tagResourceInput = { KeyId: common.keyId(), Tags: tagListField(true) };

function tagResource(ctx: OpContext, body: unknown): undefined {
  const input = parseInput(body, tagResourceInput);
  const key = resolveKey(ctx, input.KeyId, { allowAlias: false });
  requireNotPendingDeletion(key);
  checkNewTags(key.tags, input.Tags);
  key.tags = mergeTags(key.tags, input.Tags);
  return undefined;
}

const untagResourceInput = { KeyId: common.keyId(), TagKeys: list(str({ min: 1, max: 128 }), { required: true }) };

/** Tag keys the key doesn't have are ignored, as in KMS. */
function untagResource(ctx: OpContext, body: unknown): undefined {
  const input = parseInput(body, untagResourceInput);
  const key = resolveKey(ctx, input.KeyId, { allowAlias: false });
  requireNotPendingDeletion(key);
  const doomed = new Set(input.TagKeys);
  key.tags = key.tags.filter((t) => !doomed.has(t.TagKey));
  return undefined;
}

/** The model range is 1–1000; the documented maximum for this operation is 50, so larger values are clamped (§6). */
const listResourceTagsInput = { KeyId: common.keyId(), Limit: common.limit(), Marker: common.marker() };

function listResourceTags(ctx: OpContext, body: unknown): object {
  const input = parseInput(body, listResourceTagsInput);
  const key = resolveKey(ctx, input.KeyId, { allowAlias: false });
  // Sorted by tag key: a stable order the marker can point into.
  const sorted = [...key.tags].sort((a, b) => (a.TagKey < b.TagKey ? -1 : a.TagKey > b.TagKey ? 1 : 0));
  const result = page(sorted, input, { defaultLimit: 50, maxLimit: 50, sortKey: (t) => t.TagKey });
  return listOutput(
    'Tags',
    result.items.map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue })),
    result,
  );
}

export const tagOperations: OperationTable = {
  TagResource: mutation(tagResource),
  UntagResource: mutation(untagResource),
  ListResourceTags: query(listResourceTags),
};
