import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { CLOCK, createLogger, Metrics, type AppConfig, type Clock, type Logger } from '@cardtrail/infra';
import { PipelineQueues } from './admin/pipeline-queues';
import { mountQueueDashboard } from './admin/queue-dashboard';
import { jwtSettings, verifyAccessToken } from './auth/jwt';
import { PinoNestLogger } from '@cardtrail/infra/nest';
import { AppModule, type AppModuleOptions } from './app.module';
import { useHttpPipeline, useNotFoundFallback } from './common/http-pipeline';
import { setupOpenApi } from './common/openapi';
import { BODY_LIMIT } from './common/problem.filter';
import { FORM_BODY_LIMIT, PAGE_ROUTES } from './web/web-routes';

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
 * Builds the API exactly as production runs it (main.ts and the tests both call this):
 * Express, pino request logs with request ids, HTTP metrics, JSON bodies up to 100 kB,
 * problem documents for every error, `/v1` for the API and `/health`, `/metrics`, `/docs`
 * outside it. Returns the app initialised but not listening. Opens Postgres (creating the
 * database and running migrations when RUN_MIGRATIONS) and Redis; `app.close()` closes both.
 */
export async function createApiApp(options: ApiAppOptions): Promise<NestExpressApplication> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config, { name: 'cardtrail-api' });
  const metrics = new Metrics({ app: 'api' });

  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ config, clock: options.clock, logger, metrics, imports: options.imports }),
    {
      logger: new PinoNestLogger(logger),
      // Our body parser below, with its limit and JSON types only.
      bodyParser: false,
      // Throw start-up errors to the caller (main.ts prints them) instead of aborting the process.
      abortOnError: false,
    },
  );
  app.disable('x-powered-by');
  // Only the simple query parser: `?a[b]=1` stays a flat key (refused by strict schemas) instead
  // of becoming a nested object.
  app.set('query parser', 'simple');
  app.set('trust proxy', config.TRUST_PROXY);
  useHttpPipeline(app, { logger, metrics });
  app.useBodyParser('json', { limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  // --- pages (apps/api/src/web): HTML form posts. The pipeline lets a form body through on the
  // page routes only (415 elsewhere), so this parser only ever reads those.
  app.useBodyParser('urlencoded', { limit: FORM_BODY_LIMIT, extended: false, parameterLimit: 20 });
  // --- end pages

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
  await app.init();
  mountDashboard(app, config);
  useNotFoundFallback(app);
  return app;
}

/** The queue dashboard at /admin/queues, for admins only (see `admin/queue-dashboard.ts`). */
function mountDashboard(app: NestExpressApplication, config: AppConfig): void {
  const clock = app.get<Clock>(CLOCK);
  const settings = jwtSettings(config);
  mountQueueDashboard(app, {
    config,
    queues: app.get(PipelineQueues).all,
    verifyAdmin: async (authorization) => {
      const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
      if (!token) return false;
      const user = await verifyAccessToken(token, settings, clock.now());
      return user.role === 'admin';
    },
  });
}
