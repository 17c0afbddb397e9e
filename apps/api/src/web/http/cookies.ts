import type { CookieSerializeOptions } from '@nestjs/common';

/**
 * Cookies of the request, from its `Cookie` header (the first value of a repeated name wins; a
 * value that is not valid percent-encoding is kept as sent). Platform-neutral: Express and
 * Fastify requests both carry `headers`.
 */
export function parseCookies(header: string | string[] | undefined): Record<string, string> {
  const cookies: Record<string, string> = Object.create(null) as Record<string, string>;
  const line = Array.isArray(header) ? header.join('; ') : (header ?? '');
  for (const part of line.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in cookies) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      cookies[name] = decodeURIComponent(value);
    } catch {
      cookies[name] = value;
    }
  }
  return cookies;
}

/**
 * The attributes every cookie of the pages gets: host-only, the whole site, out of reach of
 * scripts, and `Secure` when the page was served over HTTPS (Express and Fastify both tell,
 * honouring `TRUST_PROXY` behind a proxy).
 */
export function pageCookie(secure: boolean, extra: CookieSerializeOptions = {}): CookieSerializeOptions {
  return { path: '/', httpOnly: true, sameSite: 'strict', secure, ...extra };
}
