import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The append-only, hash-chained accountability ledger. The database refuses UPDATE and
 * DELETE on this table (triggers, see the migration); `seq` is assigned max+1 under the
 * ledger lock, so the chain has no gaps.
 */
@Entity('accountability_ledger')
export class LedgerEntry {
  @PrimaryColumn({ type: 'integer' }) seq: number;
  @Column({ type: 'varchar', length: 36, name: 'record_id' }) recordId: string;
  @Column({ type: 'varchar', length: 20 }) event: string;
  @Column({ type: 'varchar', length: 64, name: 'prev_hash' }) prevHash: string;
  @Column({ type: 'varchar', length: 64 }) hash: string;
  /** HMAC of `hash` under LEDGER_KEY (SPEC §9); null only on an entry the migration could not verify. */
  @Column({ type: 'varchar', length: 64, nullable: true }) mac: string | null;
  /** Canonical JSON: the record id, the event and the record as it stood after it. */
  @Column({ type: 'text' }) content: string;
  @Column({ type: 'varchar', length: 32, name: 'created_at' }) createdAt: string;
}
