/** Queue and job names (SPEC §10). Jobs carry deadline ids only, never a ballot or a person's data. */
export const DEADLINES_QUEUE = 'deadlines';
export const FIRE_DEADLINE_JOB = 'fire-deadline';
export const RECONCILE_JOB = 'reconcile';
/** The BullMQ job scheduler id of the repeatable reconciler. */
export const RECONCILE_SCHEDULER = 'deadlines-reconciler';

/** How often the reconciler runs after start-up (in-process timer, or BullMQ repeatable job). */
export const RECONCILE_EVERY_MS = 10 * 60 * 1000;

/** Injection token of the active JobDriver. */
export const JOB_DRIVER = Symbol('JOB_DRIVER');

export interface FireJobData {
  deadlineId: string;
}
