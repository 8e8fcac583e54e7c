import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Separates this chain's hashes from any other use of sha256 over similar text. */
export const LEDGER_DOMAIN_TAG = 'admissions.accountability.v1';
export const GENESIS_HASH = '0'.repeat(64);
/** pg_advisory_xact_lock key: every ledger append on PostgreSQL queues on it ('ACCT'). */
export const LEDGER_LOCK_KEY = 0x41434354;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };

/**
 * JSON with object keys sorted recursively and no whitespace, so the same content always
 * has the same text. Undefined object members are left out, as JSON.stringify does.
 */
export function canonicalJson(value: Json | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (typeof value === 'object') {
    const members = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`);
    return `{${members.join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
  return JSON.stringify(value);
}

/** sha256(tag ‖ seq ‖ previous hash ‖ canonical content), fields separated by newlines. */
export function entryHash(seq: number, prevHash: string, canonicalContent: string): string {
  return createHash('sha256')
    .update(`${LEDGER_DOMAIN_TAG}\n${seq}\n${prevHash}\n${canonicalContent}`, 'utf8')
    .digest('hex');
}

/**
 * HMAC-SHA-256 of an entry's hash under LEDGER_KEY, a key the database does not hold: a
 * chain rewritten and rehashed by someone who can write the database fails here (SPEC §9).
 */
export function entryMac(ledgerKey: string, hash: string): string {
  return createHmac('sha256', ledgerKey).update(`${LEDGER_DOMAIN_TAG}\n${hash}`, 'utf8').digest('hex');
}

function macMatches(ledgerKey: string, hash: string, mac: string | null): boolean {
  if (mac === null || !/^[0-9a-f]{64}$/.test(mac)) return false;
  return timingSafeEqual(Buffer.from(entryMac(ledgerKey, hash), 'hex'), Buffer.from(mac, 'hex'));
}

export interface ChainRow {
  seq: number;
  prevHash: string;
  hash: string;
  mac: string | null;
  content: string;
  recordId: string;
  event: string;
}

/**
 * Walks a chain in seq order. An entry is broken when its seq is not the next number, its
 * prev link is not the previous entry's hash, its hash does not match its content, its MAC
 * does not match its hash under the ledger key, or its indexed columns (record id, event)
 * disagree with the hashed content. `hashAt` keeps the hash of every entry at a length
 * asked for (the ledger heads recorded elsewhere).
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  length = 0;
  head = GENESIS_HASH;
  firstBroken?: number;

  /** The hash at each length in `watched` (the ledger heads recorded elsewhere), as the walk finds it. */
  readonly hashAt = new Map<number, string>();

  /** `ledgerKey` null: the chain alone (the migration that first authenticates an existing ledger). */
  constructor(
    private readonly ledgerKey: string | null,
    private readonly watched: ReadonlySet<number> = new Set(),
  ) {}

  push(row: ChainRow): void {
    this.length++;
    this.head = row.hash;
    if (this.watched.has(row.seq)) this.hashAt.set(row.seq, row.hash);
    if (this.firstBroken === undefined && !this.intact(row)) this.firstBroken = row.seq;
    this.expectedSeq = row.seq + 1;
    this.prevHash = row.hash;
  }

  private intact(row: ChainRow): boolean {
    if (row.seq !== this.expectedSeq || row.prevHash !== this.prevHash) return false;
    if (this.ledgerKey !== null && !macMatches(this.ledgerKey, row.hash, row.mac)) return false;
    let content: { recordId?: unknown; event?: unknown };
    try {
      content = JSON.parse(row.content);
    } catch {
      return false;
    }
    if (!content || content.recordId !== row.recordId || content.event !== row.event) return false;
    return entryHash(row.seq, row.prevHash, canonicalJson(content as Json)) === row.hash;
  }

  result(): { ok: boolean; length: number; head: string; firstBroken?: number } {
    return this.firstBroken === undefined
      ? { ok: true, length: this.length, head: this.head }
      : { ok: false, length: this.length, head: this.head, firstBroken: this.firstBroken };
  }
}
