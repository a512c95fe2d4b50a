/**
 * DGI speaks local wall-clock time: requests carry `YYYY-MM-DD HH:MM:SS` and records `DD/MM/YYYY[ HH:MM:SS]`, both in
 * the main dealer's time zone (WIB for most). These helpers convert between those and real instants with Intl, so any
 * IANA zone (and its DST, where one exists) works without a date library.
 */

import { wallClockOf, wallClockToInstant } from '../../core/time-zone.js';

export { isValidTimeZone } from '../../core/time-zone.js';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `YYYY-MM-DD HH:MM:SS` in the zone: the request format of `fromTime` / `toTime`. */
export function formatRequestTime(instant: Date, timeZone: string): string {
  const w = wallClockOf(instant, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const DATE_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const DATETIME_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?$/;

export type ParseResult = { ok: true; value: string | null } | { ok: false; reason: string };

const isBlank = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** `DD/MM/YYYY` → `YYYY-MM-DD` (a calendar date has no zone). Blank → null. */
export function parseDgiDate(value: unknown): ParseResult {
  if (isBlank(value)) return { ok: true, value: null };
  if (typeof value !== 'string') return { ok: false, reason: `expected a DD/MM/YYYY date, got ${typeof value}` };
  // Some MDs send a date-time where the spec says date; the calendar date is what the field means.
  const m = DATE_RE.exec(value.trim()) ?? DATETIME_RE.exec(value.trim());
  if (!m) return { ok: false, reason: `"${value}" is not a DD/MM/YYYY date` };
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validDate(year, month, day)) return { ok: false, reason: `"${value}" is not a real calendar date` };
  return { ok: true, value: `${pad(year, 4)}-${pad(month)}-${pad(day)}` };
}

/**
 * `DD/MM/YYYY HH:MM:SS` (seconds optional; a bare `DD/MM/YYYY` means midnight, as the spec's own inv2 example sends it)
 * read in the dealer's zone → ISO 8601 UTC. Blank → null.
 */
export function parseDgiDateTime(value: unknown, timeZone: string): ParseResult {
  if (isBlank(value)) return { ok: true, value: null };
  if (typeof value !== 'string') return { ok: false, reason: `expected a DD/MM/YYYY HH:MM:SS time, got ${typeof value}` };
  const m = DATETIME_RE.exec(value.trim());
  if (!m) return { ok: false, reason: `"${value}" is not a DD/MM/YYYY HH:MM:SS time` };
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, reason: `"${value}" is not a real date and time` };
  }
  return { ok: true, value: wallClockToInstant({ year, month, day, hour, minute, second }, timeZone).toISOString() };
}

/** The spec's decimals use a comma (`"20,5"`); numbers pass through. Blank → null. */
export function parseDgiDecimal(value: unknown): { ok: true; value: number | null } | { ok: false; reason: string } {
  if (isBlank(value)) return { ok: true, value: null };
  if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value };
  if (typeof value === 'string') {
    const s = value.trim();
    const normalised = s.includes(',') && !s.includes('.') ? s.replace(',', '.') : s.replace(/,/g, '');
    const n = Number(normalised);
    if (normalised !== '' && Number.isFinite(n)) return { ok: true, value: n };
  }
  return { ok: false, reason: `"${String(value)}" is not a number` };
}
