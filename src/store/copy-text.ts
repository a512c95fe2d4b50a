const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * Rows in PostgreSQL's COPY text format (tab-separated, `\N` for null, backslash escapes), the payload `Tx.copyIn`
 * loads. Values are sent as text and cast by the target column's type (jsonb, text, …).
 */
export function toCopyText(rows: readonly (readonly (string | null)[])[]): string {
  const lines: string[] = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    let line = '';
    for (let j = 0; j < row.length; j++) {
      const v = row[j];
      if (j > 0) line += '\t';
      line += v === null || v === undefined ? '\\N' : SPECIAL.test(v) ? v.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : v;
    }
    lines[i] = line;
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
