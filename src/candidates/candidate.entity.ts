import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Stage } from '@admissions/rules';

/** One person on the way in. `record` holds the pipeline history the gates read (see record.ts). */
@Entity('candidates')
export class Candidate {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  /** The branch (党支部). */
  @Column({ type: 'varchar', length: 36, name: 'org_id' }) orgId: string;
  /** The branch's materialized path, for subtree scoping without a join. */
  @Column({ type: 'varchar', length: 400, name: 'org_path' }) orgPath: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ type: 'varchar', length: 10 }) gender: 'male' | 'female';
  @Column({ type: 'varchar', length: 10, name: 'birth_date' }) birthDate: string;
  @Column({ type: 'varchar', length: 10, name: 'application_date' }) applicationDate: string;
  @Column({ type: 'varchar', length: 50, nullable: true }) ethnicity: string | null;
  @Column({ type: 'varchar', length: 50, nullable: true }) education: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) occupation: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true, name: 'work_unit' }) workUnit: string | null;
  @Column({ type: 'boolean' }) frontline: boolean;
  @Column({ type: 'boolean', name: 'high_knowledge' }) highKnowledge: boolean;
  /**
   * National ID, old form: `salt$sha256(salt + id)` with a fresh salt per record (SPEC §5). Rows
   * written before `id_digest` keep it; it finds no duplicates. The column stays.
   */
  @Column({ type: 'varchar', length: 100, nullable: true, name: 'id_hash' }) idHash: string | null;
  /**
   * National ID as the duplicate check finds it (SPEC §13): hex HMAC-SHA-256 under
   * PERSONAL_DATA_KEY (see personal-data.ts). Null without a number, and on rows written
   * before it until a correction gives their number again. Indexed, not unique.
   */
  @Column({ type: 'varchar', length: 64, nullable: true, name: 'id_digest' }) idDigest: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true, name: 'id_masked' }) idMasked: string | null;
  @Column({ type: 'varchar', length: 30 }) stage: Stage;
  @Column({ type: 'boolean' }) deferred: boolean;
  /** Complaints filed and not yet verified (or verified `unclear`); kept in the complaint's transaction. */
  @Column({ type: 'integer', name: 'open_complaints' }) openComplaints: number;
  /** JSON of CandidateRecord. */
  @Column({ type: 'text' }) record: string;
  /** Bumped by every command; the timeline's sequence number. */
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'varchar', length: 60, name: 'profile_stamp' }) profileStamp: string;
  @Column({ type: 'varchar', length: 32, name: 'created_at' }) createdAt: string;
  @Column({ type: 'varchar', length: 32, name: 'updated_at' }) updatedAt: string;
}
