import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An immutable timeline entry: one command, with its date, actor, input and rules profile. */
@Entity('candidate_events')
export class CandidateEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36, name: 'candidate_id' }) candidateId: string;
  @Column({ type: 'integer' }) seq: number;
  @Column({ type: 'varchar', length: 40 }) type: string;
  /** The date the step happened, as the client supplied it. */
  @Column({ type: 'varchar', length: 10, name: 'occurred_on' }) occurredOn: string;
  @Column({ type: 'varchar', length: 100, name: 'actor_sub' }) actorSub: string;
  @Column({ type: 'varchar', length: 100, name: 'actor_name' }) actorName: string;
  @Column({ type: 'text' }) input: string;
  @Column({ type: 'varchar', length: 60, name: 'profile_stamp' }) profileStamp: string;
  @Column({ type: 'varchar', length: 32, name: 'recorded_at' }) recordedAt: string;
}
