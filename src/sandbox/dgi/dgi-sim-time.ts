/**
 * The simulated MD server keeps WIB (UTC+7, no daylight saving) like most main dealers: record times are written and
 * request times read on that wall clock.
 */
export const WIB_OFFSET_MS = 7 * 3_600_000;

const pad = (n: number): string => String(n).padStart(2, '0');

function wib(ms: number): Date {
  return new Date(ms + WIB_OFFSET_MS);
}

/** DD/MM/YYYY */
export function simDate(ms: number): string {
  const d = wib(ms);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** DD/MM/YYYY HH:MM:SS */
export function simDateTime(ms: number): string {
  const d = wib(ms);
  return `${simDate(ms)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** HH:MM */
export function simClock(ms: number): string {
  const d = wib(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** YY and MM of document numbers ("WO/12284/26/11/00042"). */
export function simYyMm(ms: number): { yy: string; mm: string } {
  const d = wib(ms);
  return { yy: pad(d.getUTCFullYear() % 100), mm: pad(d.getUTCMonth() + 1) };
}

/** Parses the request format `YYYY-MM-DD HH:MM:SS` (WIB); undefined when it is not exactly that. */
export function parseRequestTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return ms - WIB_OFFSET_MS;
}

/** Start of the WIB calendar day containing `ms`. */
export function startOfWibDay(ms: number): number {
  const d = wib(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - WIB_OFFSET_MS;
}
