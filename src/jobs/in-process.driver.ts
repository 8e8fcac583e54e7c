import { JobDriver, JobLayerState, ScheduledDeadline } from './job-driver';

/**
 * Without Redis there is no queue: the reconcile timer (JobsLifecycle) fires overdue
 * deadlines itself — deadlines turn overdue only at day boundaries, so a periodic tick is enough.
 */
export class InProcessDriver implements JobDriver {
  readonly name = 'in-process' as const;

  async start(): Promise<void> {}

  async schedule(_deadlines: readonly ScheduledDeadline[]): Promise<void> {
    // Nothing to hold: the next tick reads the deadlines from the database.
  }

  async markReconciled(): Promise<void> {}

  async state(): Promise<JobLayerState> {
    return 'in_process';
  }

  async stop(): Promise<void> {}
}
