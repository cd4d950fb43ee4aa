import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';

/**
 * A strong entity tag of a body: the first 32 base64url characters (192 bits) of its SHA-256.
 *
 * @example
 * entityTag('{"id":"pt_1"}') // '"Yx…"' (32 characters between the quotes)
 */
export function entityTag(body: string | Uint8Array): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/**
 * Whether an `If-None-Match` header matches a tag, by the weak comparison RFC 9110 prescribes for it
 * (`W/` prefixes ignored); `*` matches any tag.
 *
 * @example
 * ifNoneMatchMatches('W/"abc", "def"', '"abc"') // true
 */
export function ifNoneMatchMatches(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = tag.replace(/^W\//, '');
  return (header.match(/(?:W\/)?"[^"]*"/g) ?? []).some((candidate) => candidate.replace(/^W\//, '') === opaque);
}

/**
 * Conditional reads for `GET` (and `HEAD`): each 2xx body (JSON, or the text and CSV answers) gets a
 * strong `ETag`, a hash of exactly the bytes sent, with `Cache-Control: private, no-cache` (answers
 * depend on the caller's key, so only the caller may keep them, and must revalidate) and
 * `Vary: Authorization, X-API-Key`; a request whose `If-None-Match` names the current tag gets
 * `304 Not Modified` without a body. Errors get no tag. A route that set its own `ETag` or
 * `Cache-Control` keeps it. Turn express's own weak tags off (`app.set('etag', false)`) so that these
 * are the only ones.
 *
 * @example
 * app.set('etag', false);
 * app.use('/v1', entityTags());
 * // GET /v1/patents/pt_1                        → 200, ETag: "Yx…"
 * // GET /v1/patents/pt_1, If-None-Match: "Yx…"  → 304
 */
export function entityTags(): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const send = res.send;
    // res.json() and res.send(object) end up here with the serialised string.
    res.send = function (this: Response, body?: unknown) {
      const bytes = typeof body === 'string' || body instanceof Uint8Array ? body : undefined;
      if (bytes === undefined || this.statusCode < 200 || this.statusCode >= 300 || this.get('ETag')) return send.call(this, body);
      const tag = entityTag(bytes);
      this.set('ETag', tag);
      if (!this.get('Cache-Control')) this.set('Cache-Control', 'private, no-cache');
      this.vary('Authorization').vary('X-API-Key');
      if (!ifNoneMatchMatches(req.get('if-none-match'), tag)) return send.call(this, body);
      this.removeHeader('Content-Type');
      return this.status(304).end();
    };
    next();
  };
}
