/**
 * Pure window planning for DGI pulls. The API serves at most 7 days per request and nothing older than 30 days
 * ("h-30"), and matches a record when its createdTime or modifiedTime falls in [fromTime, toTime].
 */


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
  /**
   * The last window is sent without `toTime`: the server then reads up to the moment it receives the request (spec),
   * so a record stamped by an MD clock a few seconds ahead of ours is not left out until the next run.
   */
  readonly open: boolean;
}

/** The open window must stay within the span even if the server's clock is ahead of ours (≤ 10 s, or it refuses). */
const OPEN_END_MARGIN_MS = 60_000;

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
  const bounds: [number, number][] = [];
  for (let from = start; from < nowMs; from += windowMs) bounds.push([from, Math.min(from + windowMs, nowMs)]);
  // Even with nothing new since the mark, ask for the last overlap: cheap, and it keeps check-and-read symmetric.
  if (bounds.length === 0) bounds.push([Math.max(oldest, nowMs - Math.max(overlapMs, 1000)), nowMs]);
  const last = bounds[bounds.length - 1]!;
  if (last[1] - last[0] > windowMs - OPEN_END_MARGIN_MS && windowMs > 2 * OPEN_END_MARGIN_MS) {
    bounds.splice(bounds.length - 1, 1, [last[0], last[1] - OPEN_END_MARGIN_MS], [last[1] - OPEN_END_MARGIN_MS, last[1]]);
  }
  return bounds.map(([from, to], i) => ({ from: new Date(from), to: new Date(to), open: i === bounds.length - 1 }));
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
