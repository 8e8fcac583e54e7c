import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';

/** One shared Redis connection when REDIS_URL is set (health, queue checks); absent otherwise. */
@Injectable()
export class RedisConnection implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly client?: Redis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (config.redisUrl) {
      // BullMQ requires maxRetriesPerRequest: null on worker connections (SPEC §10).
      this.client = new Redis(config.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
      this.client.on('error', (err) => this.logger.warn(`Redis 连接错误: ${err.message}`));
    }
  }

  async onModuleInit(): Promise<void> {
    if (!this.client) return;
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
    const pong = this.client.ping().then((r) => r === 'PONG', () => false);
    const ok = await Promise.race([pong, timeout]);
    clearTimeout(timer);
    return ok;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.client) return;
    if (this.client.status === 'ready') await this.client.quit().catch(() => undefined);
    else this.client.disconnect();
  }
}

@Global()
@Module({ providers: [RedisConnection], exports: [RedisConnection] })
export class RedisModule {}

