import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How far a request's timestamp may be from the receiver's clock, by default. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * A new signing secret for a subscription. The HMAC key is this whole string, prefix included.
 *
 * @example
 * generateWebhookSecret() // 'whsec_3q2+7w…' (whsec_ + 43 base64url characters)
 */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function hmacHex(secret: string, timestamp: string, body: string | Uint8Array): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/**
 * The `Webhook-Signature` header value: `v1=` and the hex HMAC-SHA256 of `${timestamp}.${body}`
 * keyed with the subscription's secret.
 *
 * @example
 * signWebhook('whsec_abc', 1735689600, '{"id":"evt_1"}') // 'v1=5d1c…'
 */
export function signWebhook(secret: string, timestamp: number | string, body: string | Uint8Array): string {
  return `v1=${hmacHex(secret, String(timestamp), body)}`;
}

export interface VerifyWebhookInput {
  /** The subscription's secret, as shown when it was created. */
  secret: string;
  /** The `Webhook-Timestamp` header: unix seconds. */
  timestamp: string | number;
  /** The raw request body, exactly as received (not re-serialised JSON). */
  body: string | Uint8Array;
  /** The `Webhook-Signature` header; several space-separated `v1=…` values are accepted. */
  signature: string;
  /** Largest accepted distance between the timestamp and now. Default 300 s. */
  toleranceSeconds?: number;
  /** The receiver's clock in milliseconds. Default `Date.now()`. */
  now?: number;
}

/**
 * True when a webhook request is authentic and fresh: the signature matches the body and
 * timestamp under the secret, and the timestamp is within `toleranceSeconds` of now (which stops
 * old requests from being replayed). Compares in constant time.
 *
 * @example
 * const ok = verifyWebhookSignature({
 *   secret: process.env.PB_WEBHOOK_SECRET!,
 *   timestamp: req.get('webhook-timestamp')!,
 *   body: rawBody,
 *   signature: req.get('webhook-signature')!,
 * });
 * if (!ok) return res.status(400).end();
 */
export function verifyWebhookSignature(input: VerifyWebhookInput): boolean {
  const timestamp = String(input.timestamp).trim();
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  const nowSeconds = (input.now ?? Date.now()) / 1000;
  if (Math.abs(nowSeconds - Number(timestamp)) > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(hmacHex(input.secret, timestamp, input.body), 'hex');
  return input.signature
    .split(/\s+/)
    .filter((part) => part.startsWith('v1='))
    .some((part) => {
      const hex = part.slice(3);
      if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
      return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
    });
}
