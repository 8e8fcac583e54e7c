import { Logger } from '@nestjs/common';
import { RECONCILE_EVERY_MS } from './jobs.constants';
import { JobDriver, JobHandlers, ScheduledDeadline } from './job-driver';

/**
 * Without Redis: the reconciler tick itself fires overdue deadlines (deadlines turn overdue
 * only at day boundaries, so a periodic tick is enough). One tick at a time; stop() waits for it.
 */
export class InProcessDriver implements JobDriver {
  readonly name = 'in-process' as const;
  private readonly logger = new Logger('Jobs');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(private readonly everyMs = RECONCILE_EVERY_MS) {}

  async start(handlers: JobHandlers): Promise<void> {
    if (this.stopped) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = handlers
        .reconcile()
        .then(() => undefined, (err: Error) => this.logger.error(`期限巡检失败: ${err.message}`))
        .finally(() => (this.running = undefined));
    }, this.everyMs);
    this.timer.unref();
  }

  async schedule(_deadlines: readonly ScheduledDeadline[]): Promise<void> {
    // Nothing to hold: the next tick reads the deadlines from the database.
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
