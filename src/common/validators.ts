import { registerDecorator, ValidationOptions } from 'class-validator';
import { isIsoDate } from '../rules';

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
