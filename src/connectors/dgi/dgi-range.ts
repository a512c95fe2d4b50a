import { SluiceError } from '../../core/errors.js';
import { dateInZone, formatInZone, type ReadRange } from '../../core/read-range.js';
import { DAY_MS } from '../../core/day-ms.js';

export interface DgiRangeOptions {
  readonly now: Date;
  /** Longest span of one request (7 days by the spec). */
  readonly windowMs: number;
  /** How far back the API serves data ("h-30"). */
  readonly lookbackMs: number;
  readonly timeZone: string;
  /** Kept between the oldest requested instant and the API's limit (a request takes a moment to arrive). */
  readonly safetyMs?: number;
}

/**
 * Cuts a manual range into request windows of at most `windowMs`, oldest first. The server matches [fromTime, toTime]
 * inclusively at one-second resolution, so each window ends one second before the next begins: no record is asked
 * for twice and none falls between two windows. A range reaching further back than the API serves is refused before
 * any request, naming the part that is too old.
 */
export function planDgiRange(range: ReadRange, opts: DgiRangeOptions): ReadRange[] {
  const { windowMs, lookbackMs, timeZone } = opts;
  if (!(windowMs >= 1000) || !(lookbackMs > 0)) throw new RangeError('window and lookback must be positive');
  const nowMs = Math.floor(opts.now.getTime() / 1000) * 1000;
  const oldest = nowMs - lookbackMs + (opts.safetyMs ?? 60_000);
  const from = Math.ceil(range.from.getTime() / 1000) * 1000;
  const to = Math.min(nowMs, Math.floor(range.to.getTime() / 1000) * 1000);
  if (from < oldest) {
    const days = Math.round(lookbackMs / DAY_MS);
    const firstWholeDay = dateInZone(new Date(oldest + DAY_MS - 1), timeZone);
    const part = to < oldest
      ? `the whole range ${formatInZone(new Date(from), timeZone)} – ${formatInZone(new Date(to), timeZone)}`
      : `the part ${formatInZone(new Date(from), timeZone)} – ${formatInZone(new Date(oldest - 1000), timeZone)}`;
    throw new SluiceError(
      'range_refused',
      `${part} (${timeZone}) is older than the ${days} days the DGI API serves (it refuses anything before h-${days}); ` +
        `the oldest instant it serves now is ${formatInZone(new Date(oldest), timeZone)}: use --from ${firstWholeDay} or later`,
      { details: { from: new Date(from).toISOString(), oldest_allowed: new Date(oldest).toISOString(), lookback_days: days } },
    );
  }
  const windows: ReadRange[] = [];
  for (let start = from; start <= to; start += windowMs) {
    windows.push({ from: new Date(start), to: new Date(Math.min(start + windowMs - 1000, to)) });
  }
  return windows;
}

/**
 * The high-water mark after a complete range read. It moves forward only when the range starts at or before the
 * stored mark (so stored mark + range leave no gap) and never past the range's end (a record matched by its
 * createdTime may carry a later modifiedTime the run did not cover). Otherwise the stored mark stays.
 */
export function dgiMarkAfterRange(stored: string | undefined, range: ReadRange, folded: string | undefined): string | undefined {
  if (stored === undefined) return undefined;
  const storedMs = Date.parse(stored);
  if (!Number.isFinite(storedMs) || range.from.getTime() > storedMs) return stored;
  const foldedMs = folded === undefined ? Number.NEGATIVE_INFINITY : Date.parse(folded);
  const next = Math.max(storedMs, Math.min(Number.isFinite(foldedMs) ? foldedMs : storedMs, range.to.getTime()));
  return next === storedMs ? stored : new Date(next).toISOString();
}
