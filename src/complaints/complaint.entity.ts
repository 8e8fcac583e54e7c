import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ComplaintFinding, ComplaintOutcome } from '@admissions/rules';

export const COMPLAINT_CHANNELS = ['letter', 'visit', 'phone', 'online'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

/**
 * A complaint or tip-off (来信来访/举报) about one candidate. Its content is seen only by
 * committee and department staff; the complainant sees status, dates and the reply.
 */
@Entity('complaints')
export class Complaint {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36, name: 'candidate_id' }) candidateId: string;
  /** The candidate's branch path, for scoping. */
  @Column({ type: 'varchar', length: 400, name: 'org_path' }) orgPath: string;
  /** The notice it was filed against (online complaints). */
  @Column({ type: 'varchar', length: 36, nullable: true, name: 'notice_id' }) noticeId: string | null;
  @Column({ type: 'varchar', length: 10 }) source: 'public' | 'staff';
  @Column({ type: 'varchar', length: 10 }) channel: ComplaintChannel;
  @Column({ type: 'varchar', length: 10, name: 'received_on' }) receivedOn: string;
  @Column({ type: 'text' }) content: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) contact: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) complainant: string | null;
  /** What the complainant quotes to ask for the status; random, never derived from the id. */
  @Column({ type: 'varchar', length: 12, name: 'tracking_code' }) trackingCode: string;
  @Column({ type: 'varchar', length: 10 }) status: 'open' | 'verified';
  /** Current verification due date (moves after an `unclear` finding). */
  @Column({ type: 'varchar', length: 10, name: 'due_on' }) dueOn: string;
  /** The verification round now due (1, then 2 after an `unclear` finding, …). */
  @Column({ type: 'integer' }) round: number;
  /** This complaint's `unclear` finding set the candidate's deferral (lifted again if it is finally unfounded). */
  @Column({ type: 'boolean', name: 'holds_deferral' }) holdsDeferral: boolean;
  /** Some verification came after its due date (B05, SPEC §9). */
  @Column({ type: 'boolean' }) late: boolean;
  @Column({ type: 'varchar', length: 20, nullable: true }) finding: ComplaintFinding | null;
  @Column({ type: 'varchar', length: 10, nullable: true }) outcome: ComplaintOutcome | null;
  @Column({ type: 'varchar', length: 10, nullable: true, name: 'verified_on' }) verifiedOn: string | null;
  /** Staff member who entered it; null for online complaints. */
  @Column({ type: 'varchar', length: 100, nullable: true, name: 'created_by' }) createdBy: string | null;
  @Column({ type: 'varchar', length: 32, name: 'created_at' }) createdAt: string;
  @Column({ type: 'varchar', length: 32, name: 'updated_at' }) updatedAt: string;
}

/** One verification (核实) of a complaint; an `unclear` finding is followed by another. */
@Entity('complaint_verifications')
export class ComplaintVerification {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36, name: 'complaint_id' }) complaintId: string;
  @Column({ type: 'integer' }) round: number;
  @Column({ type: 'varchar', length: 10, name: 'verified_on' }) verifiedOn: string;
  @Column({ type: 'varchar', length: 20 }) finding: ComplaintFinding;
  @Column({ type: 'varchar', length: 10 }) outcome: ComplaintOutcome;
  @Column({ type: 'text' }) summary: string;
  /** The answer the complainant may read. */
  @Column({ type: 'text', nullable: true }) reply: string | null;
  /** The due date this verification was measured against. */
  @Column({ type: 'varchar', length: 10, name: 'due_on' }) dueOn: string;
  @Column({ type: 'boolean' }) late: boolean;
  /** After `unclear`: when the next verification is due. */
  @Column({ type: 'varchar', length: 10, nullable: true, name: 'next_due_on' }) nextDueOn: string | null;
  @Column({ type: 'varchar', length: 100, name: 'verified_by' }) verifiedBy: string;
  @Column({ type: 'varchar', length: 100, name: 'verified_by_name' }) verifiedByName: string;
  @Column({ type: 'varchar', length: 60, name: 'profile_stamp' }) profileStamp: string;
  @Column({ type: 'varchar', length: 32, name: 'recorded_at' }) recordedAt: string;
}
