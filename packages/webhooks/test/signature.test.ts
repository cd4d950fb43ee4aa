import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, signWebhook, verifyWebhookSignature } from '../src/index.ts';

const secret = generateWebhookSecret();
const body = JSON.stringify({ id: 'evt_42', type: 'match.created', createdAt: '2025-03-01T08:00:00.000Z', data: { demandId: 'dm_1', patentId: 'pt_1', score: 0.8, rank: 1, weightsVersion: 'w1' } });
const now = Date.parse('2025-03-01T08:00:05Z');
const timestamp = Math.floor(now / 1000) - 5;

describe('webhook signatures', () => {
  it('signs `${timestamp}.${body}` with HMAC-SHA256 under the whole secret, as v1=<hex>', () => {
    const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
    expect(signWebhook(secret, timestamp, body)).toBe(`v1=${expected}`);
    expect(signWebhook(secret, String(timestamp), Buffer.from(body))).toBe(`v1=${expected}`);
  });

  it('generates distinct, prefixed secrets', () => {
    const other = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[\w-]{43}$/);
    expect(other).not.toBe(secret);
  });

  it('accepts an authentic, fresh request, with the body as a string or raw bytes', () => {
    const signature = signWebhook(secret, timestamp, body);
    expect(verifyWebhookSignature({ secret, timestamp, body, signature, now })).toBe(true);
    expect(verifyWebhookSignature({ secret, timestamp: String(timestamp), body: Buffer.from(body), signature, now })).toBe(true);
  });

  it('rejects a tampered body, timestamp or signature, and another secret', () => {
    const signature = signWebhook(secret, timestamp, body);
    expect(verifyWebhookSignature({ secret, timestamp, body: body.replace('0.8', '0.9'), signature, now })).toBe(false);
    expect(verifyWebhookSignature({ secret, timestamp: timestamp + 1, body, signature, now })).toBe(false);
    expect(verifyWebhookSignature({ secret, timestamp, body, signature: signature.replace(/.$/, (c) => (c === '0' ? '1' : '0')), now })).toBe(false);
    expect(verifyWebhookSignature({ secret: generateWebhookSecret(), timestamp, body, signature, now })).toBe(false);
    expect(verifyWebhookSignature({ secret, timestamp, body, signature: signature.slice(3), now })).toBe(false);
    expect(verifyWebhookSignature({ secret, timestamp, body, signature: 'v1=', now })).toBe(false);
    expect(verifyWebhookSignature({ secret, timestamp: 'yesterday', body, signature, now })).toBe(false);
  });

  it('rejects a timestamp older (or further ahead) than the tolerance, even when correctly signed', () => {
    const old = timestamp - 301;
    expect(verifyWebhookSignature({ secret, timestamp: old, body, signature: signWebhook(secret, old, body), now })).toBe(false);
    expect(verifyWebhookSignature({ secret, timestamp: old, body, signature: signWebhook(secret, old, body), now, toleranceSeconds: 600 })).toBe(true);
    const ahead = timestamp + 400;
    expect(verifyWebhookSignature({ secret, timestamp: ahead, body, signature: signWebhook(secret, ahead, body), now })).toBe(false);
    const recent = Math.floor(Date.now() / 1000) - 10;
    expect(verifyWebhookSignature({ secret, timestamp: recent, body, signature: signWebhook(secret, recent, body) })).toBe(true);
  });

  it('accepts a header listing several signatures when one of them matches', () => {
    const signature = `v1=${'0'.repeat(64)} ${signWebhook(secret, timestamp, body)}`;
    expect(verifyWebhookSignature({ secret, timestamp, body, signature, now })).toBe(true);
  });
});
