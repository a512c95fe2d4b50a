import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'sluice-signature';
export const TIMESTAMP_HEADER = 'sluice-timestamp';

/** `v1=` + hex HMAC-SHA256 over "<unix seconds>.<raw body>" with the subscription's secret. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver runs: the signature must match and the timestamp must be recent (replay protection).
 * Returns a reason instead of throwing.
 */
export function verifyWebhookSignature(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: string,
  opts: { toleranceSeconds?: number; now?: Date } = {},
): { ok: true } | { ok: false; reason: string } {
  const ts = Number(headers.timestamp);
  if (!headers.timestamp || !Number.isInteger(ts)) return { ok: false, reason: 'missing or invalid timestamp' };
  const now = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - ts) > (opts.toleranceSeconds ?? 300)) return { ok: false, reason: 'timestamp outside the tolerance (possible replay)' };
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const given = Buffer.from(headers.signature ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}
