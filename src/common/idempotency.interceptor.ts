import { createHash } from 'node:crypto';
import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, Observable, of, throwError } from 'rxjs';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/roles';
import { TransactionRunner } from '../database/transaction';
import { RulesError } from '@admissions/rules';
import { DomainError } from './domain-error';
import { IdempotencyKeyInUse, IdempotencyKeyReused, ValidationFailed } from './errors';
import { IdempotencyRecord } from './idempotency.entity';
import { requestContext } from './logger';

const IDEMPOTENCY = 'idempotency';
type Mode = 'create' | 'refuse';

/**
 * `Idempotency-Key` (SPEC §12). `create`: a create takes the key — a retry returns the first
 * answer and writes nothing new, also when retries arrive together on several instances. `refuse`:
 * the answer holds a secret (ballot codes, the tellers' key, later tokens) that is never stored,
 * so the header is answered 400. Every other route ignores the header. Both are in the OpenAPI document.
 * The interceptor is attached here, route by route, not globally: a route with no interceptor
 * skips Nest's interceptor chain (rxjs and two AsyncResource.bind a request) — the ballot cast's
 * hot path among them.
 */
export const Idempotency = (mode: Mode) =>
  applyDecorators(
    SetMetadata(IDEMPOTENCY, mode),
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        mode === 'create'
          ? '可选（最多 200 个字符）：同一调用者以同一 Key 重试时返回首次应答、不再写入；并发重试只写入一次，处理中的重试得到 409 IDEMPOTENCY_KEY_IN_USE；同一 Key 用于不同内容得到 409 IDEMPOTENCY_KEY_REUSED。'
          : '不接受：应答含秘密（选票码、开箱密钥、登录令牌），服务不保存；带此请求头 → 400。（选票：重试前先查询表决状态 papersIssued。）',
    }),
    ...(mode === 'create'
      ? [ApiResponse({ status: 409, description: 'IDEMPOTENCY_KEY_IN_USE / IDEMPOTENCY_KEY_REUSED' })]
      : []),
  );

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const PENDING = 0;

/**
 * The key is reserved by the create's own transaction (TransactionRunner.run), so it commits
 * or rolls back with the write; the answer is stored once the create has answered. A 4xx wrote
 * nothing (SPEC §12), so its reservation — if any — is released and a retry is tried afresh.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
  ) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = ctx.switchToHttp().getRequest<FastifyRequest & { caller?: Caller }>();
    const key = request.headers['idempotency-key'];
    const mode = this.reflector.getAllAndOverride<Mode | undefined>(IDEMPOTENCY, [ctx.getHandler(), ctx.getClass()]);
    if (key === undefined || !mode) return next.handle();
    if (mode === 'refuse')
      throw keyError('notAccepted', 'Idempotency-Key: 本接口的应答含秘密，不保存、不重放，不接受此请求头');
    if (typeof key !== 'string' || key === '' || key.length > 200)
      throw keyError('length', 'Idempotency-Key: 须为 1 至 200 个字符');

    const id = sha256([request.caller?.sub ?? 'public', request.method, request.url, key].join('\n'));
    const requestHash = sha256(JSON.stringify(withFileDigests(request.body ?? null)));
    const repo = this.dataSource.getRepository(IdempotencyRecord);
    const seen = await repo.findOne({ where: { id } });
    if (seen) {
      if (seen.requestHash !== requestHash) throw new IdempotencyKeyReused();
      if (seen.statusCode === PENDING) throw new IdempotencyKeyInUse();
      return of(JSON.parse(seen.body));
    }
    const reservation = { id, requestHash, reserved: false };
    const store = requestContext.getStore();
    if (store) store.idempotency = reservation;
    return next.handle().pipe(
      mergeMap((body) =>
        from(
          (reservation.reserved
            ? repo.update({ id, statusCode: PENDING }, { statusCode: 201, body: JSON.stringify(body ?? null) })
            : // a create that ran no transaction of its own: this one reserves the key, then keeps the answer
              this.tx
                .run((em) =>
                  em.update(
                    IdempotencyRecord,
                    { id, statusCode: PENDING },
                    { statusCode: 201, body: JSON.stringify(body ?? null) },
                  ),
                )
                .catch(() => undefined)
          ).then(() => body),
        ),
      ),
      catchError((err: unknown) => {
        const clientError = err instanceof RulesError || (err instanceof DomainError && err.status < 500);
        const release =
          reservation.reserved && clientError ? repo.delete({ id, statusCode: PENDING }) : Promise.resolve();
        return from(release.catch(() => undefined)).pipe(mergeMap(() => throwError(() => err)));
      }),
    );
  }
}

/** A multipart body's files (Buffers) by their digest, not as arrays of bytes. */
function withFileDigests(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  return Object.fromEntries(
    Object.entries(body).map(([k, v]) => [
      k,
      Buffer.isBuffer(v) ? `sha256:${createHash('sha256').update(v).digest('hex')}` : v,
    ]),
  );
}

function keyError(code: string, message: string): ValidationFailed {
  return new ValidationFailed([{ field: 'Idempotency-Key', code, message }]);
}
