import { formatTable } from '../cli/cli-output.js';
import type { DataColumn, DataRow, EvaluatedDashboard, EvaluatedWidget, ValueFormat } from './dashboard-view.js';

const MONEY: Partial<Record<ValueFormat, { currency: string; locale: string; digits: number }>> = {
  idr: { currency: 'IDR', locale: 'id-ID', digits: 0 },
  usd: { currency: 'USD', locale: 'en-US', digits: 2 },
  eur: { currency: 'EUR', locale: 'de-DE', digits: 2 },
};

/** One value as a person reads it: Rupiah in id-ID, percentages from fractions (0.75 → 75 %), grouped integers. */
export function formatValue(v: string | number | boolean | null | undefined, format: ValueFormat | undefined): string {
  if (v === null || v === undefined) return '–';
  if (typeof v !== 'number') return String(v);
  const money = format ? MONEY[format] : undefined;
  if (money) {
    return new Intl.NumberFormat(money.locale, { style: 'currency', currency: money.currency, maximumFractionDigits: money.digits, minimumFractionDigits: money.digits }).format(v);
  }
  switch (format) {
    case 'percent':
      return new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(v);
    case 'integer':
      return new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(v);
    case 'number':
      return new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(v);
    default:
      return String(v);
  }
}

function table(columns: readonly DataColumn[], rows: readonly DataRow[]): string {
  if (rows.length === 0) return '  (no rows)\n';
  const labels = columns.map((c) => c.label);
  const out = rows.map((r): Record<string, string> => Object.fromEntries(columns.map((c) => [c.label, formatValue(r[c.name], c.format)])));
  return indent(formatTable(out, labels));
}

function indent(s: string): string {
  return s.split('\n').map((l) => (l ? `  ${l}` : l)).join('\n');
}

function widgetText(w: EvaluatedWidget): string {
  const head = `■ ${w.title}`;
  if (w.error) return `${head}  [error ${w.error.code}: ${w.error.message}]\n`;
  switch (w.type) {
    case 'metric':
      return `${head}: ${formatValue(w.data.value, w.format)}\n`;
    case 'bar':
    case 'line':
    case 'pie':
      return `${head} (${w.type} chart: ${w.y.join(', ')} by ${w.x}${w.series ? ` and ${w.series}` : ''})\n${table(w.data.columns, w.data.rows)}`;
    case 'table':
      return `${head}${w.paged ? ` (first ${w.data.rows.length} rows${w.next_cursor ? ', more with sluice records' : ''})` : ''}\n${table(w.data.columns, w.data.rows)}`;
    case 'map':
      if (w.data.mode === 'points') {
        const rows = w.data.points.map((p) => ({ label: p.label, lat: p.lat, lon: p.lon }));
        return `${head} (map, ${rows.length} points)\n${rows.length ? indent(formatTable(rows.slice(0, 20))) : '  (no points)\n'}${rows.length > 20 ? `  … ${rows.length - 20} more\n` : ''}`;
      }
      return `${head} (map by country)\n${w.data.countries.length ? indent(formatTable(w.data.countries.map((c) => ({ country: c.code, value: c.value })))) : '  (no rows)\n'}`;
    case 'changes': {
      const rows = w.data.items.map((i) => ({ at: i.at, stream: i.stream, key: i.key, kind: i.kind, fields: i.fields ? Object.keys(i.fields).join(', ') : '' }));
      return `${head}\n${rows.length ? indent(formatTable(rows)) : '  (no changes)\n'}`;
    }
  }
}

/** A whole evaluated dashboard as terminal text: title, filters, sub-pages, then each widget (charts as their rows). */
export function renderDashboardText(d: EvaluatedDashboard): string {
  const lines: string[] = [`${d.title}${d.description ? ` — ${d.description}` : ''}`, ''];
  if (d.filters.length) {
    lines.push(`Filters: ${d.filters.map((f) => `${f.name}=${f.value ?? '(any)'}`).join('  ')}   (set with --f name=value)`);
    for (const f of d.filters.filter((x) => x.options?.length)) {
      lines.push(`  ${f.name}: ${f.options!.slice(0, 30).map((o) => (o.label === o.value ? o.value : `${o.value} (${o.label})`)).join(', ')}${f.options!.length > 30 ? ', …' : ''}`);
    }
  }
  if (d.pages.length) lines.push(`Pages: ${d.pages.map((p) => `${p.id} (${p.title})`).join(', ')}`);
  if (d.parent) lines.push(`Parent: ${d.parent}`);
  if (lines.length > 2) lines.push('');
  return `${lines.join('\n')}\n${d.widgets.map(widgetText).join('\n')}`;
}
