/** Wire-shape pieces the key management operations share: list tails, timestamps, day-based durations. */

/** The tail of every paged list output (kms-api.md §2.2, §6): `Truncated` always, `NextMarker` only when truncated. */
export function listOutput(
  member: string,
  entries: readonly unknown[],
  page: { Truncated: boolean; NextMarker?: string },
): object {
  return {
    [member]: entries,
    Truncated: page.Truncated,
    ...(page.NextMarker !== undefined ? { NextMarker: page.NextMarker } : {}),
  };
}

/** Output timestamps are epoch seconds; AWS emits millisecond fractions (kms-api.md §2.1). */
export const epochSeconds = (ms: number): number => ms / 1000;

/** Windows and periods arrive in days; the state keeps epoch ms. */
export const DAY_MS = 86_400_000;
