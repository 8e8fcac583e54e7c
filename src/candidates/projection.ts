import type { CandidateEvent, CandidateState } from '@admissions/rules';
import { newId } from '../common/ids';
import { Candidate } from './candidate.entity';
import { CandidateEvent as EventRow } from './candidate-event.entity';

/** A candidate row as the rules read it (SQLite hands booleans back as 0/1). */
export function toState(row: Candidate): CandidateState {
  return {
    ...row,
    frontline: !!row.frontline,
    highKnowledge: !!row.highKnowledge,
    deferred: !!row.deferred,
    record: JSON.parse(row.record) as CandidateState['record'],
  };
}

/** A timeline row as the rules read it: its input is the event's data. */
export function toEvent(row: EventRow): CandidateEvent {
  return {
    type: row.type,
    candidateId: row.candidateId,
    seq: row.seq,
    date: row.occurredOn,
    data: JSON.parse(row.input),
    recordedAt: row.recordedAt,
    profileStamp: row.profileStamp,
  } as CandidateEvent;
}

export function toRow(e: CandidateEvent, actor: { sub: string; name: string }): EventRow {
  return {
    id: newId(),
    candidateId: e.candidateId,
    seq: e.seq,
    type: e.type,
    occurredOn: e.date,
    actorSub: actor.sub,
    actorName: actor.name,
    input: JSON.stringify(e.data),
    profileStamp: e.profileStamp,
    recordedAt: e.recordedAt,
  };
}
