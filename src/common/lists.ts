/** Ids per `IN (…)` list: inside both drivers' parameter limits. */
const CHUNK = 1000;

/** `items` in slices of `size`, for `IN (…)` lists and multi-row writes. */
export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** At most 20 ids in a message. */
export function listIds(ids: readonly string[]): string {
  return ids.length > 20 ? `${ids.slice(0, 20).join('、')} 等 ${ids.length} 个` : ids.join('、');
}
