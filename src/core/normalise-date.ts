import { wallClockToInstant } from './time-zone.js';
import { textOf } from './text-of.js';

/**
 * Parses dates to ISO 8601. Accepts ISO input, epoch seconds/milliseconds, and explicit day-first formats
 * (`DD/MM/YYYY`, `DD/MM/YYYY HH:mm:ss`) interpreted in a given IANA time zone (e.g. Asia/Jakarta).
 */
export function normaliseDate(
  input: unknown,
  opts: { kind: 'date' | 'datetime'; format?: string; timeZone?: string },
): string | null | { invalid: string } {
  if (input === null || input === undefined) return null;
  if (input instanceof Date) return Number.isNaN(input.getTime()) ? { invalid: textOf(input) } : output(input, opts.kind);
  if (typeof input === 'number') return fromEpoch(input, opts.kind);
  const s = textOf(input).trim();
  if (s === '') return null;
  if (opts.format) return parseFormatted(s, opts.format, opts.kind, opts.timeZone ?? 'UTC');
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return opts.kind === 'date' ? validYmd(s) : isoOf(new Date(`${s}T00:00:00Z`), s);
  if (/^\d{9,13}(\.\d+)?$/.test(s)) return fromEpoch(Number(s), opts.kind);
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(s)) {
    const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(s);
    const d = hasZone ? new Date(s.replace(' ', 'T')) : zonedToUtc(s.replace(' ', 'T'), opts.timeZone ?? 'UTC');
    return isoOf(d, s, opts.kind);
  }
  const d = new Date(s);
  return isoOf(d, s, opts.kind);
}

function output(d: Date, kind: 'date' | 'datetime'): string {
  // Cut at the 'T', not at 10 characters: years outside 0–9999 are written with six digits and a sign.
  const iso = d.toISOString();
  return kind === 'date' ? iso.slice(0, iso.indexOf('T')) : iso;
}

function isoOf(d: Date, raw: string, kind: 'date' | 'datetime' = 'datetime'): string | { invalid: string } {
  return Number.isNaN(d.getTime()) ? { invalid: raw } : output(d, kind);
}

function validYmd(s: string): string | { invalid: string } {
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s ? { invalid: s } : s;
}

function fromEpoch(n: number, kind: 'date' | 'datetime'): string | { invalid: string } {
  // Seconds (NinjaOne sends epoch seconds with decimals) vs milliseconds.
  const ms = n < 1e11 ? n * 1000 : n;
  return isoOf(new Date(ms), String(n), kind);
}

const TOKEN_RE = /YYYY|MM|DD|HH|mm|ss/g;

function parseFormatted(s: string, format: string, kind: 'date' | 'datetime', timeZone: string): string | { invalid: string } {
  const order: string[] = [];
  const toRegex = (f: string) =>
    f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(TOKEN_RE, (t) => {
      order.push(t);
      return t === 'YYYY' ? '(\\d{4})' : '(\\d{1,2})';
    });
  // The time part is optional in the input even when the format has it (DGI sends both shapes).
  const [datePart = '', ...rest] = format.split(' ');
  const timePart = rest.join(' ');
  const pattern = toRegex(datePart) + (timePart ? `(?:\\s+${toRegex(timePart)})?` : '');
  const m = new RegExp(`^${pattern}$`).exec(s);
  if (!m) return { invalid: s };
  const parts: Record<string, number> = { YYYY: 0, MM: 1, DD: 1, HH: 0, mm: 0, ss: 0 };
  order.forEach((t, i) => {
    const v = m[i + 1];
    if (v !== undefined) parts[t] = Number(v);
  });
  const { YYYY, MM, DD, HH, mm, ss } = parts as Record<'YYYY' | 'MM' | 'DD' | 'HH' | 'mm' | 'ss', number>;
  const probe = new Date(Date.UTC(YYYY, MM - 1, DD));
  if (probe.getUTCMonth() !== MM - 1 || probe.getUTCDate() !== DD || HH > 23 || mm > 59 || ss > 59) return { invalid: s };
  const ymd = `${String(YYYY).padStart(4, '0')}-${pad(MM)}-${pad(DD)}`;
  if (kind === 'date') return ymd;
  return output(zonedToUtc(`${ymd}T${pad(HH)}:${pad(mm)}:${pad(ss)}`, timeZone), 'datetime');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Interprets a wall-clock time (`YYYY-MM-DDTHH:mm:ss`, no offset) in an IANA zone and returns the UTC instant. */
export function zonedToUtc(local: string, timeZone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(local);
  if (!m) return new Date(Number.NaN);
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  return wallClockToInstant({ year, month, day, hour, minute, second }, timeZone);
}
