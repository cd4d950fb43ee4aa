import type { z } from 'zod';
import type { Role } from '@patent-bridge/access';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One media type of a request body. */
export interface MediaDescription {
  schema: z.ZodType;
  example?: unknown;
  /** Content types of individual multipart parts (OpenAPI `encoding`), e.g. `{ mapping: 'application/json' }`. */
  partTypes?: Record<string, string>;
}

export interface BodyDescription {
  /** Media type → schema, e.g. `{ 'multipart/form-data': …, 'application/json': … }`. */
  content: Record<string, z.ZodType | MediaDescription>;
  description?: string;
  /** Default true. */
  required?: boolean;
}

export interface ResponseDescription {
  description: string;
  /** The body's schema; error responses (4xx, 5xx) default to the problem document. */
  schema?: z.ZodType;
  /** Default `application/json` (`application/problem+json` for errors). */
  contentType?: string;
  example?: unknown;
  /** Headers this response sets besides the ones every response of its kind gets, e.g. `['Location']`. */
  headers?: readonly string[];
  /** Other media types the same status may answer with (chosen by a query parameter such as `format`). */
  alternatives?: Record<string, z.ZodType>;
}

/**
 * What the API documents about one route. `path` is the OpenAPI template (`/v1/patents/{id}`);
 * `roles` lists the API key roles that may call it, or `'public'` for routes without a key.
 * `responses` maps a status to a description, or to a description with a schema; statuses of 400
 * and above are answered as problem documents unless a schema says otherwise.
 */
export interface RouteDescription {
  method: HttpMethod;
  path: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  roles: readonly Role[] | 'public';
  operationId?: string;
  /** Descriptions of the path parameters, by name. */
  params?: Record<string, string>;
  query?: z.ZodType;
  /** A zod schema means a JSON body. */
  body?: z.ZodType | BodyDescription;
  responses: Record<number, string | ResponseDescription>;
}

const TEMPLATE_PARAMETER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Checks and returns one route's description, for the API's route catalogue: the path is an
 * absolute template, every `{param}` is named once, and at least one success response is given.
 *
 * @example
 * const getPatent = describeRoute({
 *   method: 'get', path: '/v1/patents/{id}', summary: 'One patent by id or any number', tags: ['Patents'],
 *   roles: ['admin', 'university', 'enterprise', 'broker', 'partner'],
 *   responses: { 200: { description: 'The patent', schema: Patent }, 404: 'No such patent (`patent_not_found`)' },
 * });
 */
export function describeRoute(route: RouteDescription): RouteDescription {
  const where = `${route.method.toUpperCase()} ${route.path}`;
  if (!route.path.startsWith('/') || /[:*?]/.test(route.path)) throw new Error(`${where}: the path must be an OpenAPI template such as /v1/patents/{id}`);
  const names = pathParameters(route.path);
  if (new Set(names).size !== names.length) throw new Error(`${where}: a path parameter is named twice`);
  for (const name of Object.keys(route.params ?? {})) {
    if (!names.includes(name)) throw new Error(`${where}: "${name}" is described but not in the path`);
  }
  if (!Object.keys(route.responses).some((status) => Number(status) < 400)) throw new Error(`${where}: describe at least one success response`);
  if (route.roles !== 'public' && route.roles.length === 0) throw new Error(`${where}: list the roles that may call it, or say 'public'`);
  return route;
}

/**
 * The names of a path template's parameters, in order.
 *
 * @example
 * pathParameters('/v1/demands/{id}/matches/{patentId}/feedback') // ['id', 'patentId']
 */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(TEMPLATE_PARAMETER)].map((m) => m[1]!);
}

/**
 * An operation id from the method and path, when the description gives none.
 *
 * @example
 * defaultOperationId('get', '/v1/patents/{id}/similar') // 'getPatentsByIdSimilar'
 */
export function defaultOperationId(method: HttpMethod, path: string): string {
  const words = path
    .replace(/^\/v1(?=\/|$)/, '')
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      return param ? ['by', param[1]!] : segment.split(/[^A-Za-z0-9]+/);
    })
    .filter(Boolean);
  return method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}
