import { isValidTimeZone, wallClockOf, wallClockToInstant } from '../../core/time-zone.js';

/** Daily health is evaluated at 06:00 on the site's wall clock. */
export const EVALUATION_HOUR = 6;

/** `YYYY-MM-DD` (a real calendar date) or null. */
export function parseHealthDate(s: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? { year, month, day } : null;
}

/** The zone a site is evaluated in: its `meta.timezone` when valid, else UTC. */
export function siteZone(timeZone: string | null | undefined): string {
  return timeZone && isValidTimeZone(timeZone) ? timeZone : 'UTC';
}

/** The instant of 06:00 site-local on `date` (`YYYY-MM-DD`); across a DST gap, the first instant after it. */
export function evaluationInstant(date: string, timeZone: string | null | undefined): Date {
  const d = parseHealthDate(date);
  if (!d) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  return wallClockToInstant({ ...d, hour: EVALUATION_HOUR, minute: 0, second: 0 }, siteZone(timeZone));
}

/** The latest health date whose 06:00 site-local has passed at `now`: today after 06:00, else yesterday. */
export function latestHealthDate(now: Date, timeZone: string | null | undefined): string {
  const zone = siteZone(timeZone);
  const w = wallClockOf(now, zone);
  const day = new Date(Date.UTC(w.year, w.month - 1, w.day));
  const today = day.toISOString().slice(0, 10);
  if (now.getTime() >= evaluationInstant(today, zone).getTime()) return today;
  return new Date(day.getTime() - 86_400_000).toISOString().slice(0, 10);
}
