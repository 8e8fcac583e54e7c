export interface ScheduledDeadline {
  id: string;
  /** When it becomes overdue: the start of the day after its last allowed day, in the profile's zone. */
  fireAt: Date;
}

/**
 * The job layer's state: `up` (BullMQ holds what the last reconcile gave it), `degraded` (Redis
 * answers but has lost that — e.g. after FLUSHALL — until the next reconcile restores it; or
 * Redis does not answer), `in_process` (no Redis: the reconcile timer fires deadlines itself).
 */
export type JobLayerState = 'up' | 'degraded' | 'in_process';

/** The job layer: BullMQ when REDIS_URL is set, nothing but the reconcile timer otherwise. */
export interface JobDriver {
  readonly name: 'bullmq' | 'in-process';
  /** Starts firing the deadlines whose jobs come due. */
  start(fire: (deadlineId: string) => Promise<unknown>): Promise<void>;
  /** Delayed jobs for deadlines to come; re-adding one that exists is a no-op. */
  schedule(deadlines: readonly ScheduledDeadline[]): Promise<void>;
  /** A reconcile has given the queue every job within the horizon. */
  markReconciled(): Promise<void>;
  state(): Promise<JobLayerState>;
  /** Workers first, then queues; waits for jobs in progress. */
  stop(): Promise<void>;
}
