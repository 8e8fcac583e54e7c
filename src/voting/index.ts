// The voting feature as the others see it (SPEC §3, §7): the module, the value lists the API
// document names, the tables it owns, and the ballot cast's Fastify handler for the composition
// root (configureApp). No service: nothing outside voting calls one.
export { VotingModule } from './voting.module';
export { ballotCastRoute } from './ballots.route';
export { CHOICES } from './validators';
export type { Choice } from './validators';
export { SESSION_PURPOSES, SESSION_STATUSES, VOTE_LEVELS, VOTE_MODES } from './vote.entities';

/** The tables this feature owns, for the composition root's data source. */
export { VOTING_ENTITIES } from './vote.entities';
