import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { RedisConnection, redisPrefix } from '../database/redis.module';

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

/**
 * SPEC §14: five failed sign-ins for a username within 15 minutes lock it for 15 minutes, for
 * an existing username or not. With REDIS_URL the failures and the lock live in Redis, so they
 * hold across every instance (a sorted set of failure times, a key holding the lock's end);
 * without it, or while Redis is away, in this process. Times come from the Clock.
 */
@Injectable()
export class LoginLock {
  private readonly redis?: Redis;
  private readonly prefix: string;
  private readonly failures = new Map<string, number[]>();
  private readonly locks = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    redis: RedisConnection,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.redis = redis.limits;
    this.prefix = `${redisPrefix(config)}:login:`;
  }

  async isLocked(username: string): Promise<boolean> {
    const now = this.clock.now().getTime();
    const until = (await this.shared((r) => r.get(`${this.prefix}lock:${username}`))) ?? this.locks.get(username);
    return until !== undefined && until !== null && Number(until) > now;
  }

  /** Counts a failure; the fifth within the window locks the username. */
  async fail(username: string): Promise<void> {
    const now = this.clock.now().getTime();
    const key = `${this.prefix}fail:${username}`;
    const counted = await this.shared(async (r) => {
      const replies = await r
        .multi()
        .zremrangebyscore(key, 0, now - WINDOW_MS)
        .zadd(key, now, `${now}:${Math.random()}`)
        .zcard(key)
        .pexpire(key, WINDOW_MS)
        .exec();
      return Number(replies?.[2]?.[1] ?? 0);
    });
    const count = counted ?? this.failLocally(username, now);
    if (count < MAX_FAILURES) return;
    const until = now + LOCK_MS;
    const stored = await this.shared((r) => r.set(`${this.prefix}lock:${username}`, String(until), 'PX', LOCK_MS));
    if (stored === undefined) this.locks.set(username, until);
    await this.clear(username, false);
  }

  /** A successful sign-in starts the count again. */
  async clear(username: string, unlock = true): Promise<void> {
    this.failures.delete(username);
    if (unlock) this.locks.delete(username);
    await this.shared((r) => r.del(`${this.prefix}fail:${username}`));
  }

  private failLocally(username: string, now: number): number {
    const recent = (this.failures.get(username) ?? []).filter((t) => t > now - WINDOW_MS);
    recent.push(now);
    this.failures.set(username, recent);
    return recent.length;
  }

  /** A Redis command, or undefined without Redis or while it is away (then this process counts). */
  private async shared<T>(command: (redis: Redis) => Promise<T>): Promise<T | undefined> {
    if (!this.redis || this.redis.status !== 'ready') return undefined;
    try {
      return await command(this.redis);
    } catch {
      return undefined;
    }
  }
}
