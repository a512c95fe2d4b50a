const numberFmt = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const dateTimeFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const relFmt = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function fmtNumber(n: number | null | undefined): string {
  return n === null || n === undefined || Number.isNaN(n) ? '—' : numberFmt.format(n);
}

export function fmtDateTime(s: string | null | undefined): string {
  if (!s) return '—';
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : dateTimeFmt.format(d);
}

export function fmtDate(s: string | null | undefined): string {
  if (!s) return '—';
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : dateFmt.format(d);
}

export function fmtAgo(s: string | null | undefined, now = Date.now()): string {
  if (!s) return 'never';
  const secs = (new Date(s).getTime() - now) / 1000;
  const abs = Math.abs(secs);
  if (abs < 60) return relFmt.format(Math.round(secs), 'second');
  if (abs < 3600) return relFmt.format(Math.round(secs / 60), 'minute');
  if (abs < 86400) return relFmt.format(Math.round(secs / 3600), 'hour');
  return relFmt.format(Math.round(secs / 86400), 'day');
}

export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Any record value as short display text. */
export function fmtValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberFmt.format(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return JSON.stringify(v);
}

const MONEY: Record<string, Intl.NumberFormat> = {
  idr: new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 }),
  usd: new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }),
  eur: new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }),
};

/** A dashboard value in its declared format (money in its own locale: Rupiah in id-ID). */
export function fmtFormatted(v: unknown, format: string | undefined): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') {
    if (format && MONEY[format]) return MONEY[format].format(v);
    if (format === 'percent') return `${numberFmt.format(v * 100)} %`;
    if (format === 'integer') return new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 }).format(v);
    return numberFmt.format(v);
  }
  if (typeof v === 'string' && format === 'date') return fmtDate(v);
  if (typeof v === 'string' && format === 'datetime') return fmtDateTime(v);
  return fmtValue(v);
}
