import { Param, ParseUUIDPipe } from '@nestjs/common';
import { notFound } from './domain-error';

/** A path id; anything that is not a UUID cannot exist, so it answers 404 like a missing one. */
export const IdParam = (name = 'id') => Param(name, new ParseUUIDPipe({ exceptionFactory: () => notFound() }));
