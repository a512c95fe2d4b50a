import type { SqlExecutor } from '../../store/database.js';

export interface RunCounts {
  readonly records_processed: number;
  readonly merged: number;
  readonly new_entities: number;
  readonly queued_for_review: number;
}

/** Written in its own statement before the work starts: a failed run's transaction rolls back, its log does not. */
export async function startResolutionRun(db: SqlExecutor, type: string, mode: 'full' | 'incremental'): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into resolution_runs (entity_type, mode, status) values ($1, $2, 'running') returning id`,
    [type, mode],
  );
  return rows[0]!.id;
}

export async function finishResolutionRun(
  db: SqlExecutor,
  id: string,
  outcome: { status: 'succeeded'; counts: RunCounts } | { status: 'failed'; error: { code: string; message: string } },
): Promise<void> {
  if (outcome.status === 'succeeded') {
    const c = outcome.counts;
    await db.query(
      `update resolution_runs set status = 'succeeded', finished_at = now(), records_processed = $2, merged = $3,
              new_entities = $4, queued_for_review = $5 where id = $1`,
      [id, c.records_processed, c.merged, c.new_entities, c.queued_for_review],
    );
  } else {
    await db.query(`update resolution_runs set status = 'failed', finished_at = now(), error = $2::jsonb where id = $1`, [
      id,
      JSON.stringify(outcome.error),
    ]);
  }
}

export interface ResolutionRunRow {
  id: string;
  entity_type: string;
  mode: string;
  status: string;
  started_at: Date;
  finished_at: Date | null;
  records_processed: number;
  merged: number;
  new_entities: number;
  queued_for_review: number;
  error: { code: string; message: string } | null;
}

export async function listResolutionRuns(db: SqlExecutor, type: string, limit = 20): Promise<ResolutionRunRow[]> {
  const { rows } = await db.query<ResolutionRunRow>(
    'select * from resolution_runs where entity_type = $1 order by started_at desc, id limit $2',
    [type, limit],
  );
  return rows;
}
