import { randomFillSync, randomUUID } from 'node:crypto';

let lastMs = 0;
let counter = 0;

// Random bytes drawn from the system a pool at a time, as randomUUID does: one system call
// per 256 ids instead of one per id (a 10,000-candidate close writes 30,000 ids).
const pool = Buffer.alloc(16 * 256);
let used = pool.length;

function random16(): Buffer {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += 16;
  return pool.subarray(used - 16, used);
}

/**
 * A time-ordered UUID (version 7, RFC 9562) that strictly increases within the process,
 * so "newest first" is exact even when many rows share a millisecond. Use `randomId()`
 * where order must reveal nothing (ballots).
 */
export function newId(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    counter += 1;
    if (counter > 0xfff) {
      lastMs += 1;
      counter = 0;
    }
    ms = lastMs;
  } else {
    lastMs = ms;
    counter = 0;
  }
  const bytes = random16();
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A random UUID (version 4): no order, no time. */
export const randomId = (): string => randomUUID();
