import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { parseCookies } from './cookies';

/**
 * What the pages read from a request, the same on Express and Fastify: both requests carry
 * `headers`, `protocol` (honouring the trust-proxy setting) and, for a parsed body, `body`.
 */
export interface PlatformRequest {
  headers: IncomingHttpHeaders;
  protocol?: string;
  body?: unknown;
  method?: string;
}

export interface WebRequest {
  cookies: Record<string, string>;
  /** Served over HTTPS: cookies get `Secure`. */
  secure: boolean;
  acceptLanguage: string | undefined;
  headers: IncomingHttpHeaders;
}

export function webRequestOf(request: PlatformRequest): WebRequest {
  const acceptLanguage = request.headers['accept-language'];
  return {
    cookies: parseCookies(request.headers.cookie),
    secure: request.protocol === 'https',
    acceptLanguage: typeof acceptLanguage === 'string' ? acceptLanguage : undefined,
    headers: request.headers,
  };
}

/** `@Web() web: WebRequest` in a page handler. */
export const Web = createParamDecorator((_data: unknown, context: ExecutionContext): WebRequest =>
  webRequestOf(context.switchToHttp().getRequest<PlatformRequest>()),
);
