/** Machine-readable results go to stdout; progress and logs go to stderr. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

export function printNdjson(rows: Iterable<unknown>): void {
  for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A plain aligned table; long cells are cut so one wide field cannot wreck the layout. */
export function formatTable(rows: readonly Record<string, unknown>[], columns?: readonly string[], maxWidth = 48): string {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  if (cols.length === 0) return '(no rows)\n';
  const cut = (s: string) => (s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s).replace(/\s+/g, ' ');
  const body = rows.map((r) => cols.map((c) => cut(cell(r[c]))));
  const widths = cols.map((c, i) => Math.max(c.length, ...body.map((b) => b[i]?.length ?? 0)));
  const line = (vals: readonly string[]) => vals.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n') + '\n';
}

export function printTable(rows: readonly Record<string, unknown>[], columns?: readonly string[]): void {
  process.stdout.write(rows.length === 0 ? '(no rows)\n' : formatTable(rows, columns));
}
