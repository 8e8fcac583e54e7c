import { createHash } from 'node:crypto';
import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { from, Observable, of, mergeMap } from 'rxjs';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/roles';
import { TransactionRunner } from '../database/transaction';
import { Clock } from './clock';
import { DomainError } from './domain-error';
import { IdempotencyRecord } from './idempotency.entity';

const NO_IDEMPOTENCY_KEY = 'idempotency:off';

/**
 * An endpoint whose request or answer holds a secret keeps nothing in the idempotency store
 * (SPEC §12). `refuse`: the answer is a secret (ballot codes, the tellers' key) that a replay
 * would hand out again, so the header is answered 400. `ignore`: a secret ballot, where a
 * used code already answers 409, so a retry is safe without it. Both are in the OpenAPI document.
 */
export const NoIdempotency = (mode: 'refuse' | 'ignore') =>
  applyDecorators(
    SetMetadata(NO_IDEMPOTENCY_KEY, mode),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        mode === 'refuse'
          ? '不接受：应答含秘密（选票码、开箱密钥），服务不保存；带此请求头 → 400。重试前先查询表决状态（papersIssued）。'
          : '忽略：选票不进入幂等记录；同一选票码重复提交 → 409 BALLOT_CODE_USED。',
    }),
  );

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * `Idempotency-Key` on creates (SPEC §12): a retry with the same key and body returns the
 * first answer and writes nothing new; the same key with another body is a conflict.
 * Only successful answers are kept, so a retry after a 4xx is tried afresh.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = ctx.switchToHttp().getRequest<FastifyRequest & { caller?: Caller }>();
    const key = request.headers['idempotency-key'];
    const off = this.reflector.getAllAndOverride<'refuse' | 'ignore' | undefined>(NO_IDEMPOTENCY_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (off === 'refuse' && key !== undefined) {
      throw new DomainError('VALIDATION_FAILED', '请求参数有误', {
        errors: [{ field: 'Idempotency-Key', code: 'notAccepted', message: 'Idempotency-Key: 本接口的应答含秘密，不保存、不重放，不接受此请求头' }],
      });
    }
    if (off) return next.handle();
    if (request.method !== 'POST' || typeof key !== 'string' || key === '') return next.handle();
    if (key.length > 200) {
      throw new DomainError('VALIDATION_FAILED', '请求参数有误', {
        errors: [{ field: 'Idempotency-Key', code: 'maxLength', message: 'Idempotency-Key: 过长（最多 200 个字符）' }],
      });
    }
    const id = sha256([request.caller?.sub ?? 'public', request.method, request.url, key].join('\n'));
    const requestHash = sha256(JSON.stringify(request.body ?? null));
    const seen = await this.dataSource.getRepository(IdempotencyRecord).findOne({ where: { id } });
    if (seen) {
      if (seen.requestHash !== requestHash) throw new DomainError('IDEMPOTENCY_KEY_REUSED', '该 Idempotency-Key 已用于内容不同的请求');
      return of(JSON.parse(seen.body));
    }
    return next.handle().pipe(
      mergeMap((body) =>
        from(
          this.tx
            .run((em) =>
              em.insert(IdempotencyRecord, {
                id,
                requestHash,
                statusCode: 201,
                body: JSON.stringify(body ?? null),
                createdAt: this.clock.now().toISOString(),
              }),
            )
            .catch(() => undefined) // a concurrent retry stored it first: the first answer stands
            .then(() => body),
        ),
      ),
    );
  }
}
