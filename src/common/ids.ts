import { randomFillSync, randomUUID } from 'node:crypto';

let lastMs = 0;
let counter = 0;

// Random bytes drawn from the system a pool at a time, as randomUUID does: one system call
// per 256 ids instead of one per id (a 10,000-candidate close writes 30,000 ids).
const pool = Buffer.alloc(16 * 256);
let used = pool.length;

/** The offset in `pool` of 16 random bytes no id has used. */
function random16(): number {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += 16;
  return used - 16;
}

const HEX = Buffer.from('0123456789abcdef', 'latin1');
/** An id's 36 characters, written in place and read out as one string. */
const text = Buffer.alloc(36);

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
  const at = random16();
  pool.writeUIntBE(ms, at, 6);
  pool[at + 6] = 0x70 | (counter >> 8);
  pool[at + 7] = counter & 0xff;
  pool[at + 8] = 0x80 | (pool[at + 8] & 0x3f);
  for (let i = 0, j = 0; i < 16; i++) {
    if (j === 8 || j === 13 || j === 18 || j === 23) text[j++] = 0x2d; // '-'
    text[j++] = HEX[pool[at + i] >> 4];
    text[j++] = HEX[pool[at + i] & 0x0f];
  }
  return text.toString('latin1');
}

/** A random UUID (version 4): no order, no time. */
export const randomId = (): string => randomUUID();
