import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyReply, FastifyRequest, LogController } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { checkQuery, parseJsonBody } from './common/input-guard';
import { completeDocument } from './openapi';
import { serveWeb } from './web';
import { UPLOAD_LIMITS } from './office/http';
import { createRootLogger, PinoNestLogger, requestContext } from './common/logger';
import { createValidationPipe } from './common/validation';
import type { AppConfig } from './config/config';
import { APP_CONFIG } from './config/config.module';
import { RateLimited } from './common/errors';
import { RedisConnection, redisPrefix } from './database/redis.module';
import { ballotCastRoute } from './voting';

const CORRELATION_HEADER = 'x-correlation-id';
/** SPEC §6, §12, §14: the public endpoints and pages, and sign-in, share one budget of PUBLIC_RATE_LIMIT requests a minute per client. */
const RATE_LIMITED_ROUTE = /^\/(api\/public\/|api\/auth\/login(\?|$)|notices\/[^/.?]+(\?|$))/;
/** Where a secret ballot is cast or read: its access log has no client address, port or query next to its time (SPEC §7.3). */
const BALLOT_ROUTE = /^\/(api\/ballots|vote)(?=[/?]|$)/;

/** Fastify's access lines, less the client's address, port and query on a ballot route. */
class AccessLog extends LogController {
  override incomingRequest(request: FastifyRequest, reply: FastifyReply): void {
    if (!BALLOT_ROUTE.test(request.url)) return super.incomingRequest(request, reply);
    request.log.info({ req: { method: request.method, url: request.url.split('?')[0] } }, 'incoming request');
  }

  /** A 5xx line carries the request too. */
  override defaultErrorLog(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    if (!BALLOT_ROUTE.test(request.url) || reply.statusCode < 500) return super.defaultErrorLog(error, request, reply);
    reply.log.error(
      { req: { method: request.method, url: request.url.split('?')[0] }, res: reply, err: error },
      error?.message,
    );
  }
}

/** Builds the whole application: used by main.ts, the demo and every HTTP test alike. */
export async function createApp(
  config: AppConfig,
  logger: Logger = createRootLogger(config.logLevel),
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: 10 * 1024 * 1024,
    logController: new AccessLog(),
    trustProxy: config.trustProxy, // SPEC §12: off unless TRUST_PROXY names the proxies
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers[CORRELATION_HEADER];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
    bodyParser: false, // JSON bodies go through parseJsonBody (configureApp)
  });
  await configureApp(app);
  return app;
}

export async function configureApp(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // The ballot cast, a vote's hot path, is answered by Fastify without Nest's router (SPEC §7.3).
  fastify.addHook('onRoute', ballotCastRoute(app));
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(CORRELATION_HEADER, request.id);
    requestContext.run({ correlationId: request.id, arrived: performance.now() }, done);
  });
  // SPEC §12: one guard for every JSON body — depth, then parse, then control characters.
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  // SPEC §15: an import's one file, read into the body as `file` (a Buffer) within UPLOAD_LIMITS.
  // Only the import routes take multipart; anywhere else it is 415 before a byte is parsed, so an
  // HTML form from another site can never stand in for a JSON body.
  await app.register(multipart, { attachFieldsToBody: 'keyValues', limits: UPLOAD_LIMITS });
  const isImport = (request: FastifyRequest) => request.routeOptions.url?.endsWith('/import') ?? false;
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (/^multipart\//i.test(request.headers['content-type'] ?? '') && !isImport(request))
      return done(Object.assign(new Error('multipart only for imports'), { statusCode: 415 }));
    done();
  });
  // An import's dry run writes nothing, so it answers 200 where the import answers 201.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const dryRun = (request.query as Record<string, unknown> | undefined)?.dryRun === 'true';
    if (dryRun && reply.statusCode === 201 && isImport(request)) void reply.code(200);
    done(null, payload);
  });
  // `?orgId=&stage=` (SPEC §5) means "no filter": an empty query parameter is an absent one.
  fastify.addHook('preValidation', (request, _reply, done) => {
    const query = request.query as Record<string, unknown> | undefined;
    if (query && typeof query === 'object') {
      for (const key of Object.keys(query)) if (query[key] === '') delete query[key];
      try {
        checkQuery(query);
      } catch (err) {
        return done(err as Error);
      }
    }
    done();
  });
  // Helmet's Content-Security-Policy (scripts from this origin only, never inline), less
  // upgrade-insecure-requests (a county intranet often serves plain HTTP); inline styles are
  // allowed, as the console's components (antd) style themselves with <style> elements.
  await app.register(helmet, {
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null, styleSrc: ["'self'", "'unsafe-inline'"] } },
  });
  // With Redis the counts are shared by every instance; while Redis is away requests go through.
  const config = app.get<AppConfig>(APP_CONFIG);
  const redis = app.get(RedisConnection).limits;
  await app.register(rateLimit, {
    allowList: (request) => !RATE_LIMITED_ROUTE.test(request.url),
    max: config.publicRateLimit,
    timeWindow: 60_000,
    keyGenerator: (request) => request.ip,
    ...(redis ? { redis, nameSpace: `${redisPrefix(config)}:rate:`, skipOnError: true } : {}),
    errorResponseBuilder: () => new RateLimited(),
  });
  app.setGlobalPrefix('api', { exclude: ['notices/:id', 'notices/notice.css', 'notices/notice.js'] });
  await serveWeb(app);
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const document = completeDocument(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('发展党员全流程管理服务 API')
        .setDescription(
          'Admissions pipeline service: applicants, publicity, complaints, three-level voting, probation, accountability.',
        )
        .setVersion('0.1.0')
        .addBearerAuth()
        .build(),
    ),
    app,
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
