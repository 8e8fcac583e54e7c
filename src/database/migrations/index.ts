import { Foundation1763769600000 } from './1763769600000-foundation';
import { Candidates1763769650000 } from './1763769650000-candidates';

/** Every migration, in order (no globs). */
export const MIGRATIONS = [
  Foundation1763769600000,
  Candidates1763769650000,
];
