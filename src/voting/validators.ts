import { registerDecorator, ValidationOptions } from 'class-validator';

export const CHOICES = ['approve', 'reject', 'abstain'] as const;
export type Choice = (typeof CHOICES)[number];

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
      options: { message: `${String(propertyName)}: 须为 {候选人ID: approve|reject|abstain} 的对象`, ...options },
      validator: {
        validate: (value: unknown) => {
          if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          return (
            entries.length <= max &&
            entries.every(([k, v]) => k.length > 0 && k.length <= 100 && (CHOICES as readonly unknown[]).includes(v))
          );
        },
      },
    });
  };
}
