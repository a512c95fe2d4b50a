import type { SqlExecutor } from '../store/database.js';
import { destinationView, getDestinationRow, type DestinationView } from './destination-store.js';

export interface DestinationStatus {
  readonly destination: DestinationView;
  readonly records: Record<string, number>;
  /** Records that did not reach the destination, with the destination's message (e.g. Notion's 400 text). */
  readonly failures: { key: string; error: unknown; attempts: number; updated_at: Date }[];
  readonly pushes: { id: string; status: string; dry_run: boolean; summary: unknown; started_at: Date; finished_at: Date | null }[];
  readonly deliveries: { id: number; batch_id: string | null; attempt: number; outcome: string; response_code: number | null; latency_ms: number | null; error: string | null; at: Date }[];
  readonly dead_letters: { id: number; batch_id: string; reason: string; created_at: Date }[];
}

/** Everything the API and UI show about one destination (secrets masked). */
export async function getDestinationStatus(db: SqlExecutor, name: string, opts: { limit?: number } = {}): Promise<DestinationStatus> {
  const row = await getDestinationRow(db, name);
  const limit = opts.limit ?? 50;
  const [counts, failures, pushes, deliveries, dead] = await Promise.all([
    db.query<{ state: string; n: number }>('select state, count(*)::int as n from destination_records where destination_id = $1 group by state', [row.id]),
    db.query<DestinationStatus['failures'][number]>(
      `select key, error, attempts, updated_at from destination_records where destination_id = $1 and error is not null order by updated_at desc limit $2`,
      [row.id, limit],
    ),
    db.query<DestinationStatus['pushes'][number]>(
      `select id, status, dry_run, summary, started_at, finished_at from destination_pushes where destination_id = $1 order by started_at desc limit $2`,
      [row.id, limit],
    ),
    db.query<DestinationStatus['deliveries'][number]>(
      `select id, batch_id, attempt, outcome, response_code, latency_ms, error, at from destination_deliveries where destination_id = $1 order by id desc limit $2`,
      [row.id, limit],
    ),
    db.query<DestinationStatus['dead_letters'][number]>(
      `select id, batch_id, reason, created_at from destination_dead_letters where destination_id = $1 and redelivered_at is null order by id desc limit $2`,
      [row.id, limit],
    ),
  ]);
  return {
    destination: destinationView(row),
    records: Object.fromEntries(counts.rows.map((r) => [r.state, r.n])),
    failures: failures.rows,
    pushes: pushes.rows,
    deliveries: deliveries.rows,
    dead_letters: dead.rows,
  };
}
