import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../auth/decorators';
import { RedisConnection } from '../jobs/redis.module';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: RedisConnection,
  ) {}

  /** 200 when the database (and Redis, when configured) answer; 503 otherwise. */
  @Get() @Public()
  async check(@Res({ passthrough: true }) reply: FastifyReply) {
    const database = await this.dataSource
      .query('SELECT 1')
      .then(() => 'up')
      .catch(() => 'down');
    const redis = this.redis.client ? ((await this.redis.ping()) ? 'up' : 'down') : 'not_configured';
    const ok = database === 'up' && redis !== 'down';
    void reply.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', database: { type: this.dataSource.options.type, status: database }, redis };
  }
}
