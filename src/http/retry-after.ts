/**
 * Parses a Retry-After header into milliseconds to wait (RFC 9110 §10.2.3): either delay-seconds ("0", "120") or an
 * HTTP-date. A date in the past means "now" (0). Anything unparseable yields undefined, so the caller falls back to its
 * own backoff instead of guessing.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  // Date.parse understands IMF-fixdate and the obsolete RFC 850 / asctime forms HTTP-date allows.
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
