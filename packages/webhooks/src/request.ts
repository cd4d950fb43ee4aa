import { privateAddressOf } from './network.ts';
import { signWebhook } from './signature.ts';

/** How one request went. `ok` is a 2xx answer; anything else is retried. */
export interface RequestOutcome {
  ok: boolean;
  /** The receiver's HTTP status; null when no answer came. */
  status: number | null;
  /** Why it failed: `HTTP 500: <start of the body>`, `timed out after 10000 ms`, `ECONNREFUSED`…; null on success. */
  error: string | null;
  durationMs: number;
}

export interface WebhookRequest {
  url: string;
  secret: string;
  /** `Webhook-Id`: the event's id, the same on every attempt so receivers can drop duplicates. */
  webhookId: string;
  /** The JSON body, signed as sent. */
  body: string;
  timeoutMs: number;
  /** Send to loopback and private addresses too (development, tests). Default false. */
  allowPrivateNetworks?: boolean;
}

const ERROR_BODY_CHARS = 300;

/**
 * POSTs one signed webhook request and says how it went; never throws. Redirects are not
 * followed (a 3xx is a failure): the subscriber registers the final URL. A URL whose host resolves
 * to a private or local address is refused unless `allowPrivateNetworks`.
 *
 * @example
 * const outcome = await sendWebhook({ url, secret, webhookId: 'evt_42', body: '{"id":"evt_42",…}', timeoutMs: 10_000 });
 * // { ok: false, status: 503, error: 'HTTP 503: try later', durationMs: 12 }
 */
export async function sendWebhook(request: WebhookRequest): Promise<RequestOutcome> {
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const blocked = request.allowPrivateNetworks ? undefined : await privateAddressOf(request.url);
    if (blocked) return { ok: false, status: null, error: `refused: the host resolves to ${blocked}, a private or local address`, durationMs: elapsed() };
    const response = await fetch(request.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'patent-bridge-webhooks/1',
        'Webhook-Id': request.webhookId,
        'Webhook-Timestamp': String(timestamp),
        'Webhook-Signature': signWebhook(request.secret, timestamp, request.body),
      },
      body: request.body,
    });
    const text = await response.text().catch(() => '');
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status, error: null, durationMs: elapsed() };
    const snippet = text.trim().slice(0, ERROR_BODY_CHARS);
    return { ok: false, status: response.status, error: `HTTP ${response.status}${snippet ? `: ${snippet}` : ''}`, durationMs: elapsed() };
  } catch (error) {
    return { ok: false, status: null, error: describeFailure(error, request.timeoutMs), durationMs: elapsed() };
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  const cause = err?.cause;
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`;
  return err?.message ?? String(error);
}
