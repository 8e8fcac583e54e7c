import { randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();
export const nowIso = (d: Date): string => d.toISOString();
