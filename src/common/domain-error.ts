export interface Violation {
  code: string;
  message: string;
}

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/**
 * Every error a service raises on purpose. The code is the stable contract; the one
 * exception filter maps it to an HTTP status (see STATUS_BY_CODE in error.filter.ts).
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly extra: { violations?: Violation[]; errors?: FieldError[]; [detail: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what = '资源') => new DomainError('NOT_FOUND', `${what}不存在`);
export const forbidden = (message = '当前角色无权执行此操作') => new DomainError('FORBIDDEN', message);
export const conflict = (code: string, message: string) => new DomainError(code, message);

/** 422 with every violated gate. */
export class GateViolationError extends DomainError {
  constructor(violations: Violation[]) {
    super('GATE_VIOLATION', violations.map((v) => v.message).join('；'), { violations });
  }
}
