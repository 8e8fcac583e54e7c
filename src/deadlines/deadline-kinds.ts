import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEADLINE_KINDS, Deadline, DeadlineKind } from './deadline.entity';

/** What a handler is told of the deadline that fell due. */
export type DueDeadline = Pick<Deadline, 'id' | 'kind' | 'candidateId' | 'orgPath' | 'refId' | 'dueOn'>;

/**
 * Missing the date is somebody's lapse: the deadline turns overdue in the firing transaction,
 * and `onOverdue` runs in that same transaction, once. Like every transaction it awaits nothing
 * but its own queries (SPEC §3: SQLite's one writer).
 */
export interface LapseHandler {
  lapse: true;
  onOverdue?(em: EntityManager, deadline: DueDeadline): Promise<void>;
}

/**
 * The date passing is an event, not a lapse (publicity_end): `onDue` runs after the firing
 * transaction, in its own, and must resolve the deadline — until it does the deadline stays
 * pending and the next reconcile calls it again.
 */
export interface DueHandler {
  lapse: false;
  onDue(deadline: DueDeadline): Promise<void>;
}

export type DeadlineKindHandler = LapseHandler | DueHandler;

/**
 * Who acts when a deadline of each kind falls due: the feature that owns the kind registers
 * (onModuleInit), the job layer dispatches, so the job layer knows no feature above deadlines.
 */
@Injectable()
export class DeadlineKinds {
  private readonly handlers = new Map<DeadlineKind, DeadlineKindHandler>();

  register(kind: DeadlineKind, handler: DeadlineKindHandler): void {
    if (!DEADLINE_KINDS.includes(kind)) throw new Error(`未知的期限类型 ${kind}`);
    // One owner per kind: two would both raise the lapse.
    if (this.handlers.has(kind)) throw new Error(`期限类型 ${kind} 已有处理程序`);
    this.handlers.set(kind, handler);
  }

  handlerFor(kind: DeadlineKind): DeadlineKindHandler {
    const handler = this.handlers.get(kind);
    if (!handler) throw new Error(`期限类型 ${kind} 没有处理程序`);
    return handler;
  }

  /** Kinds nobody registered: their deadlines would never fire. */
  missing(): DeadlineKind[] {
    return DEADLINE_KINDS.filter((kind) => !this.handlers.has(kind));
  }

  /** Once every module has registered (onApplicationBootstrap): a kind without owner stops the start-up. */
  assertComplete(): void {
    const missing = this.missing();
    if (missing.length) throw new Error(`以下期限类型没有处理程序: ${missing.join(', ')}`);
  }
}
