import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../auth/decorators';
import type { JobDriver } from '../jobs';
import { JOB_DRIVER } from '../jobs';
import { RedisConnection } from '../database/redis.module';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: RedisConnection,
    @Inject(JOB_DRIVER) private readonly jobs: JobDriver,
  ) {}

  /**
   * 200 when the database (and Redis, when configured) answer; 503 otherwise. `jobs` is
   * `degraded` (status `degraded`, still 200: the instance serves requests) while Redis has
   * lost the queue's jobs and the next reconcile has not restored them (SPEC §10).
   */
  @Get()
  @Public()
  async check(@Res({ passthrough: true }) reply: FastifyReply) {
    const database = await this.dataSource
      .query('SELECT 1')
      .then(() => 'up')
      .catch(() => 'down');
    const redis = this.redis.client ? ((await this.redis.ping()) ? 'up' : 'down') : 'not_configured';
    const jobs = await this.jobs.state();
    const ok = database === 'up' && redis !== 'down';
    void reply.status(ok ? 200 : 503);
    return {
      status: ok && jobs !== 'degraded' ? 'ok' : 'degraded',
      database: { type: this.dataSource.options.type, status: database },
      redis,
      jobs,
    };
  }
}
