import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyStatic from '@fastify/static';

/** Where `npm run build` puts the console and the ballot page (web/, built by Vite). */
export const WEB_ROOT = join(__dirname, '..', 'web', 'dist');

/** The service's own paths: never answered with the console's page. */
const SERVICE_PATH = /^\/(api|notices)(\/|$)/;

/**
 * SPEC §14: the staff console at `/` and the ballot page at `/vote`, from the Vite build.
 * Hashed assets (`/assets/…`) are cached for a year; the two pages never (so a new build shows
 * at once). Any other path that is not the service's own gets the console, whose router knows
 * it (the single-page fallback). Without a build (a service built alone), nothing is served.
 */
export async function serveWeb(app: NestFastifyApplication): Promise<void> {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) return;
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(fastifyStatic, {
    root: WEB_ROOT,
    prefix: '/',
    index: false,
    wildcard: false,
    cacheControl: false,
    setHeaders: (res, path) =>
      res.setHeader(
        'cache-control',
        path.startsWith(join(WEB_ROOT, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
      ),
  });
  fastify.get('/vote', (_request, reply) => reply.sendFile('vote.html'));
  fastify.get('/*', (request, reply) =>
    SERVICE_PATH.test(request.url) ? reply.callNotFound() : reply.sendFile('index.html'),
  );
}
