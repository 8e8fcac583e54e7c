import { Inject, Injectable, Logger, Module, BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../common/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DeadlineKinds, DeadlinesModule } from '../deadlines';
import { BullmqDriver } from './bullmq.driver';
import { DeadlineHandler } from './deadline-handler.service';
import { InProcessDriver } from './in-process.driver';
import { JOB_DRIVER } from './jobs.constants';
import type { JobDriver } from './job-driver';
import { DeadlineReconciler } from './reconciler.service';
import { RedisConnection, redisPrefix } from '../database/redis.module';

/**
 * Starts the driver once the app is up (reconciling first) and runs the reconcile on this
 * instance's own timer — every instance does, so the schedule needs nothing kept in Redis and
 * heals by itself after Redis lost its data (SPEC §10); stops both on shutdown.
 */
@Injectable()
export class JobsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(JOB_DRIVER) private readonly driver: JobDriver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly handler: DeadlineHandler,
    private readonly reconciler: DeadlineReconciler,
    private readonly kinds: DeadlineKinds,
  ) {}

  private starting?: Promise<void>;

  /**
   * Not awaited: a Redis that is down must not keep the service from starting (health reports
   * it). Overdue deadlines fire from the database first; queue work waits for Redis to answer.
   */
  onApplicationBootstrap(): void {
    // Every feature registered its kinds in onModuleInit; a kind nobody handles would never fire.
    this.kinds.assertComplete();
    this.starting = this.startup();
  }

  private async startup(): Promise<void> {
    try {
      await this.reconciler.reconcile();
    } catch (err) {
      // The periodic reconcile catches up once the database/Redis answers.
      this.logger.warn(`启动时期限巡检失败: ${(err as Error).message}`);
    }
    this.timer = setInterval(() => this.tick(), this.config.reconcileIntervalMs);
    this.timer.unref();
    try {
      await this.driver.start((id) => this.handler.fire(id));
      this.logger.log(`任务层已启动（${this.driver.name === 'bullmq' ? 'BullMQ' : '进程内定时器'}）`);
    } catch (err) {
      this.logger.warn(`任务层启动失败: ${(err as Error).message}`);
    }
  }

  /** One reconcile at a time on this instance; a failure is logged and the next tick tries again. */
  private tick(): void {
    if (this.running) return;
    this.running = this.reconciler
      .reconcile()
      .then(
        () => undefined,
        (err: Error) => this.logger.error(`期限巡检失败: ${err.message}`),
      )
      .finally(() => (this.running = undefined));
  }

  /** Before the database closes (its onApplicationShutdown), so a job in progress can finish. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.driver.stop();
    await this.starting;
    await this.running;
  }
}

@Module({
  imports: [DeadlinesModule],
  providers: [
    {
      provide: JOB_DRIVER,
      inject: [APP_CONFIG, Clock, RedisConnection],
      useFactory: (config: AppConfig, clock: Clock, redis: RedisConnection): JobDriver =>
        redis.client
          ? new BullmqDriver(redis.client, config.redisUrl!, redisPrefix(config), () => clock.now())
          : new InProcessDriver(),
    },
    DeadlineHandler,
    DeadlineReconciler,
    JobsLifecycle,
  ],
  exports: [DeadlineHandler, DeadlineReconciler, JOB_DRIVER],
})
export class JobsModule {}
