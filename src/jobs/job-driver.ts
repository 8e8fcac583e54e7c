/** What a driver runs: the handlers are the same whichever driver is active (SPEC §3). */
export interface JobHandlers {
  fire(deadlineId: string): Promise<unknown>;
  reconcile(): Promise<unknown>;
}

export interface ScheduledDeadline {
  id: string;
  /** When it becomes overdue: the start of the day after its last allowed day, in the profile's zone. */
  fireAt: Date;
}

/** The job layer: BullMQ when REDIS_URL is set, an in-process timer otherwise. */
export interface JobDriver {
  readonly name: 'bullmq' | 'in-process';
  start(handlers: JobHandlers): Promise<void>;
  /** Delayed jobs for deadlines to come; re-adding one that exists is a no-op. */
  schedule(deadlines: readonly ScheduledDeadline[]): Promise<void>;
  /** Workers first, then queues; waits for jobs in progress. */
  stop(): Promise<void>;
}
