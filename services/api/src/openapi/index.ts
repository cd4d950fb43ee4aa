import { readFileSync } from 'node:fs';
import { Router } from 'express';
import { API_ROUTES } from './api-routes.ts';
import { NAMED_ANSWERS } from './answers.ts';
import { docsPage } from './docs-page.ts';
import { openApiDocument, type OpenApiDocument } from './document.ts';

export { API_ROUTES } from './api-routes.ts';
export { docsPage, type DocsPage } from './docs-page.ts';
export { openApiDocument, type OpenApiDocument, type OpenApiOperation, type DocumentOptions } from './document.ts';
export { openApiSchema, componentRef, type JsonSchema, type NamedSchemas, type SchemaSide } from './json-schema.ts';
export { describeRoute, defaultOperationId, pathParameters, type RouteDescription, type ResponseDescription, type BodyDescription, type MediaDescription, type HttpMethod } from './route-description.ts';

const DESCRIPTION = `The partner API of patent-bridge: the base library of idle university patents, SME technology demands, matching, search, imports, webhooks.

Every \`/v1\` request carries an API key: \`Authorization: Bearer <key>\` (or \`X-API-Key\`). What a key may do depends on its role (admin, university, enterprise, broker, partner), listed on each operation.

Errors are RFC 9457 \`application/problem+json\` documents with a stable \`code\`, a \`detail\` and the \`requestId\`.

Each key has a quota per minute; every answer carries \`RateLimit-Limit\`, \`RateLimit-Remaining\` and \`RateLimit-Reset\`, and 429 carries \`Retry-After\`.

Reads (\`GET\`) answer with an \`ETag\`; send it back in \`If-None-Match\` to get \`304 Not Modified\` while nothing changed. Writes (\`POST\`) take an \`Idempotency-Key\` so that a retry never does the work twice.

Lists page with an opaque \`cursor\`: pass the \`nextCursor\` of one page to get the next.`;

let built: OpenApiDocument | undefined;

/**
 * The OpenAPI 3.1 document of this API: every route of {@link API_ROUTES}. Built once per process.
 *
 * @example
 * apiDocument().paths['/v1/patents/{id}'].get.summary // 'One patent, by id or any of its numbers'
 */
export function apiDocument(): OpenApiDocument {
  if (built) return built;
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  built = openApiDocument(API_ROUTES, { title: 'patent-bridge API', version, description: DESCRIPTION, named: NAMED_ANSWERS });
  return built;
}

/**
 * `GET /v1/openapi.json` (the OpenAPI document) and `GET /docs` (the page that renders it); neither
 * needs an API key. Mount before authentication.
 *
 * @example
 * app.use(apiDescriptionRoutes());
 * app.use('/v1', authenticate(db, { adminSecret }));
 */
export function apiDescriptionRoutes(document: OpenApiDocument = apiDocument()): Router {
  const router = Router();
  const page = docsPage();
  router.get('/v1/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.get('/docs', (_req, res) => {
    res.set('Content-Security-Policy', page.contentSecurityPolicy).set('Cache-Control', 'no-cache').type('html').send(page.html);
  });
  return router;
}
