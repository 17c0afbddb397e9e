/**
 * The Content-Security-Policy of every page: nothing but this service's own files, no inline
 * script or style (not even in attributes), no framing, forms posting only here. `data:` images
 * are the icons Designsystemet's CSS draws with data URLs.
 */
export const PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * Headers on every page and every redirect of the pages. Pages are never stored by a browser or
 * a proxy (`no-store`): they may show a card, and every form carries a token bound to a cookie.
 * HSTS belongs to the TLS terminator in front of the service, not to a plain-HTTP answer.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': PAGE_CONTENT_SECURITY_POLICY,
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'Cache-Control': 'no-store',
  Vary: 'Cookie, Accept-Language',
};

/** Static files: fingerprinted names, so a year and `immutable` is safe. */
export const ASSET_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'public, max-age=31536000, immutable',
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
