import type { ArgumentsHost } from '@nestjs/common';
import { NotFoundException } from '@nestjs/common';
import { RulesError } from '@admissions/rules';
import {
  Conflict,
  DomainError,
  Forbidden,
  forbidden,
  GateViolationError,
  InvalidRequest,
  NotFound,
  notFound,
  RuleViolation,
  TooManyRequests,
  Unauthenticated,
} from './domain-error';
import { ErrorFilter } from './error.filter';
import { IdempotencyKeyInUse, IdempotencyKeyReused, RateLimited, ValidationFailed } from './errors';

/** What the filter wrote: the status and the body, through a minimal Fastify reply. */
function answer(exception: unknown): { status: number; body: Record<string, unknown> } {
  const sent: { status: number; body: Record<string, unknown> } = { status: 0, body: {} };
  const reply = {
    status(code: number) {
      sent.status = code;
      return reply;
    },
    send(body: Record<string, unknown>) {
      sent.body = body;
      return reply;
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ id: 'req-1' }), getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  const filter = new ErrorFilter();
  (filter as unknown as { logger: { error: () => void } }).logger = { error: () => undefined };
  filter.catch(exception, host);
  return sent;
}

describe('ErrorFilter', () => {
  it.each<[string, number, string, DomainError]>([
    ['InvalidRequest', 400, 'Bad Request', new InvalidRequest('BAD_REQUEST', '请求有误')],
    ['Unauthenticated', 401, 'Unauthorized', new Unauthenticated('UNAUTHENTICATED', '未登录或令牌无效、已过期')],
    ['Forbidden', 403, 'Forbidden', new Forbidden('FORBIDDEN', '当前角色无权执行此操作')],
    ['NotFound', 404, 'Not Found', new NotFound('NOT_FOUND', '候选人不存在')],
    ['Conflict', 409, 'Conflict', new Conflict('VOTE_CLOSED', '本次表决已结束')],
    ['TooManyRequests', 429, 'Too Many Requests', new TooManyRequests('RATE_LIMITED', '请求过于频繁，请稍后再试')],
  ])('%s answers %i %s with its code and message', (_, status, error, err) => {
    expect(err.status).toBe(status);
    expect(answer(err)).toEqual({
      status,
      body: { statusCode: status, error, code: err.code, message: err.message, correlationId: 'req-1' },
    });
  });

  it('spreads the extra details of a non-422 answer (400 field errors, a 409 holder)', () => {
    const errors = [{ field: 'name', code: 'isString', message: 'name: 须为字符串' }];
    expect(answer(new ValidationFailed(errors))).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        code: 'VALIDATION_FAILED',
        message: '请求参数有误',
        errors,
        correlationId: 'req-1',
      },
    });
    const holder = { candidateId: 'c1', orgId: 'o1', orgName: '第一支部' };
    expect(answer(new Conflict('DUPLICATE_APPLICANT', '已有', { holder })).body).toMatchObject({
      statusCode: 409,
      error: 'Conflict',
      code: 'DUPLICATE_APPLICANT',
      holder,
    });
  });

  it('a RuleViolation answers 422 GateViolation with itself as the one violation', () => {
    expect(answer(new RuleViolation('DATE_IN_FUTURE', '日期晚于今天'))).toEqual({
      status: 422,
      body: {
        statusCode: 422,
        error: 'GateViolation',
        code: 'DATE_IN_FUTURE',
        message: '日期晚于今天',
        violations: [{ code: 'DATE_IN_FUTURE', message: '日期晚于今天' }],
        correlationId: 'req-1',
      },
    });
  });

  it('a GateViolationError answers 422 with every violation', () => {
    const violations = [
      { code: 'TALK_MISSING', message: '尚未谈话' },
      { code: 'DATE_OUT_OF_ORDER', message: '日期早于申请日期' },
    ];
    const err = new GateViolationError(violations);
    expect(err).toBeInstanceOf(RuleViolation);
    expect(answer(err)).toEqual({
      status: 422,
      body: {
        statusCode: 422,
        error: 'GateViolation',
        code: 'GATE_VIOLATION',
        message: '尚未谈话；日期早于申请日期',
        violations,
        correlationId: 'req-1',
      },
    });
  });

  it('a RulesError from @admissions/rules answers 422 in the gate shape', () => {
    expect(answer(new RulesError('BALLOTS_EXCEED_PRESENT', '票数超过到会人数', ['detail']))).toEqual({
      status: 422,
      body: {
        statusCode: 422,
        error: 'GateViolation',
        code: 'BALLOTS_EXCEED_PRESENT',
        message: '票数超过到会人数',
        violations: [{ code: 'BALLOTS_EXCEED_PRESENT', message: '票数超过到会人数' }],
        correlationId: 'req-1',
      },
    });
  });

  it('an unknown error answers 500 without its message', () => {
    const { status, body } = answer(new Error('SELECT * FROM ballots WHERE secret = 42'));
    expect(status).toBe(500);
    expect(body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      code: 'INTERNAL',
      message: '服务器内部错误，请联系管理员并提供 correlationId',
      correlationId: 'req-1',
    });
    expect(JSON.stringify(body)).not.toContain('SELECT');
  });

  it("a Nest HttpException keeps its status with the filter's own code and message", () => {
    expect(answer(new NotFoundException('Cannot GET /api/nowhere')).body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      code: 'HTTP_404',
      message: '资源不存在',
      correlationId: 'req-1',
    });
  });

  it('the class, not the code, decides the status: a Conflict with any code is 409', () => {
    for (const code of ['VOTE_CLOSED', 'VOTE_CLOSD', 'NOT_A_KNOWN_CODE', 'NOT_FOUND', 'GATE_VIOLATION', '']) {
      const { status, body } = answer(new Conflict(code, '冲突'));
      expect(status).toBe(409);
      expect(body).toMatchObject({ statusCode: 409, error: 'Conflict', code });
      expect(body).not.toHaveProperty('violations');
    }
    // and a rule refusal stays 422 whatever its code says
    expect(answer(new RuleViolation('IDEMPOTENCY_KEY_REUSED', '规则')).status).toBe(422);
  });

  it("the platform's own errors and the factories answer their status", () => {
    expect(answer(new IdempotencyKeyReused()).body).toMatchObject({ statusCode: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(answer(new IdempotencyKeyInUse()).body).toMatchObject({ statusCode: 409, code: 'IDEMPOTENCY_KEY_IN_USE' });
    expect(answer(new RateLimited()).body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    expect(answer(notFound('候选人')).body).toMatchObject({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: '候选人不存在',
    });
    expect(answer(forbidden()).body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
  });
});
