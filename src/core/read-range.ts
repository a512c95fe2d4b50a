import { SluiceError } from './errors.js';
import { wallClockOf, wallClockToInstant } from './time-zone.js';

/** A closed interval of source time [from, to] a manual run reads instead of "since the cursor". */
export interface ReadRange {
  readonly from: Date;
  readonly to: Date;
}

/** The range as a person types it: `YYYY-MM-DD` (a whole day in the zone) or an ISO 8601 instant. */
export interface ReadRangeInput {
  readonly from: string;
  readonly to: string;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseBound(value: string, edge: 'from' | 'to', timeZone: string): Date {
  const v = value.trim();
  const m = DATE_RE.exec(v);
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const probe = new Date(Date.UTC(year, month - 1, day));
    if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
      throw new SluiceError('range_invalid', `--${edge} ${v} is not a real calendar date`);
    }
    // A date means the whole day in the zone: from its first second (`from`) to its last (`to`, inclusive).
    return edge === 'from'
      ? wallClockToInstant({ year, month, day, hour: 0, minute: 0, second: 0 }, timeZone)
      : wallClockToInstant({ year, month, day, hour: 23, minute: 59, second: 59 }, timeZone);
  }
  // An instant must say its zone; a bare date-time would silently mean the server's zone.
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) {
    const ms = Date.parse(v);
    if (Number.isFinite(ms)) return new Date(ms);
  }
  throw new SluiceError('range_invalid', `--${edge} "${v}" must be a date (YYYY-MM-DD, read in ${timeZone}) or an ISO 8601 instant with its offset`);
}

/**
 * The range a manual run reads, in real instants: dates are whole days in `timeZone`, the end is clamped to `now`
 * (nothing after now exists yet). Refuses empty, reversed and future ranges with `range_invalid`.
 */
export function resolveReadRange(input: ReadRangeInput, timeZone: string, now: Date): ReadRange {
  const from = parseBound(input.from, 'from', timeZone);
  const to = parseBound(input.to, 'to', timeZone);
  if (to.getTime() < from.getTime()) {
    throw new SluiceError('range_invalid', `--to ${input.to} is before --from ${input.from}`);
  }
  if (from.getTime() > now.getTime()) {
    throw new SluiceError('range_invalid', `--from ${input.from} is in the future (now is ${formatInZone(now, timeZone)} ${timeZone})`);
  }
  return { from, to: new Date(Math.min(to.getTime(), Math.floor(now.getTime() / 1000) * 1000)) };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `YYYY-MM-DD HH:MM:SS` in the zone, for messages a person reads in their own time. */
export function formatInZone(instant: Date, timeZone: string): string {
  const w = wallClockOf(instant, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/** `YYYY-MM-DD` of the instant in the zone. */
export function dateInZone(instant: Date, timeZone: string): string {
  return formatInZone(instant, timeZone).slice(0, 10);
}
