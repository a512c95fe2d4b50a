import { toCopyText } from '../../store/copy-text.js';
import type { Tx } from '../../store/database.js';

/** Rows per COPY statement: bounds the size of one payload string (a million rows would be hundreds of MB). */
const COPY_CHUNK = 50_000;

/** Bulk-loads rows with COPY in bounded chunks, inside the caller's transaction. */
export async function copyRows(tx: Tx, table: string, columns: readonly string[], rows: readonly (readonly (string | null)[])[]): Promise<void> {
  for (let i = 0; i < rows.length; i += COPY_CHUNK) await tx.copyIn(table, columns, toCopyText(rows.slice(i, i + COPY_CHUNK)));
}

/**
 * Fills a session-local staging table (`ddl` is its column list): set-based writes COPY into it and then apply it to
 * the real table in one statement, so a million rows cost a handful of round trips instead of one per batch. Created
 * once per session and emptied at commit (no catalog change per run, which a small run would pay for in latency);
 * analysed after loading, or the planner guesses a thousand rows and hash-joins the whole target table for ten.
 */
export async function stageRows(
  tx: Tx, name: string, ddl: string, columns: readonly string[], rows: readonly (readonly (string | null)[])[],
): Promise<void> {
  await tx.query(`create temp table if not exists ${name} (${ddl}) on commit delete rows`);
  // Used earlier in this same transaction: start empty.
  await tx.query(`delete from ${name}`);
  await copyRows(tx, name, columns, rows);
  await tx.query(`analyze ${name}`);
}
