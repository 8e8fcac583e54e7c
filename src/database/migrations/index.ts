import { Foundation1763769600000 } from './1763769600000-foundation';

/** Every migration, in order (no globs). */
export const MIGRATIONS = [Foundation1763769600000];
