import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { TZDate } from '@date-fns/tz';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { RulesProfileService } from '../config/rules-profile.service';
import { DeadlinesService } from '../deadlines';
import { addDays } from '@admissions/rules';
import { DeadlineHandler } from './deadline-handler.service';
import { JOB_DRIVER } from './jobs.constants';
import type { JobDriver, ScheduledDeadline } from './job-driver';

export interface ReconcileResult {
  fired: number;
  scheduled: number;
  failed: number;
}

/**
 * The database is the truth (SPEC §10): fires every pending deadline whose day has passed
 * and (with BullMQ) re-adds the delayed job of every one due within the horizon, so a Redis
 * that lost its data loses no deadline. Its work is bounded by what is overdue or due soon,
 * never by every pending row. Safe to run any number of times, on any number of instances.
 * A new deadline gets its job right after the transaction that opened it commits.
 */
@Injectable()
export class DeadlineReconciler implements OnModuleInit {
  private readonly logger = new Logger('Deadlines');
  private readonly horizonDays: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: RulesProfileService,
    private readonly deadlines: DeadlinesService,
    private readonly handler: DeadlineHandler,
    @Inject(JOB_DRIVER) private readonly driver: JobDriver,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.horizonDays = Math.ceil(config.reconcileHorizonHours / 24);
  }

  onModuleInit(): void {
    this.deadlines.onOpened((opened) => this.driver.schedule(this.scheduled(opened)));
  }

  async reconcile(): Promise<ReconcileResult> {
    const today = this.rules.today();
    const em = this.dataSource.manager;
    let fired = 0;
    let failed = 0;
    for (const d of await this.deadlines.pendingDueBefore(em, today)) {
      try {
        if ((await this.handler.fire(d.id)) !== 'skipped') fired++;
      } catch (err) {
        // One bad deadline must not hold up the others; it stays pending and is retried next time.
        failed++;
        this.logger.error(`期限 ${d.id} 处理失败: ${(err as Error).message}`);
      }
    }
    let scheduled = 0;
    if (this.driver.name === 'bullmq') {
      const upcoming = await this.deadlines.pendingBetween(em, today, addDays(today, this.horizonDays));
      await this.driver.schedule(this.scheduled(upcoming));
      scheduled = upcoming.length;
    }
    await this.driver.markReconciled();
    if (fired || failed) this.logger.log(`期限巡检：处理逾期 ${fired} 项，失败 ${failed} 项`);
    return { fired, scheduled, failed };
  }

  /**
   * Each deadline with the time it fires, worked out once per due date: a vote's close opens
   * 10,000 deadlines on one or two dates, and a zoned date each took ~14 µs — 140 ms of the
   * event loop just after the close commits, while its answer waited.
   */
  private scheduled(deadlines: readonly { id: string; dueOn: string }[]): ScheduledDeadline[] {
    const at = new Map<string, Date>();
    return deadlines.map(({ id, dueOn }) => {
      let fireAt = at.get(dueOn);
      if (!fireAt) at.set(dueOn, (fireAt = this.fireAt(dueOn)));
      return { id, fireAt };
    });
  }

  /** dueOn is the last allowed day: it fires at 00:00 of the next day in the profile's zone. */
  fireAt(dueOn: string): Date {
    const [y, m, d] = addDays(dueOn, 1).split('-').map(Number);
    return new Date(new TZDate(y, m - 1, d, 0, 0, 0, this.rules.timeZone).getTime());
  }
}
