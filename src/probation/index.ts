// The probation feature (SPEC §3, §8): nothing but its module is used outside it.
import { Visit } from './visit.entity';
export { ProbationModule } from './probation.module';

/** The tables this feature owns, for the composition root's data source. */
export const PROBATION_ENTITIES = [Visit];
