import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { AppConfig } from '@cardtrail/infra';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
/** Cookie that carries the admin token for the dashboard's own requests (HttpOnly, path-scoped). */
export const DASHBOARD_COOKIE = 'cardtrail_admin';
/** The console's session cookie (apps/api/src/web/console): an admin signed in there opens the dashboard from its link. */
export const CONSOLE_COOKIE = 'cardtrail_console';

export interface QueueDashboardOptions {
  config: Pick<AppConfig, 'NODE_ENV'>;
  /** The queues to show (their owner closes them). */
  queues: readonly Queue[];
  /**
   * Resolves true only for a valid admin token, given the `Authorization` header value
   * (`Bearer <jwt>`); false (or a rejection) for anything else.
   */
  verifyAdmin: (authorization: string | undefined) => Promise<boolean>;
  /** Defaults to `/admin/queues`. */
  basePath?: string;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Registers bull-board (the three pipeline queues) at `/admin/queues` on the API's Fastify
 * instance, for admins only, in a plugin of its own so its guard covers its routes and nothing
 * else. Register before the app is initialised.
 *
 * Scripts send `Authorization: Bearer <admin jwt>`. A browser cannot add that header to the
 * dashboard's own page, asset and API requests, so opening `/admin/queues?token=<admin jwt>`
 * once checks the token, stores it in an HttpOnly, SameSite=Strict cookie limited to this path
 * and redirects to the URL without the token; later requests carry the cookie. An admin signed
 * in to the console already holds their token in its cookie (`cardtrail_console`, the same
 * HttpOnly, SameSite=Strict kind), which is taken too, so the console links here without a token
 * in the URL. The cookie is
 * `Secure` when the request came over HTTPS (with `TRUST_PROXY`, as `X-Forwarded-Proto` says)
 * and always in production. Every request, header or cookie, is checked with `verifyAdmin`, so
 * an expired token stops working.
 *
 * Cross-site requests: SameSite=Strict keeps the cookie off them in current browsers; on top of
 * that a state-changing request (POST, PUT, PATCH, DELETE: retry, clean, pause a queue) whose
 * `Origin` is not this server's own, or that has no `Origin` and a `Sec-Fetch-Site` other than
 * `same-origin` or `none`, is refused with 403 before its token is looked at.
 */
export async function registerQueueDashboard(fastify: FastifyInstance, options: QueueDashboardOptions): Promise<{ basePath: string }> {
  const basePath = options.basePath ?? QUEUE_DASHBOARD_PATH;
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(basePath);
  createBullBoard({
    queues: options.queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'cardtrail queues' } },
  });
  const productionCookie = options.config.NODE_ENV === 'production';

  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (STATE_CHANGING.has(request.method) && isCrossSite(request)) {
      return deny(reply, 403, 'Cross-site requests may not change the queues: the Origin is not this server.');
    }
    const query = request.query as Record<string, unknown> | undefined;
    const queryToken = typeof query?.token === 'string' ? query.token : undefined;
    const cookieToken = readCookie(request.headers.cookie, DASHBOARD_COOKIE);
    const token = queryToken ?? cookieToken ?? readCookie(request.headers.cookie, CONSOLE_COOKIE);
    const authorization = request.headers.authorization ?? (token ? `Bearer ${token}` : undefined);
    if (!authorization) {
      return deny(reply, 401, 'An admin token is required: send Authorization: Bearer <token>, or open this page with ?token=<token>.');
    }
    const admin = await options.verifyAdmin(authorization).catch(() => false);
    if (!admin) return deny(reply, 403, 'Only an admin may open the queue dashboard.');
    if (queryToken && request.method === 'GET') {
      const secure = productionCookie || request.protocol === 'https';
      reply.header(
        'Set-Cookie',
        `${DASHBOARD_COOKIE}=${encodeURIComponent(queryToken)}; Path=${basePath}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`,
      );
      const url = new URL(request.url, 'http://dashboard.invalid');
      url.searchParams.delete('token');
      return reply.redirect(url.pathname + url.search, 303);
    }
    return undefined;
  };

  await fastify.register(async (scope) => {
    scope.addHook('onRequest', guard);
    await scope.register(serverAdapter.registerPlugin(), { prefix: basePath });
  });
  return { basePath };
}

/**
 * True when the browser says the request comes from another site: an `Origin` that is not this
 * server's scheme and host (the scheme as `X-Forwarded-Proto` gives it behind a trusted proxy),
 * or, without `Origin`, a `Sec-Fetch-Site` of `cross-site` or `same-site`. Requests without
 * either header (scripts, old browsers) are not cross-site by this test; SameSite covers browsers.
 */
function isCrossSite(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) return origin.toLowerCase() !== `${request.protocol}://${request.host}`.toLowerCase();
  const site = request.headers['sec-fetch-site'];
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) {
      try {
        return decodeURIComponent(value.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Answers with a problem document; the hook returns the reply, so the request goes no further. */
function deny(reply: FastifyReply, status: 401 | 403, detail: string): FastifyReply {
  if (status === 401) reply.header('WWW-Authenticate', 'Bearer');
  return reply
    .code(status)
    .header('Content-Type', 'application/problem+json; charset=utf-8')
    .header('Cache-Control', 'no-store')
    .send(JSON.stringify({ type: 'about:blank', title: status === 401 ? 'Unauthorized' : 'Forbidden', status, detail }));
}
