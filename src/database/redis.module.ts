import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';

/** One key namespace per database: two deployments (or parallel test runs) on one Redis share no jobs and no counts. */
export function redisPrefix(config: AppConfig): string {
  const db = config.database;
  const identity = db.type === 'sqlite' ? db.file : `${db.url}#${db.schema ?? ''}`;
  return `adm:${createHash('sha256').update(identity).digest('hex').slice(0, 12)}`;
}

/**
 * Redis connections when REDIS_URL is set; absent otherwise. `client`: health, the queue, the
 * job layer's marker. `limits`: the rate limits' counters, which must never hold a request up
 * — commands fail at once while Redis is away (no offline queue, one retry) and the limiter
 * lets the request through.
 */
@Injectable()
export class RedisConnection implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly client?: Redis;
  readonly limits?: Redis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (config.redisUrl) {
      // BullMQ requires maxRetriesPerRequest: null on worker connections (SPEC §10).
      this.client = new Redis(config.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
      this.client.on('error', (err) => this.logger.warn(`Redis 连接错误: ${err.message}`));
      this.limits = new Redis(config.redisUrl, {
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 1000,
      });
      this.limits.on('error', () => undefined); // reported once, by `client`
    }
  }

  async onModuleInit(): Promise<void> {
    if (!this.client) return;
    this.limits!.connect().catch(() => undefined); // reconnects by itself
    try {
      await this.client.connect();
      const [, policy] = ((await this.client.config('GET', 'maxmemory-policy')) as string[]) ?? [];
      if (policy && policy !== 'noeviction') {
        this.logger.warn(`Redis maxmemory-policy 为 ${policy}，应为 noeviction，否则队列任务可能被淘汰丢失`);
      }
    } catch (err) {
      // Keep serving: the database is the truth; health reports Redis down until it reconnects.
      this.logger.warn(`Redis 暂不可用（${(err as Error).message}），将自动重连`);
    }
  }

  /** PONG within a second; while reconnecting, commands would wait, so do not ask. */
  async ping(): Promise<boolean> {
    if (!this.client || this.client.status !== 'ready') return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 1000)));
    const pong = this.client.ping().then(
      (r) => r === 'PONG',
      () => false,
    );
    const ok = await Promise.race([pong, timeout]);
    clearTimeout(timer);
    return ok;
  }

  async onApplicationShutdown(): Promise<void> {
    for (const c of [this.client, this.limits]) {
      if (!c) continue;
      if (c.status === 'ready') await c.quit().catch(() => undefined);
      else c.disconnect();
    }
  }
}

@Global()
@Module({ providers: [RedisConnection], exports: [RedisConnection] })
export class RedisModule {}
