import { Logger } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import { DEADLINES_QUEUE, FIRE_DEADLINE_JOB, FireJobData, RECONCILE_EVERY_MS, RECONCILE_JOB, RECONCILE_SCHEDULER } from './jobs.constants';
import { JobDriver, JobHandlers, ScheduledDeadline } from './job-driver';

const CHUNK = 500;

/**
 * BullMQ on Redis: one delayed job per deadline (jobId = deadline id, so adding twice is a
 * no-op) and a repeatable reconciler job; one worker runs both through the shared handlers.
 */
export class BullmqDriver implements JobDriver {
  readonly name = 'bullmq' as const;
  private readonly logger = new Logger('Jobs');
  readonly queue: Queue;
  private worker?: Worker;
  private stopped = false;
  private readonly stopping: Promise<void>;
  private signalStop!: () => void;

  constructor(
    private readonly redisUrl: string,
    /** Key prefix: one per database, so two deployments (or two test runs) never share a queue. */
    readonly prefix: string,
    private readonly now: () => Date,
    private readonly everyMs = RECONCILE_EVERY_MS,
  ) {
    this.queue = new Queue(DEADLINES_QUEUE, { prefix, connection: this.connection() });
    this.queue.on('error', (err) => this.logger.warn(`任务队列 Redis 错误: ${err.message}`));
    this.stopping = new Promise((resolve) => (this.signalStop = resolve));
  }

  /**
   * Waits for Redis, but never past stop(): a connection that never came up would otherwise
   * keep start-up work (and so shutdown) waiting for ever. False when stopped first.
   */
  private async whenReady(): Promise<boolean> {
    const ready = this.queue.waitUntilReady().then(() => true, () => false);
    return (await Promise.race([ready, this.stopping.then(() => false)])) && !this.stopped;
  }

  /** BullMQ requires maxRetriesPerRequest: null for its blocking connections (SPEC §10). */
  private connection() {
    return { url: this.redisUrl, maxRetriesPerRequest: null };
  }

  async start(handlers: JobHandlers): Promise<void> {
    if (!(await this.whenReady())) return;
    this.worker = new Worker(
      DEADLINES_QUEUE,
      async (job: Job) => {
        if (job.name === FIRE_DEADLINE_JOB) return handlers.fire((job.data as FireJobData).deadlineId);
        if (job.name === RECONCILE_JOB) return handlers.reconcile();
        throw new Error(`未知任务 ${job.name}`);
      },
      { prefix: this.prefix, connection: this.connection(), concurrency: 1 },
    );
    this.worker.on('error', (err) => this.logger.warn(`任务处理器 Redis 错误: ${err.message}`));
    this.worker.on('failed', (job, err) => this.logger.error(`任务 ${job?.name}(${job?.id}) 失败: ${err.message}`));
    await this.queue.upsertJobScheduler(
      RECONCILE_SCHEDULER,
      { every: this.everyMs },
      { name: RECONCILE_JOB, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  }

  async schedule(deadlines: readonly ScheduledDeadline[]): Promise<void> {
    if (!deadlines.length || !(await this.whenReady())) return;
    const now = this.now().getTime();
    for (let i = 0; i < deadlines.length; i += CHUNK) {
      await this.queue.addBulk(
        deadlines.slice(i, i + CHUNK).map((d) => ({
          name: FIRE_DEADLINE_JOB,
          data: { deadlineId: d.id } satisfies FireJobData,
          opts: {
            jobId: d.id,
            delay: Math.max(0, d.fireAt.getTime() - now),
            attempts: 5,
            backoff: { type: 'exponential', delay: 30_000 },
            // Gone once done, so a later re-add (after a failure) is not swallowed by the old id.
            removeOnComplete: true,
            removeOnFail: true,
          },
        })),
      );
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.signalStop();
    // Workers before queues; close() waits for the job in progress.
    if (this.worker) await this.worker.close();
    await this.queue.close();
  }
}
