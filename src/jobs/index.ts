// The job layer (SPEC §10): fires deadlines through BullMQ or in-process.
export { JobsModule } from './jobs.module';

export { JOB_DRIVER } from './jobs.constants';
export type { JobDriver } from './job-driver';
export { DeadlineReconciler } from './reconciler.service';
