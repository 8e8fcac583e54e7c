import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock';
import { newId } from '../common/ids';
import { insertRows } from '../database/bulk';
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

  /** A candidate that leaves the pipeline (or a stage) has nothing left to be late for there. */
  async cancel(em: EntityManager, candidateId: string, kind?: DeadlineKind): Promise<void> {
    await em.update(Deadline, { candidateId, status: In(['pending', 'overdue']), ...(kind ? { kind } : {}) }, { status: 'cancelled', resolvedAt: this.clock.now().toISOString() });
  }

  /** Open deadlines with due dates; a pending one past its date shows as overdue. */
  async openFor(em: EntityManager, candidateId: string, today: string): Promise<DeadlineView[]> {
    const rows = await em.find(Deadline, { where: { candidateId, status: In(['pending', 'overdue']) }, order: { dueOn: 'ASC' } });
    return rows.map((d) => ({ kind: d.kind, dueOn: d.dueOn, status: d.status === 'overdue' || d.dueOn < today ? 'overdue' : 'pending', refId: d.refId }));
  }

  /** Batch forms for a vote closing on many candidates (chunked; inside the caller's transaction). */
  async openMany(em: EntityManager, rows: readonly { candidateId: string; orgPath: string; kind: DeadlineKind; dueOn: string }[]): Promise<void> {
    const createdAt = this.clock.now().toISOString();
    await insertRows(
      em,
      Deadline,
      rows.map((d) => ({ id: newId(), candidateId: d.candidateId, orgPath: d.orgPath, kind: d.kind, dueOn: d.dueOn, status: 'pending' as const, refId: null, createdAt, resolvedAt: null })),
    );
  }

  async resolveMany(em: EntityManager, candidateIds: readonly string[], kind: DeadlineKind): Promise<void> {
    for (let i = 0; i < candidateIds.length; i += 1000) {
      await em.update(Deadline, { candidateId: In(candidateIds.slice(i, i + 1000)), kind, status: In(['pending', 'overdue']) }, { status: 'done', resolvedAt: this.clock.now().toISOString() });
    }
  }

  async cancelMany(em: EntityManager, candidateIds: readonly string[], kind?: DeadlineKind): Promise<void> {
    for (let i = 0; i < candidateIds.length; i += 1000) {
      await em.update(Deadline, { candidateId: In(candidateIds.slice(i, i + 1000)), status: In(['pending', 'overdue']), ...(kind ? { kind } : {}) }, { status: 'cancelled', resolvedAt: this.clock.now().toISOString() });
    }
  }
}
