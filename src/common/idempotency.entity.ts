import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The first answer to a create with an Idempotency-Key, replayed on retries. */
@Entity('idempotency_records')
export class IdempotencyRecord {
  /** sha256 of caller, method, route and the client's key. */
  @PrimaryColumn({ type: 'varchar', length: 64 }) id: string;
  @Column({ type: 'varchar', length: 64, name: 'request_hash' }) requestHash: string;
  @Column({ type: 'integer', name: 'status_code' }) statusCode: number;
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'varchar', length: 32, name: 'created_at' }) createdAt: string;
}
