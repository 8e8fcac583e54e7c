import { Deadline } from './deadline.entity';
/** The deadlines feature's only door (SPEC §3): rows, the firing step, and who handles each kind. */
export { DeadlinesModule } from './deadlines.module';
export { COUNT_CAP, DeadlinesService } from './deadlines.service';
export type { DeadlineView, NewDeadline, OpenedListener, OverduePart } from './deadlines.service';
export { DeadlineKinds } from './deadline-kinds';
export type { DeadlineKindHandler, DueDeadline, DueHandler, LapseHandler } from './deadline-kinds';
export { DEADLINE_KINDS } from './deadline.entity';
export type { DeadlineKind, DeadlineStatus } from './deadline.entity';

/** The tables this feature owns, for the composition root's data source. */
export const DEADLINES_ENTITIES = [Deadline];
