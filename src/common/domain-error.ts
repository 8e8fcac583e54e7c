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
 * What an answer carries besides its code and message (`errors`: a 400's field errors, an
 * import's row errors; details such as a 409's `holder`).
 */
export interface ErrorExtra {
  errors?: readonly object[];
  [detail: string]: unknown;
}

/**
 * Every error a service raises on purpose. The code is the stable contract; the class fixes the
 * HTTP status (one subclass per status below, each feature's own in its `errors.ts`), and the one
 * exception filter (error.filter.ts) writes the answer. A code cannot pick its status: a misspelt
 * conflict code is still a Conflict, 409.
 */
export abstract class DomainError extends Error {
  abstract readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 429;

  constructor(
    readonly code: string,
    message: string,
    readonly extra: ErrorExtra = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400: the request itself is malformed (VALIDATION_FAILED with every field error, BAD_REQUEST). */
export class InvalidRequest extends DomainError {
  get status(): 400 {
    return 400;
  }
}

/** 401: no valid token. */
export class Unauthenticated extends DomainError {
  get status(): 401 {
    return 401;
  }
}

/** 403: the caller's role may not take the action. */
export class Forbidden extends DomainError {
  get status(): 403 {
    return 403;
  }
}

/** 404: missing, or outside the caller's scope (SPEC §12: the two answer alike). */
export class NotFound extends DomainError {
  get status(): 404 {
    return 404;
  }
}

/** 409: the state changed meanwhile, or the thing is already done (a used ballot code, a closed vote). */
export class Conflict extends DomainError {
  get status(): 409 {
    return 409;
  }
}

/**
 * 422: a rule refuses the request. Answers like a gate: the code on the body, and `violations`
 * listing each broken rule — by default this one.
 */
export class RuleViolation extends DomainError {
  readonly violations: Violation[];

  constructor(code: string, message: string, violations?: Violation[], extra?: ErrorExtra) {
    super(code, message, extra);
    this.violations = violations ?? [{ code, message }];
  }

  get status(): 422 {
    return 422;
  }
}

/** 422 with every violated gate. */
export class GateViolationError extends RuleViolation {
  constructor(violations: Violation[]) {
    super('GATE_VIOLATION', violations.map((v) => v.message).join('；'), violations);
  }
}

/** 429: too many requests from one client. */
export class TooManyRequests extends DomainError {
  get status(): 429 {
    return 429;
  }
}

export const notFound = (what = '资源') => new NotFound('NOT_FOUND', `${what}不存在`);
export const forbidden = (message = '当前角色无权执行此操作') => new Forbidden('FORBIDDEN', message);
