import { KmsError } from './errors';

/**
 * Limit/Marker/Truncated/NextMarker paging (kms-api.md §6). The marker is an opaque, stable position: base64 of
 * the last returned item's sort key, so inserts and deletes between pages neither repeat nor skip items.
 */
export interface PageRequest {
  Limit?: number;
  Marker?: string;
}

export function page<T>(
  items: readonly T[],
  request: PageRequest,
  options: { defaultLimit: number; maxLimit: number; sortKey: (item: T) => string },
): { items: T[]; Truncated: boolean; NextMarker?: string } {
  const limit = Math.min(request.Limit ?? options.defaultLimit, options.maxLimit);
  let start = 0;
  if (request.Marker !== undefined) {
    const after = decodeMarker(request.Marker);
    start = items.findIndex((item) => options.sortKey(item) > after);
    if (start < 0) {
      start = items.length;
    }
  }
  const slice = items.slice(start, start + limit);
  const truncated = start + limit < items.length;
  return truncated
    ? { items: slice, Truncated: true, NextMarker: encodeMarker(options.sortKey(slice[slice.length - 1] as T)) }
    : { items: slice, Truncated: false };
}

const MARKER_PREFIX = 'kms-local:';

function encodeMarker(sortKey: string): string {
  return Buffer.from(MARKER_PREFIX + sortKey, 'utf8').toString('base64');
}

function decodeMarker(marker: string): string {
  const decoded = Buffer.from(marker, 'base64').toString('utf8');
  if (!decoded.startsWith(MARKER_PREFIX)) {
    throw new KmsError('InvalidMarkerException');
  }
  return decoded.slice(MARKER_PREFIX.length);
}
