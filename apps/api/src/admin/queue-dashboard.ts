import type { INestApplication } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { AppConfig } from '@cardtrail/infra';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
/** Cookie that carries the admin token for the dashboard's own requests (HttpOnly, path-scoped). */
export const DASHBOARD_COOKIE = 'cardtrail_admin';

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

export interface QueueDashboard {
  basePath: string;
}

/**
 * Mounts bull-board (the three pipeline queues) at `/admin/queues`, for admins only.
 *
 * Scripts send `Authorization: Bearer <admin jwt>`. A browser cannot add that header to the
 * dashboard's own page, asset and API requests, so opening `/admin/queues?token=<admin jwt>`
 * once checks the token, stores it in an HttpOnly, SameSite=Strict cookie limited to this path
 * and redirects to the URL without the token; later requests carry the cookie. Every request,
 * header or cookie, is checked with `verifyAdmin`, so an expired token stops working.
 * Mount it before the API's not-found fallback.
 */
export function mountQueueDashboard(app: INestApplication, options: QueueDashboardOptions): QueueDashboard {
  const basePath = options.basePath ?? QUEUE_DASHBOARD_PATH;
  const { queues } = options;

  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(basePath);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'cardtrail queues' } },
  });

  const secureCookie = options.config.NODE_ENV === 'production';
  const guard = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const queryToken = typeof req.query.token === 'string' ? req.query.token : undefined;
    const cookieToken = readCookie(req.headers.cookie, DASHBOARD_COOKIE);
    const authorization =
      req.headers.authorization ?? (queryToken ?? cookieToken ? `Bearer ${queryToken ?? cookieToken}` : undefined);
    if (!authorization) {
      deny(res, 401, 'An admin token is required: send Authorization: Bearer <token>, or open this page with ?token=<token>.');
      return;
    }
    const admin = await options.verifyAdmin(authorization).catch(() => false);
    if (!admin) {
      deny(res, 403, 'Only an admin may open the queue dashboard.');
      return;
    }
    if (queryToken && req.method === 'GET') {
      res.setHeader(
        'Set-Cookie',
        `${DASHBOARD_COOKIE}=${encodeURIComponent(queryToken)}; Path=${basePath}; HttpOnly; SameSite=Strict${secureCookie ? '; Secure' : ''}`,
      );
      const url = new URL(req.originalUrl, 'http://dashboard.invalid');
      url.searchParams.delete('token');
      res.redirect(303, url.pathname + url.search);
      return;
    }
    next();
  };

  app.use(basePath, (req: Request, res: Response, next: NextFunction) => void guard(req, res, next));
  app.use(basePath, serverAdapter.getRouter());

  return { basePath };
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

function deny(res: Response, status: 401 | 403, detail: string): void {
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  res
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', title: status === 401 ? 'Unauthorized' : 'Forbidden', status, detail }));
}
