import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock';
import { newId } from '../common/ids';
import { Deadline, DeadlineKind } from './deadline.entity';

export interface DeadlineView {
  kind: DeadlineKind;
  dueOn: string;
  status: 'pending' | 'overdue';
  refId: string | null;
}

/** Deadline rows, written in the caller's transaction (never calls TransactionRunner itself). */
@Injectable()
export class DeadlinesService {
  constructor(private readonly clock: Clock) {}

  async open(em: EntityManager, d: { candidateId: string | null; orgPath: string; kind: DeadlineKind; dueOn: string; refId?: string }): Promise<Deadline> {
    return em.save(
      em.create(Deadline, { id: newId(), candidateId: d.candidateId, orgPath: d.orgPath, kind: d.kind, dueOn: d.dueOn, status: 'pending', refId: d.refId ?? null, createdAt: this.clock.now().toISOString(), resolvedAt: null }),
    );
  }

  /** Marks the open deadlines of a kind (optionally of one ref) as met. */
  async resolve(em: EntityManager, candidateId: string, kind: DeadlineKind, refId?: string): Promise<void> {
    await em.update(Deadline, { candidateId, kind, status: In(['pending', 'overdue']), ...(refId ? { refId } : {}) }, { status: 'done', resolvedAt: this.clock.now().toISOString() });
  }

  /** A candidate that leaves the pipeline has nothing left to be late for. */
  async cancelAll(em: EntityManager, candidateId: string): Promise<void> {
    await em.update(Deadline, { candidateId, status: 'pending' }, { status: 'cancelled', resolvedAt: this.clock.now().toISOString() });
  }

  /** Open deadlines with due dates; a pending one past its date shows as overdue. */
  async openFor(em: EntityManager, candidateId: string, today: string): Promise<DeadlineView[]> {
    const rows = await em.find(Deadline, { where: { candidateId, status: In(['pending', 'overdue']) }, order: { dueOn: 'ASC' } });
    return rows.map((d) => ({ kind: d.kind, dueOn: d.dueOn, status: d.status === 'overdue' || d.dueOn < today ? 'overdue' : 'pending', refId: d.refId }));
  }
}
