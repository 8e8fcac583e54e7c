import { Column, Entity, PrimaryColumn } from 'typeorm';

export const RECORD_STATUSES = ['filed', 'investigating', 'decided', 'closed', 'dismissed'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

export const RECORD_SOURCES = ['manual', 'system'] as const;
export type RecordSource = (typeof RECORD_SOURCES)[number];

/** 处理方式 (seed 004 and 细则): from the mildest to a transfer to the discipline inspectors. */
export const HANDLINGS = [
  'criticism',
  'self_examination',
  'circulated_criticism',
  'admonition_talk',
  'post_adjustment',
  'transfer_to_discipline',
] as const;
export type Handling = (typeof HANDLINGS)[number];

/** One accountability case (责任追究记录). Its every change is also an entry in the ledger. */
@Entity('accountability_records')
export class AccountabilityRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  /** The ledger seq of the filing entry: a gap-free filing number, and the list order. */
  @Column({ type: 'integer', name: 'filing_seq' }) filingSeq: number;
  @Column({ type: 'varchar', length: 8 }) situation: string;
  @Column({ type: 'varchar', length: 10 }) source: RecordSource;
  @Column({ type: 'varchar', length: 20 }) status: RecordStatus;
  @Column({ type: 'varchar', length: 36, name: 'org_id' }) orgId: string;
  /** The subject organization's path (organizations never move): scope is a prefix match. */
  @Column({ type: 'varchar', length: 400, name: 'org_path' }) orgPath: string;
  @Column({ type: 'varchar', length: 36, nullable: true, name: 'subject_member_id' }) subjectMemberId: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true, name: 'subject_name' }) subjectName: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true, name: 'candidate_id' }) candidateId: string | null;
  @Column({ type: 'varchar', length: 10, name: 'occurred_on' }) occurredOn: string;
  @Column({ type: 'text' }) facts: string;
  /** System raising only (`A01:<candidateId>`): a second raise with the same key finds this row. */
  @Column({ type: 'varchar', length: 200, nullable: true, name: 'dedupe_key' }) dedupeKey: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) handling: Handling | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) authority: string | null;
  @Column({ type: 'varchar', length: 10, nullable: true, name: 'decided_on' }) decidedOn: string | null;
  @Column({ type: 'text', nullable: true, name: 'dismiss_reason' }) dismissReason: string | null;
  /** Rules profile id@version the record was filed under. */
  @Column({ type: 'varchar', length: 80, name: 'rules_version' }) rulesVersion: string;
  /** Rules profile id@version the handling decision was made under. */
  @Column({ type: 'varchar', length: 80, nullable: true, name: 'decision_rules_version' }) decisionRulesVersion:
    string | null;
  @Column({ type: 'varchar', length: 100, name: 'created_by' }) createdBy: string;
  @Column({ type: 'varchar', length: 32, name: 'created_at' }) createdAt: string;
  @Column({ type: 'varchar', length: 32, name: 'updated_at' }) updatedAt: string;
}
