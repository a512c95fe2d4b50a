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
  // Date.parse understands IMF-fixdate and the obsolete RFC 850 / asctime forms HTTP-date allows; every one of them
  // names a day or a month, so anything without letters (such as "-1", which Date.parse reads as a year) is refused.
  if (!/[a-z]/i.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
