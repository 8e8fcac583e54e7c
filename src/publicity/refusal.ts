import { DomainError } from '../common/domain-error';

/**
 * A single refused rule (422 unless STATUS_BY_CODE says otherwise): the code on the body,
 * and the same as the one entry of `violations`, like a gate answer.
 */
export const refusal = (code: string, message: string) =>
  new DomainError(code, message, { violations: [{ code, message }] });
