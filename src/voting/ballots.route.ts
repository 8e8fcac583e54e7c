import type { INestApplicationContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { ValidationFailed } from '../common/errors';
import { Ballots } from './ballots.service';
import { CastBallotDto, MAX_CANDIDATES } from './dto';
import { castBallotErrors } from './validators';

/**
 * POST /api/ballots answered by Fastify itself (Issue 13): the route Nest registers for
 * VotingController.cast keeps its path, its config (no rate limit, no Content-Security-Policy),
 * its hooks and its OpenAPI entry, and only its handler is this one instead of Nest's router
 * (guard, parameter pipeline, response controller and their promises). The same answers: the
 * body is checked by castBallotErrors as CastBallotBody does, 201 with the service's `{ receipt }`,
 * and anything thrown reaches the same ErrorFilter through the error handler Nest gives Fastify.
 * `onRoute` hook: add it before the application is initialised (configureApp).
 */
export function ballotCastRoute(app: INestApplicationContext): (route: RouteOptions) => void {
  return (route) => {
    if (route.method !== 'POST' || route.url !== '/api/ballots') return;
    const ballots = app.get(Ballots);
    route.handler = async function castBallot(request: FastifyRequest, reply: FastifyReply) {
      const errors = castBallotErrors(request.body, MAX_CANDIDATES);
      if (errors.length) throw new ValidationFailed(errors);
      const answer = await ballots.cast(request.body as CastBallotDto);
      void reply.code(201);
      return answer;
    };
  };
}
