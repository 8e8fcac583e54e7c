import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../common/domain-error';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';

const WINDOW_MS = 60_000;

/**
 * Fixed one-minute windows per client address, in memory: each instance counts its own
 * clients (several instances behind a balancer each allow the limit). Wall-clock time on
 * purpose — this is traffic control, not a dated rule, so the test clock does not move it.
 */
@Injectable()
export class PublicRateLimiter {
  readonly limit: number;
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private nextSweep = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limit = config.publicRateLimit;
  }

  take(key: string, now = Date.now()): { allowed: boolean; remaining: number; resetAt: number } {
    if (now >= this.nextSweep) {
      for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
      this.nextSweep = now + WINDOW_MS;
    }
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + WINDOW_MS };
      this.windows.set(key, w);
    }
    w.count += 1;
    return { allowed: w.count <= this.limit, remaining: Math.max(0, this.limit - w.count), resetAt: w.resetAt };
  }
}

/** SPEC §6: the public endpoints and pages are rate limited per client address (429 RATE_LIMITED). */
@Injectable()
export class PublicRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: PublicRateLimiter) {}

  canActivate(ctx: ExecutionContext): boolean {
    const request = ctx.switchToHttp().getRequest<FastifyRequest>();
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    const now = Date.now();
    const { allowed, remaining, resetAt } = this.limiter.take(request.ip, now);
    void reply.header('x-ratelimit-limit', this.limiter.limit);
    void reply.header('x-ratelimit-remaining', remaining);
    if (!allowed) {
      void reply.header('retry-after', Math.max(1, Math.ceil((resetAt - now) / 1000)));
      throw new DomainError('RATE_LIMITED', '请求过于频繁，请稍后再试');
    }
    return true;
  }
}
