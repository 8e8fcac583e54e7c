import { Conflict, FieldError, InvalidRequest, TooManyRequests } from './domain-error';

/** 400 with every field error (class-validator's, the input guard's, a nested command's). */
export class ValidationFailed extends InvalidRequest {
  constructor(readonly errors: FieldError[]) {
    super('VALIDATION_FAILED', '请求参数有误', { errors });
  }
}

/** SPEC §12: the key was first used for a request with another body. */
export class IdempotencyKeyReused extends Conflict {
  constructor() {
    super('IDEMPOTENCY_KEY_REUSED', '该 Idempotency-Key 已用于内容不同的请求');
  }
}

/** SPEC §12: a retry arrived while the first request with its key is still running. */
export class IdempotencyKeyInUse extends Conflict {
  constructor() {
    super(
      'IDEMPOTENCY_KEY_IN_USE',
      '使用同一 Idempotency-Key 的请求正在处理（或已办理但应答未能保存，请查询结果），请勿重复提交',
    );
  }
}

/** SPEC §12: `PUBLIC_RATE_LIMIT` requests a minute per client on the public endpoints. */
export class RateLimited extends TooManyRequests {
  constructor() {
    super('RATE_LIMITED', '请求过于频繁，请稍后再试');
  }
}
