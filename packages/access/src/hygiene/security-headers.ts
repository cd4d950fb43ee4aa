import type { RequestHandler } from 'express';

/**
 * For a JSON API and a static console served from the same origin: everything from this origin only,
 * no plugins, no framing, forms and `<base>` pinned to this origin.
 */
export const DEFAULT_CONTENT_SECURITY_POLICY = "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'";

/**
 * Sets `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer` and a
 * strict `Content-Security-Policy` on every response.
 *
 * @example
 * app.use(securityHeaders());
 * app.use(securityHeaders({ contentSecurityPolicy: "default-src 'self'; img-src 'self' data:" }));
 */
export function securityHeaders(options: { contentSecurityPolicy?: string } = {}): RequestHandler {
  const csp = options.contentSecurityPolicy ?? DEFAULT_CONTENT_SECURITY_POLICY;
  return (_req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('X-Frame-Options', 'DENY');
    res.set('Referrer-Policy', 'no-referrer');
    res.set('Content-Security-Policy', csp);
    next();
  };
}
