import { createHash } from 'node:crypto';

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
  return createHash('sha256').update(`${LEDGER_DOMAIN_TAG}\n${seq}\n${prevHash}\n${canonicalContent}`, 'utf8').digest('hex');
}

export interface ChainRow {
  seq: number;
  prevHash: string;
  hash: string;
  content: string;
  recordId: string;
  event: string;
}

/**
 * Walks a chain in seq order. An entry is broken when its seq is not the next number, its
 * prev link is not the previous entry's hash, its hash does not match its content, or its
 * indexed columns (record id, event) disagree with the hashed content.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  length = 0;
  head = GENESIS_HASH;
  firstBroken?: number;

  push(row: ChainRow): void {
    this.length++;
    this.head = row.hash;
    if (this.firstBroken === undefined && !this.intact(row)) this.firstBroken = row.seq;
    this.expectedSeq = row.seq + 1;
    this.prevHash = row.hash;
  }

  private intact(row: ChainRow): boolean {
    if (row.seq !== this.expectedSeq || row.prevHash !== this.prevHash) return false;
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
