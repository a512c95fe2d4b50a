import { appendFileSync } from 'node:fs';

/** One line of the fault table: what a scenario did on one database and what it found (every count must be 0). */
export interface FaultRow {
  scenario: string;
  database: string;
  trials: number;
  /** Trials where the SIGKILL (or restart, or storm) actually hit a running process. */
  kills: number;
  lost: number;
  duplicated: number;
  cursorAhead: number;
}

export function emptyRow(scenario: string, database: string): FaultRow {
  return { scenario, database, trials: 0, kills: 0, lost: 0, duplicated: 0, cursorAhead: 0 };
}

const COLUMNS: readonly (keyof FaultRow)[] = ['scenario', 'database', 'trials', 'kills', 'lost', 'duplicated', 'cursorAhead'];
const HEADERS = ['scenario', 'database', 'trials', 'kills', 'lost', 'duplicated', 'cursor-ahead'];

/** The rows as a Markdown table (also readable in a terminal). */
export function faultTable(rows: readonly FaultRow[]): string {
  const cells = rows.map((r) => COLUMNS.map((c) => String(r[c])));
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (vals: readonly string[]) => `| ${vals.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(HEADERS), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

/**
 * Records a finished scenario: printed by the test file, and appended to SLUICE_FAULT_REPORT (JSON lines) when the
 * runner (scripts/test-faults.mjs) collects one table for the whole suite.
 */
export function reportFaultRow(row: FaultRow): void {
  const file = process.env.SLUICE_FAULT_REPORT;
  if (file) appendFileSync(file, `${JSON.stringify(row)}\n`);
  console.log(`\n${faultTable([row])}`);
}
