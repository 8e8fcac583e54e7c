import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { VotePurpose } from '@admissions/rules';

/** A publicity notice (公示, SPEC §6): one window, one issuing organization, 1..10000 candidates. */
@Entity('publicity_notices')
export class PublicityNotice {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  /** The issuing organization: the branch or an ancestor. */
  @Column({ type: 'varchar', length: 36, name: 'org_id' }) orgId: string;
  @Column({ type: 'varchar', length: 400, name: 'org_path' }) orgPath: string;
  /** The organization's name as published (落款); a later rename does not rewrite a notice. */
  @Column({ type: 'varchar', length: 200 }) issuer: string;
  @Column({ type: 'varchar', length: 12 }) kind: VotePurpose;
  @Column({ type: 'varchar', length: 10, name: 'start_date' }) startDate: string;
  /** Last day of the window, inclusive (publicityWindow). */
  @Column({ type: 'varchar', length: 10, name: 'end_date' }) endDate: string;
  @Column({ type: 'integer' }) days: number;
  /** JSON of NoticeChannels. */
  @Column({ type: 'text' }) channels: string;
  @Column({ type: 'varchar', length: 10 }) status: 'open' | 'closed';
  @Column({ type: 'varchar', length: 10, nullable: true, name: 'closed_on' }) closedOn: string | null;
  @Column({ type: 'integer', name: 'candidate_count' }) candidateCount: number;
  @Column({ type: 'varchar', length: 100, name: 'created_by' }) createdBy: string;
  @Column({ type: 'varchar', length: 60, name: 'profile_stamp' }) profileStamp: string;
  @Column({ type: 'varchar', length: 32, name: 'created_at' }) createdAt: string;
}

/**
 * One candidate on a notice, with the only personal data a notice publishes (SPEC §5):
 * name, gender, birth year-month, education, work unit — copied when the notice is issued,
 * so the public side never reads the candidates table.
 */
@Entity('publicity_entries')
export class PublicityEntry {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36, name: 'notice_id' }) noticeId: string;
  @Column({ type: 'varchar', length: 36, name: 'candidate_id' }) candidateId: string;
  /** Order on the notice, as the clerk listed the candidates. */
  @Column({ type: 'integer' }) seq: number;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ type: 'varchar', length: 10 }) gender: 'male' | 'female';
  /** YYYY-MM: the day of birth is not published. */
  @Column({ type: 'varchar', length: 7, name: 'birth_year_month' }) birthYearMonth: string;
  @Column({ type: 'varchar', length: 50, nullable: true }) education: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true, name: 'work_unit' }) workUnit: string | null;
}
