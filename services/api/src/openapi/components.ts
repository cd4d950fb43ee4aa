import { IDEMPOTENCY_KEY_MAX_LENGTH, IDEMPOTENCY_WAIT_MS, IDEMPOTENT_REPLAYED_HEADER } from '../middleware/idempotency.ts';

// The parts every operation shares: how to authenticate, the rate-limit, caching and idempotency
// headers, and their parameters. Referenced by name from the operations.

export const SECURITY_SCHEMES = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description: 'Your API key: `Authorization: Bearer pb_live_…`. Keys are issued by an admin (`POST /v1/keys`); each has a role (admin, university, enterprise, broker, partner) and, except admin keys, an organisation.',
  },
  apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'The same key in `X-API-Key`, for clients that cannot set `Authorization`.' },
} as const;

const integer = { type: 'integer', minimum: 0 } as const;

export const HEADERS = {
  'RateLimit-Limit': { description: "Requests this key may make per window (absent for unlimited keys, such as admins')", schema: integer },
  'RateLimit-Remaining': { description: 'Requests left in the current window', schema: integer },
  'RateLimit-Reset': { description: 'Seconds until the window resets', schema: integer },
  'RateLimit-Policy': { description: 'The quota and window, e.g. `120;w=60`', schema: { type: 'string' } },
  'Retry-After': { description: 'Seconds to wait before retrying', schema: integer },
  'X-Request-Id': { description: 'The request id, also in every problem document', schema: { type: 'string' } },
  Location: { description: 'Where the created resource, or the task to poll, is', schema: { type: 'string', format: 'uri-reference' } },
  ETag: { description: 'A strong tag of the body; send it back in `If-None-Match` to get `304` while it has not changed', schema: { type: 'string' } },
  'Cache-Control': { description: '`private, no-cache`: answers depend on your key; keep them only for yourself and revalidate with `If-None-Match`', schema: { type: 'string' } },
  [IDEMPOTENT_REPLAYED_HEADER]: { description: '`true` when this is the stored answer of an earlier request with the same `Idempotency-Key`', schema: { type: 'string', enum: ['true'] } },
} as const;

export type HeaderName = keyof typeof HEADERS;

export const RATE_LIMIT_HEADERS: readonly HeaderName[] = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy'];

export const PARAMETERS = {
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description: `Makes a retry safe: the first request with a key runs and its answer is kept for 24 hours; a retry with the same key and the same request gets that answer again (with \`${IDEMPOTENT_REPLAYED_HEADER}: true\`) and nothing is done twice. The same key with another request is 422 \`idempotency_key_reused\`; a retry while the first still runs waits up to ${IDEMPOTENCY_WAIT_MS / 1000} s, then gets 409 \`idempotency_in_progress\`. Keys are per API key. Use a fresh random value (a UUID) per operation.`,
    schema: { type: 'string', minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX_LENGTH },
    example: '7c0f4a52-3b8e-4d0c-9b7e-2f1d5c6a8e90',
  },
  IfNoneMatch: {
    name: 'If-None-Match',
    in: 'header',
    required: false,
    description: 'The `ETag` of an answer you hold: `304 Not Modified` (no body) while it is still current.',
    schema: { type: 'string' },
  },
} as const;
