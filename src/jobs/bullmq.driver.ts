import { Logger } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import type Redis from 'ioredis';
import { DEADLINES_QUEUE, FIRE_DEADLINE_JOB, FireJobData, LEGACY_RECONCILE_SCHEDULER } from './jobs.constants';
import { JobDriver, JobLayerState, ScheduledDeadline } from './job-driver';

const CHUNK = 500;

/**
 * BullMQ on Redis: one delayed job per deadline (jobId = deadline id, so adding twice is a
 * no-op), run by one worker per instance. The reconciler's schedule is not kept in Redis
 * (each instance runs it on its own timer), so nothing of the job layer's timing is lost
 * with Redis's data; a marker key says whether Redis still holds what the last reconcile gave it.
 */
export class BullmqDriver implements JobDriver {
  readonly name = 'bullmq' as const;
  private readonly logger = new Logger('Jobs');
  private created?: Queue;
  private ready?: Promise<boolean>;
  private worker?: Worker;
  private stopped = false;
  private readonly stopping: Promise<void>;
  private signalStop!: () => void;

  /**
   * `shared`: the service's one Redis client (RedisConnection), for the queue and the marker;
   * the worker, which blocks, gets its own connection from `redisUrl`. The queue is made only
   * once Redis has answered: a BullMQ connection still trying when the service stops fails
   * after shutdown, where nobody listens.
   */
  constructor(
    private readonly shared: Redis,
    private readonly redisUrl: string,
    /** Key prefix: one per database, so two deployments (or two test runs) never share a queue. */
    readonly prefix: string,
    private readonly now: () => Date,
  ) {
    this.stopping = new Promise((resolve) => (this.signalStop = resolve));
  }

  get queue(): Queue {
    if (!this.created) throw new Error('BullMQ queue not made yet: Redis has not answered');
    return this.created;
  }

  /**
   * Waits for Redis, but never past stop(): a connection that never came up would otherwise
   * keep start-up work (and so shutdown) waiting for ever. False when stopped first.
   */
  private async whenReady(): Promise<boolean> {
    this.ready ??= (async () => {
      if (this.shared.status !== 'ready') {
        const up = new Promise<boolean>((resolve) => this.shared.once('ready', () => resolve(true)));
        if (!(await Promise.race([up, this.stopping.then(() => false)]))) return false;
      }
      this.created = new Queue(DEADLINES_QUEUE, { prefix: this.prefix, connection: this.shared });
      this.created.on('error', (err) => this.logger.warn(`任务队列 Redis 错误: ${err.message}`));
      return true;
    })();
    return (await this.ready) && !this.stopped;
  }

  /** BullMQ requires maxRetriesPerRequest: null for its blocking connections (SPEC §10). */
  private connection() {
    return { url: this.redisUrl, maxRetriesPerRequest: null };
  }

  /** Set by every reconcile; gone when Redis lost its data (FLUSHALL, a restart without persistence). */
  private get markerKey(): string {
    return `${this.prefix}:${DEADLINES_QUEUE}:reconciled`;
  }

  async start(fire: (deadlineId: string) => Promise<unknown>): Promise<void> {
    if (!(await this.whenReady())) return;
    this.worker = new Worker(
      DEADLINES_QUEUE,
      async (job: Job) => {
        if (job.name === FIRE_DEADLINE_JOB) return fire((job.data as FireJobData).deadlineId);
        // A leftover of the Redis-kept reconcile schedule: done, nothing to do.
      },
      { prefix: this.prefix, connection: this.connection(), concurrency: 1 },
    );
    this.worker.on('error', (err) => this.logger.warn(`任务处理器 Redis 错误: ${err.message}`));
    this.worker.on('failed', (job, err) => this.logger.error(`任务 ${job?.name}(${job?.id}) 失败: ${err.message}`));
    await this.queue.removeJobScheduler(LEGACY_RECONCILE_SCHEDULER);
  }

  async markReconciled(): Promise<void> {
    if (!(await this.whenReady())) return;
    await this.shared.set(this.markerKey, this.now().toISOString());
  }

  /** Answers within a second whatever Redis does (a health check must not hang on it). */
  async state(): Promise<JobLayerState> {
    if (this.shared.status !== 'ready') return 'degraded';
    const check = this.shared.get(this.markerKey).then(
      (marker): JobLayerState => (marker !== null ? 'up' : 'degraded'),
      (): JobLayerState => 'degraded',
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<JobLayerState>((resolve) => (timer = setTimeout(() => resolve('degraded'), 1000)));
    try {
      return await Promise.race([check, late]);
    } finally {
      clearTimeout(timer);
    }
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
    // A BullMQ connection still initialising when it is closed fails afterwards, where nobody
    // listens (an unhandled 'error'): let each finish first — briefly, Redis may be gone.
    await settled([this.worker?.waitUntilReady(), this.created?.waitUntilReady()]);
    // Workers before queues; close() waits for the job in progress.
    if (this.worker) await this.worker.close();
    await this.created?.close();
  }
}

/** Waits for the promises to settle, at most `ms`. */
async function settled(promises: (Promise<unknown> | undefined)[], ms = 2000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([Promise.allSettled(promises.filter(Boolean)), late]);
  clearTimeout(timer);
}
