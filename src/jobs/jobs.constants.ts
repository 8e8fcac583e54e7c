/** Queue and job names (SPEC §10). Jobs carry deadline ids only, never a ballot or a person's data. */
export const DEADLINES_QUEUE = 'deadlines';
export const FIRE_DEADLINE_JOB = 'fire-deadline';
/**
 * The BullMQ job scheduler that ran the reconciler before each instance ran it on its own
 * timer (a schedule kept in Redis is lost with Redis's data); removed at start-up where found.
 */
export const LEGACY_RECONCILE_SCHEDULER = 'deadlines-reconciler';

/** Injection token of the active JobDriver. */
export const JOB_DRIVER = Symbol('JOB_DRIVER');

export interface FireJobData {
  deadlineId: string;
}
