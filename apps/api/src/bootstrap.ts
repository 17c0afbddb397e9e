import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { errorCodes, LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { CLOCK, createLogger, Metrics, type AppConfig, type Clock, type Logger } from '@cardtrail/infra';
import { registerQueueDashboard } from './admin/queue-dashboard';
import { jwtSettings, verifyAccessToken } from './auth/jwt';
import { PinoNestLogger, PipelineQueues } from '@cardtrail/infra/nest';
import { AppModule, type AppModuleOptions } from './app.module';
import { BODY_LIMIT_BYTES, requestId, useHttpPipeline } from './common/http-pipeline';
import { setupOpenApi } from './common/openapi';
import { acceptsFormPosts, FORM_BODY_LIMIT, PAGE_ROUTES } from './web/web-routes';
import { problemType } from './common/problem';
import { writeProblem } from './common/problem.filter';

export interface ApiAppOptions {
  config: AppConfig;
  /** Defaults to the system clock; tests pass a `ManualClock`. */
  clock?: Clock;
  /** Defaults to `createLogger(config)`. */
  logger?: Logger;
  /** Extra modules, for tests only. */
  imports?: AppModuleOptions['imports'];
}

/**
 * Builds the API exactly as production runs it (main.ts and the tests both call this): Nest on
 * Fastify (docs/decisions/0018-fastify.md), request ids, access logs and HTTP metrics from
 * Fastify hooks, JSON bodies only and up to 100 kB, problem documents for every error, `/v1` for
 * the API and `/health`, `/metrics`, `/docs`, `/admin/queues` outside it. Returns the app
 * initialised and ready but not listening. Opens Postgres (creating the database and running
 * migrations when RUN_MIGRATIONS) and Redis; `app.close()` closes both.
 */
export async function createApiApp(options: ApiAppOptions): Promise<NestFastifyApplication> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config, { name: 'cardtrail-api' });
  const metrics = new Metrics({ app: 'api' });

  const adapter = new FastifyAdapter({
    // Fastify's own logger is ours; it logs nothing per request by itself (the access log is
    // written by the pipeline), and `request.log` is that logger, without a child per request.
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: (parent: FastifyBaseLogger) => parent,
    genReqId: requestId,
    // The router refuses a malformed URL before any hook or handler runs.
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
        writeProblem(reply, {
          type: problemType('uri-too-long'),
          title: 'URI Too Long',
          status: 414,
          detail: 'A path parameter is longer than 100 characters.',
        });
        return;
      }
      const badUrl = error.code === 'FST_ERR_BAD_URL';
      writeProblem(reply, {
        type: problemType(badUrl ? 'bad-request' : 'internal-error'),
        title: badUrl ? 'Bad Request' : 'Internal Server Error',
        status: badUrl ? 400 : 500,
        detail: badUrl ? 'The URL is not correctly percent-encoded.' : 'The service could not answer this request.',
      });
    },
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: trustProxy(config.TRUST_PROXY),
    // No Nest middleware is used: everything runs as Fastify hooks.
    skipMiddie: true,
    // Fastify's query-string parser keeps `?a[b]=1` a flat key `a[b]` (refused by strict
    // schemas) and repeats as arrays, like Express's "simple" parser.
    routerOptions: { ignoreTrailingSlash: false },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, clock: options.clock, logger, metrics, imports: options.imports }),
    adapter,
    {
      logger: new PinoNestLogger(logger),
      // JSON only: the parsers are set below.
      bodyParser: false,
      // Throw start-up errors to the caller (main.ts prints them) instead of aborting the process.
      abortOnError: false,
    },
  );
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  useJsonBodiesOnly(fastify);
  useFormBodiesOnPages(fastify);
  useHttpPipeline(fastify, { logger, metrics });

  app.setGlobalPrefix('v1', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
      ...PAGE_ROUTES, // the pages: `/`, `/card…`, `/travel`, `/assets/…` (apps/api/src/web)
    ],
  });
  app.enableShutdownHooks();
  setupOpenApi(app);
  await mountDashboard(app, fastify, config);
  await app.init();
  await fastify.ready();
  return app;
}

/**
 * Bodies are JSON (`application/json`, `application/*+json`) or nothing (forms on the pages, see
 * below): every other content type (text, multipart, none at all with a body) is a 415 before the
 * body is read, malformed JSON a 400, over 100 kB a 413 (the problem filter words them).
 */
function useJsonBodiesOnly(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  const json = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, json);
  fastify.addContentTypeParser(/^application\/[a-z0-9.+-]+\+json$/i, { parseAs: 'string' }, json);
}

// --- pages (apps/api/src/web)
/** Fields a page's form posts at most (its fields and the CSRF token, with room to spare). */
const FORM_PARAMETER_LIMIT = 20;

/**
 * HTML form posts (`application/x-www-form-urlencoded`, at most 10 kB and 20 fields) on the page
 * routes only; on every other path such a body is the same 415 as any non-JSON body. Fields are
 * flat (`a[b]` is a field named `a[b]`) and a repeated field becomes an array, which the pages'
 * form reader refuses.
 */
function useFormBodiesOnPages(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: parseByteSize(FORM_BODY_LIMIT) },
    (request, body, done) => {
      if (!acceptsFormPosts(request.url)) {
        done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(request.headers['content-type']), undefined);
        return;
      }
      const params = new URLSearchParams(body as string);
      const form = Object.create(null) as Record<string, string | string[]>;
      let count = 0;
      for (const [name, value] of params) {
        if ((count += 1) > FORM_PARAMETER_LIMIT) {
          done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE(), undefined);
          return;
        }
        const seen = form[name];
        form[name] = seen === undefined ? value : [...[seen].flat(), value];
      }
      done(null, form);
    },
  );
}

/** `'10kb'` → 10240. */
function parseByteSize(size: string): number {
  const match = /^(\d+)\s*(b|kb|mb)?$/i.exec(size.trim());
  if (!match) throw new RangeError(`Invalid size ${size}`);
  return Number(match[1]) * { b: 1, kb: 1024, mb: 1024 * 1024 }[(match[2] ?? 'b').toLowerCase() as 'b' | 'kb' | 'mb'];
}
// --- end pages

/**
 * `TRUST_PROXY` as Fastify takes it: true or false, addresses and presets such as `loopback`
 * (proxy-addr), or a hop count: the client is the address that many proxies back.
 */
function trustProxy(value: AppConfig['TRUST_PROXY']): boolean | string | ((address: string, hop: number) => boolean) {
  if (typeof value !== 'number') return value;
  return (_address, hop) => hop < value;
}

/** The queue dashboard at /admin/queues, for admins only (see `admin/queue-dashboard.ts`). */
async function mountDashboard(app: NestFastifyApplication, fastify: FastifyInstance, config: AppConfig): Promise<void> {
  const clock = app.get<Clock>(CLOCK);
  const settings = jwtSettings(config);
  await registerQueueDashboard(fastify, {
    config,
    queues: app.get(PipelineQueues).all(),
    verifyAdmin: async (authorization) => {
      const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
      if (!token) return false;
      const user = await verifyAccessToken(token, settings, clock.now());
      return user.role === 'admin';
    },
  });
}
