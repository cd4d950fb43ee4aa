import type { z } from 'zod';
import { Role } from '@patent-bridge/access';
import { ProblemDocument } from './answers.ts';
import { HEADERS, PARAMETERS, RATE_LIMIT_HEADERS, SECURITY_SCHEMES, type HeaderName } from './components.ts';
import { componentRef, openApiSchema, type JsonSchema, type NamedSchemas } from './json-schema.ts';
import { defaultOperationId, pathParameters, type BodyDescription, type MediaDescription, type ResponseDescription, type RouteDescription } from './route-description.ts';

/** An OpenAPI 3.1 document, as plain JSON. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string }>;
  security: Array<Record<string, string[]>>;
  tags: Array<{ name: string }>;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: object; headers: object; parameters: object };
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  'x-roles': string[];
  security?: Array<Record<string, string[]>>;
  parameters: object[];
  requestBody?: object;
  responses: Record<string, object>;
}

export interface DocumentOptions {
  title: string;
  version: string;
  description: string;
  /** Schemas given a name in `components.schemas` and referenced wherever they appear. */
  named: NamedSchemas;
}

const PROBLEM_TYPE = 'application/problem+json';
const ALL_ROLES: readonly string[] = Role.options;

/**
 * Builds the OpenAPI 3.1 document of the described routes: parameters, request bodies and answers
 * from their zod schemas, the roles that may call each, problem+json errors, bearer authentication,
 * and the headers every route shares (rate limits on keyed routes, `ETag`/`If-None-Match` on reads,
 * `Idempotency-Key` on writes).
 *
 * @example
 * const document = openApiDocument(API_ROUTES, { title: 'patent-bridge API', version: '0.1.0', description: '…', named: NAMED_ANSWERS });
 * document.paths['/v1/patents/{id}'].get.responses['200']
 */
export function openApiDocument(routes: readonly RouteDescription[], options: DocumentOptions): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const operationIds = new Set<string>();
  for (const route of routes) {
    const operation = operationOf(route, options.named);
    if (operationIds.has(operation.operationId)) throw new Error(`two routes have the operation id ${operation.operationId}`);
    operationIds.add(operation.operationId);
    const item = (paths[route.path] ??= {});
    if (item[route.method]) throw new Error(`${route.method.toUpperCase()} ${route.path} is described twice`);
    item[route.method] = operation;
  }
  const schemas: Record<string, JsonSchema> = {};
  for (const [schema, name] of options.named) schemas[name] = openApiSchema(schema, 'output', options.named, { root: 'inline' });
  schemas.Problem ??= openApiSchema(ProblemDocument, 'output', options.named, { root: 'inline' });
  const tags = [...new Set(routes.flatMap((r) => r.tags))].map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: { title: options.title, version: options.version, description: options.description },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { apiKeyHeader: [] }],
    tags,
    paths,
    components: { schemas, securitySchemes: SECURITY_SCHEMES, headers: HEADERS, parameters: PARAMETERS },
  };
}

function operationOf(route: RouteDescription, named: NamedSchemas): OpenApiOperation {
  const keyed = route.roles !== 'public';
  // Every GET under /v1 answers conditionally (ETag, If-None-Match); every keyed POST takes an Idempotency-Key.
  const reads = route.method === 'get' && route.path.startsWith('/v1/');
  const writes = route.method === 'post' && keyed;
  const roles = keyed ? [...(route.roles as readonly string[])] : [];
  const restricted = keyed && ALL_ROLES.some((r) => !roles.includes(r));
  const rolesNote = keyed ? (restricted ? `Roles: ${roles.join(', ')}.` : 'Roles: every key.') : 'No API key needed.';

  const parameters: object[] = pathParameters(route.path).map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string', maxLength: 64 },
    ...(route.params?.[name] ? { description: route.params[name] } : {}),
  }));
  if (route.query) parameters.push(...queryParameters(route.query, named));
  if (reads) parameters.push({ $ref: '#/components/parameters/IfNoneMatch' });
  if (writes) parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });

  const responses: Record<string, object> = {};
  const declared = new Map(Object.entries(route.responses).map(([status, r]) => [Number(status), typeof r === 'string' ? { description: r } : r]));
  const hasInput = Boolean(route.query || route.body || pathParameters(route.path).length);
  const automatic: Array<[number, string, boolean]> = [
    [304, 'Not modified: the `If-None-Match` tag is still current (no body)', reads],
    [400, 'Invalid request (`invalid_request`, with every bad field in `errors`)', hasInput],
    [401, 'No API key, or an unknown or revoked one (`missing_api_key`, `invalid_api_key`, `revoked_api_key`)', keyed],
    [403, `This key's role may not do this (\`forbidden_role\`, \`forbidden\`). ${rolesNote}`, restricted],
    [409, 'A request with the same `Idempotency-Key` is still running (`idempotency_in_progress`), or its answer held a secret that is not kept (`idempotency_response_withheld`)', writes],
    [422, 'The `Idempotency-Key` was first used for a different request (`idempotency_key_reused`)', writes],
    [429, 'Over this key\'s quota (`rate_limited`); retry after `Retry-After` seconds', keyed],
  ];
  for (const [status, description, applies] of automatic) {
    if (applies && !declared.has(status)) declared.set(status, { description });
  }
  for (const [status, response] of [...declared].sort(([a], [b]) => a - b)) {
    responses[String(status)] = responseOf(status, response, { keyed, reads, writes }, named);
  }

  return {
    operationId: route.operationId ?? defaultOperationId(route.method, route.path),
    summary: route.summary,
    description: [route.description, rolesNote].filter(Boolean).join('\n\n'),
    tags: [...route.tags],
    'x-roles': roles,
    ...(keyed ? {} : { security: [] }),
    parameters,
    ...(route.body ? { requestBody: requestBodyOf(route.body, named) } : {}),
    responses,
  };
}

function queryParameters(query: z.ZodType, named: NamedSchemas): object[] {
  const json = openApiSchema(query, 'input', named);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, schema]) => {
    const { description, ...rest } = schema;
    const list = rest.type === 'array';
    return {
      name,
      in: 'query',
      required: required.has(name),
      ...(description || list ? { description: [description, list ? 'Several values: repeat the parameter or separate them with commas.' : undefined].filter(Boolean).join(' ') } : {}),
      schema: rest,
      ...(list ? { style: 'form', explode: true } : {}),
    };
  });
}

function requestBodyOf(body: z.ZodType | BodyDescription, named: NamedSchemas): object {
  const described: BodyDescription = 'content' in body && !('_zod' in body) ? (body as BodyDescription) : { content: { 'application/json': body as z.ZodType } };
  const content: Record<string, object> = {};
  for (const [type, media] of Object.entries(described.content)) {
    const m: MediaDescription = '_zod' in media ? { schema: media as z.ZodType } : (media as MediaDescription);
    content[type] = {
      schema: openApiSchema(m.schema, 'input', named),
      ...(m.example !== undefined ? { example: m.example } : {}),
      ...(m.partTypes ? { encoding: Object.fromEntries(Object.entries(m.partTypes).map(([part, contentType]) => [part, { contentType }])) } : {}),
    };
  }
  return { required: described.required ?? true, ...(described.description ? { description: described.description } : {}), content };
}

function responseOf(status: number, response: ResponseDescription, kind: { keyed: boolean; reads: boolean; writes: boolean }, named: NamedSchemas): object {
  const error = status >= 400;
  const names: HeaderName[] = [...((response.headers ?? []) as HeaderName[])];
  if (kind.keyed) names.push(...RATE_LIMIT_HEADERS);
  if (status === 429 || status === 409 || status === 503) names.push('Retry-After');
  if (kind.reads && (status === 200 || status === 304)) names.push('ETag', 'Cache-Control');
  if (kind.writes && status < 500 && status !== 409 && status !== 422) names.push('Idempotent-Replayed');
  names.push('X-Request-Id');
  const headers = Object.fromEntries([...new Set(names)].map((name) => [name, { $ref: `#/components/headers/${name}` }]));

  const schema = response.schema ? openApiSchema(response.schema, 'output', named) : error ? { $ref: componentRef('Problem') } : undefined;
  const contentType = response.contentType ?? (error ? PROBLEM_TYPE : 'application/json');
  const content: Record<string, object> = {};
  if (schema || response.example !== undefined) content[contentType] = { ...(schema ? { schema } : {}), ...(response.example !== undefined ? { example: response.example } : {}) };
  for (const [type, alternative] of Object.entries(response.alternatives ?? {})) content[type] = { schema: openApiSchema(alternative, 'output', named) };
  return { description: response.description, headers, ...(Object.keys(content).length ? { content } : {}) };
}
