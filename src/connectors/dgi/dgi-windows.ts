/**
 * Pure window planning for DGI pulls. The API serves at most 7 days per request and nothing older than 30 days
 * ("h-30"), and matches a record when its createdTime or modifiedTime falls in [fromTime, toTime].
 */

export const DAY_MS = 86_400_000;

export interface DgiWindowOptions {
  readonly now: Date;
  /** High-water mark from the stream state (ISO), or undefined for a first / full run. */
  readonly since?: string | undefined;
  /** Maximum span of one request (7 days by the spec; some MDs allow up to 30). */
  readonly windowMs: number;
  /** How far back the API serves data (30 days). */
  readonly lookbackMs: number;
  /** How far before the previous high-water mark the next run starts, to catch late-committed records. */
  readonly overlapMs: number;
  /**
   * Kept between the oldest requested instant and the API's limit, so a request built a few seconds before it is
   * received is not refused for reaching 30 days and one second back.
   */
  readonly safetyMs?: number;
}

export interface DgiWindow {
  readonly from: Date;
  readonly to: Date;
}

/** Contiguous windows, oldest first, each at most `windowMs`, covering [start, now] where start is clamped to the limit. */
export function planDgiWindows(opts: DgiWindowOptions): DgiWindow[] {
  const { now, windowMs, lookbackMs, overlapMs } = opts;
  if (!(windowMs > 0) || !(lookbackMs > 0) || overlapMs < 0) throw new RangeError('window, lookback and overlap must be positive');
  const nowMs = Math.floor(now.getTime() / 1000) * 1000;
  const oldest = nowMs - lookbackMs + (opts.safetyMs ?? 60_000);
  let start = oldest;
  if (opts.since !== undefined) {
    const since = Date.parse(opts.since);
    if (Number.isFinite(since)) start = Math.max(oldest, Math.min(nowMs, since - overlapMs));
  }
  const windows: DgiWindow[] = [];
  for (let from = start; from < nowMs; from += windowMs) {
    windows.push({ from: new Date(from), to: new Date(Math.min(from + windowMs, nowMs)) });
  }
  // Even with nothing new since the mark, ask for the last overlap: cheap, and it keeps check-and-read symmetric.
  if (windows.length === 0) windows.push({ from: new Date(Math.max(oldest, nowMs - Math.max(overlapMs, 1000))), to: new Date(nowMs) });
  return windows;
}

/** The later of the state's mark and the record's createdTime / modifiedTime (ISO strings compare as instants). */
export function advanceHighWaterMark(current: string | undefined, record: Record<string, unknown>): string | undefined {
  let best = current;
  let bestMs = best === undefined ? Number.NEGATIVE_INFINITY : Date.parse(best);
  for (const field of ['createdTime', 'modifiedTime']) {
    const v = record[field];
    if (typeof v !== 'string') continue;
    const ms = Date.parse(v);
    if (Number.isFinite(ms) && ms > bestMs) {
      best = new Date(ms).toISOString();
      bestMs = ms;
    }
  }
  return best;
}
