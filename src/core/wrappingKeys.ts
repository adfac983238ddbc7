/**
 * Which of a file's current wrapping keys lose access when it is re-encrypted under new ones: those not among the
 * new keys. Compared by key ARN (the header holds ARNs; the new keys are resolved to theirs by DescribeKey).
 */
export function wrappingKeysLosingAccess(current: readonly string[], next: readonly string[]): string[] {
  const kept = new Set(next);
  return current.filter((arn, i) => !kept.has(arn) && current.indexOf(arn) === i);
}
