import { registerDecorator, ValidateIf, ValidationOptions } from 'class-validator';
import { isIsoDate } from '@admissions/rules';

/** A real calendar date in YYYY-MM-DD form (2025-02-29 is refused). */
export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isIsoDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: { validate: (value: unknown) => isIsoDate(value) },
    });
  };
}

/**
 * An optional field: absent (undefined) skips its validators; `null` does not — it is a
 * wrong type like any other (SPEC §12), where class-validator's own IsOptional lets it through.
 */
export function IsOptional(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined, options);
}

/** Array elements are distinct (a Set; class-validator's ArrayUnique is quadratic on 10,000 ids). */
export function IsUniqueArray(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'arrayUnique',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: { validate: (value: unknown) => Array.isArray(value) && new Set(value).size === value.length },
    });
  };
}
