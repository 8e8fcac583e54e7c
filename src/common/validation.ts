import { ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldError } from './domain-error';
import { ValidationFailed } from './errors';

/** Chinese wording for class-validator's constraints; the constraint name stays the code. */
const ZH: Record<string, string> = {
  whitelistValidation: '不允许的字段',
  isDefined: '必填',
  isNotEmpty: '不能为空',
  isString: '须为字符串',
  isBoolean: '须为布尔值',
  isInt: '须为整数',
  isNumber: '须为数字',
  min: '小于允许的最小值',
  max: '超过允许的最大值',
  isIn: '取值不在允许范围内',
  isEnum: '取值不在允许范围内',
  isUuid: '须为 UUID',
  isArray: '须为数组',
  arrayMinSize: '数组元素过少',
  arrayMaxSize: '数组元素过多',
  arrayUnique: '数组元素不能重复',
  isObject: '须为对象',
  nestedValidation: '须为对象',
  maxLength: '过长',
  minLength: '过短',
  isIsoDate: '须为有效日期（YYYY-MM-DD）',
  matches: '格式不正确',
  equals: '取值不正确',
};

/** A class-validator constraint in Chinese. */
export const constraintZh = (code: string, fallback = '取值不正确'): string => ZH[code] ?? fallback;

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = prefix
      ? /^\d+$/.test(error.property)
        ? `${prefix}[${error.property}]`
        : `${prefix}.${error.property}`
      : error.property;
    for (const code of Object.keys(error.constraints ?? {})) {
      out.push({ field, code, message: `${field}: ${ZH[code] ?? error.constraints![code]}` });
    }
    if (error.children?.length) out.push(...flatten(error.children, field));
  }
  return out;
}

/** Whitelist, forbid unknown fields, list every field error — 400, nothing written. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      return new ValidationFailed(fieldErrors);
    },
  });
}

/**
 * A nested body (a batch's or a correction's `input`) checked against its command's DTO as
 * the pipe checks a request: 400 with every field error, named under `field`.
 */
export async function validated<T extends object>(dto: new () => T, value: unknown, field: string): Promise<T> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationFailed([{ field, code: 'isObject', message: `${field}: 须为对象` }]);
  }
  try {
    return (await createValidationPipe().transform(value, { type: 'body', metatype: dto })) as T;
  } catch (e) {
    if (!(e instanceof ValidationFailed)) throw e;
    const errors = e.errors.map((f) => ({
      ...f,
      field: `${field}.${f.field}`,
      message: `${field}.${f.message}`,
    }));
    throw new ValidationFailed(errors);
  }
}
