import { AsyncLocalStorage } from 'node:async_hooks';
import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/** A create's Idempotency-Key, to be reserved by the request's first transaction (SPEC §12). */
export interface IdempotencyReservation {
  id: string;
  requestHash: string;
  /** Set once the transaction that inserted the reservation has committed. */
  reserved: boolean;
}

/**
 * What every piece of work done for one request can see: its correlation id, when it arrived
 * (performance.now(): the reads' lanes serve the oldest request first), and a create's idempotency key.
 */
export const requestContext = new AsyncLocalStorage<{
  correlationId: string;
  arrived: number;
  idempotency?: IdempotencyReservation;
}>();

export function createRootLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'admissions' },
    mixin: () => {
      const store = requestContext.getStore();
      return store ? { correlationId: store.correlationId } : {};
    },
    // Never log bodies or credentials: ballots and complaints must not reach the logs.
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], remove: true },
  });
}

/** Nest's logger, written through pino. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    if (message && typeof message === 'object')
      this.logger[level]({ context, ...(message as object) }, (rest[0] as string) ?? '');
    else this.logger[level]({ context }, String(message));
  }

  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
}
