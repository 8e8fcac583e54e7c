import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { registerDecorator, ValidationOptions } from 'class-validator';
import type { FieldError } from '../common/domain-error';
import { ValidationFailed } from '../common/errors';
import { constraintZh } from '../common/validation';

export const CHOICES = ['approve', 'reject', 'abstain'] as const;
export type Choice = (typeof CHOICES)[number];

const choiceMapMessage = (field: string) => `${field}: 须为 {候选人ID: approve|reject|abstain} 的对象`;

function isChoiceMap(value: unknown, max: number): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length <= max &&
    entries.every(([k, v]) => k.length > 0 && k.length <= 100 && (CHOICES as readonly unknown[]).includes(v))
  );
}

/**
 * {candidateId: 'approve'|'reject'|'abstain'}, at most `max` entries. Keys are only checked
 * for length here: a key that names no candidate of the session is the service's 422.
 */
export function IsChoiceMap(max: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isChoiceMap',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: choiceMapMessage(String(propertyName)), ...options },
      validator: { validate: (value: unknown) => isChoiceMap(value, max) },
    });
  };
}

const fieldError = (field: string, code: string, message = constraintZh(code)): FieldError => ({
  field,
  code,
  message: `${field}: ${message}`,
});

/**
 * The cast's body (CastBallotDto: `code` a string of 1–200 characters, `choices` a choice
 * map, nothing else) checked by hand, with exactly the field errors the validation pipe gives
 * for that DTO, in its order (validators.spec.ts holds the two side by side): the cast is the
 * hot path of a vote, and class-transformer + class-validator were ~7 % of its time. Any body
 * that is not an object is checked as an empty one, as the pipe does. One difference: the field
 * names class-transformer drops without a word (`constructor`, `toString`, …) are refused here.
 */
export function castBallotErrors(body: unknown, maxCandidates: number): FieldError[] {
  const value = (body !== null && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const key of Object.keys(value))
    if (key !== 'code' && key !== 'choices') errors.push(fieldError(key, 'whitelistValidation'));
  const { code, choices } = value;
  if (typeof code !== 'string' || code.length > 200) errors.push(fieldError('code', 'maxLength'));
  if (typeof code !== 'string' || code.length < 1) errors.push(fieldError('code', 'minLength'));
  if (typeof code !== 'string') errors.push(fieldError('code', 'isString'));
  if (choices === null || choices === undefined) errors.push(fieldError('choices', 'isDefined'));
  if (!isChoiceMap(choices, maxCandidates))
    errors.push(fieldError('choices', 'isChoiceMap', choiceMapMessage('choices')));
  return errors;
}

/**
 * POST /api/ballots's body, checked by castBallotErrors: 400 with every field error, as the
 * validation pipe answers (which passes over a custom parameter like this one).
 */
export const CastBallotBody = createParamDecorator((maxCandidates: number, ctx: ExecutionContext) => {
  const body: unknown = ctx.switchToHttp().getRequest<{ body?: unknown }>().body;
  const errors = castBallotErrors(body, maxCandidates);
  if (errors.length) throw new ValidationFailed(errors);
  return body;
});
