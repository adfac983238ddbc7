import { KmsError } from '../errors';
import type { Tag } from '../model';
import { list, str, struct } from '../validate';

/** Tag rules shared by CreateKey and TagResource (kms-api.md §7.8). */

export const MAX_TAGS_PER_KEY = 50;

export const tagListField = <const R extends boolean = false>(required?: R) =>
  list(
    struct({ TagKey: str({ min: 1, max: 128, required: true }), TagValue: str({ min: 0, max: 256, required: true }) }),
    { required: (required ?? false) as R },
  );

const tagError = (message: string): KmsError => new KmsError('TagException', message);

/** Checks tags about to be added to a key that has `existing` tags; throws TagException like KMS [aws-obs]. */
export function checkNewTags(existing: readonly Tag[], incoming: readonly Tag[]): void {
  if (incoming.some((t) => t.TagKey.toLowerCase().startsWith('aws:'))) {
    throw tagError('Tags beginning with aws: are reserved');
  }
  const keys = incoming.map((t) => t.TagKey);
  if (new Set(keys).size !== keys.length) {
    throw tagError('Duplicate tag keys');
  }
  const merged = new Set([...existing.map((t) => t.TagKey), ...keys]);
  if (merged.size > MAX_TAGS_PER_KEY) {
    throw tagError('Too many tags');
  }
}

/** Adds tags, overwriting the value of keys that exist. */
export function mergeTags(existing: readonly Tag[], incoming: readonly Tag[]): Tag[] {
  const byKey = new Map(existing.map((t) => [t.TagKey, t.TagValue]));
  for (const t of incoming) {
    byKey.set(t.TagKey, t.TagValue);
  }
  return [...byKey].map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
}
