// The plans feature as the others see it (SPEC §3, §11).
import { Plan, PlanEntry } from './plan.entities';
export { PlansModule } from './plans.module';
export { PlansService } from './plans.service';

/** The tables this feature owns, for the composition root's data source. */
export const PLANS_ENTITIES = [Plan, PlanEntry];
