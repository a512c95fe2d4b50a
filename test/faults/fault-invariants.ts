import type { SqlExecutor } from '../../src/store/database.js';

export interface InvariantCounts {
  lost: number;
  duplicated: number;
  cursorAhead: number;
}

/** Sums named counts, printing every non-zero one (so a failing trial says which invariant broke). */
export async function tally(parts: Record<string, number | Promise<number>>): Promise<number> {
  let sum = 0;
  for (const [label, v] of Object.entries(parts)) {
    const x = await v;
    if (x !== 0) console.warn(`invariant broken: ${label} = ${x}`);
    sum += x;
  }
  return sum;
}

export function addCounts(into: InvariantCounts, c: InvariantCounts): void {
  into.lost += c.lost;
  into.duplicated += c.duplicated;
  into.cursorAhead += c.cursorAhead;
}

const n = async (db: SqlExecutor, sql: string, params: unknown[] = []) =>
  Number((await db.query<{ n: number | string | null }>(sql, params)).rows[0]?.n ?? 0);

/** What the source holds right now, for a stream: key → a value the stored record must carry (its version marker). */
export interface ExpectedStream {
  readonly field: string;
  readonly active: ReadonlyMap<string, string>;
  /** Keys seen earlier and gone from the source since (must read removed after a complete run). */
  readonly gone?: ReadonlySet<string>;
}

async function streamId(db: SqlExecutor, stream: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>('select id from streams where name = $1', [stream]);
  if (!rows[0]) throw new Error(`no stream ${stream}`);
  return rows[0].id;
}

/** Stored records that do not match what the source holds (missing, stale, or active though gone). */
export async function sourceMismatches(db: SqlExecutor, stream: string, expected: ExpectedStream): Promise<number> {
  const id = await streamId(db, stream);
  const { rows } = await db.query<{ key: string; status: string; v: string | null }>(
    'select key, status, data->>$2 as v from records where stream_id = $1', [id, expected.field]);
  const stored = new Map(rows.map((r) => [r.key, r]));
  let bad = 0;
  for (const [key, v] of expected.active) {
    const r = stored.get(key);
    if (!r || r.status !== 'active' || r.v !== v) bad++;
  }
  for (const key of expected.gone ?? []) if (stored.get(key)?.status !== 'removed') bad++;
  return bad;
}

/**
 * The change-history invariants of one stream after a complete run: every record has exactly one `created` change,
 * no change row is written twice, every record change has exactly one outbox event; plus, when given, every record
 * the source holds is stored with its current value (lost) — the promises of DESIGN.md §2.
 */
export async function streamInvariants(db: SqlExecutor, stream: string, expected?: ExpectedStream): Promise<InvariantCounts> {
  const id = await streamId(db, stream);
  const lost = await tally({
    [`${stream}: records without a created change`]: n(db, `select count(*) as n from records r where r.stream_id = $1
                   and not exists (select 1 from changes c where c.stream_id = r.stream_id and c.key = r.key and c.kind = 'created')`, [id]),
    [`${stream}: changes without an outbox event`]: n(db, `select count(*) as n from changes c where c.stream_id = $1 and c.kind in ('created', 'updated', 'removed', 'restored')
                   and not exists (select 1 from outbox o where o.change_id = c.id)`, [id]),
    [`${stream}: records not as the source holds them`]: expected ? sourceMismatches(db, stream, expected) : 0,
  });
  const duplicated = await tally({
    [`${stream}: keys with more than one created change`]: n(db, `select coalesce(sum(k - 1), 0) as n from (select count(*) as k from changes where stream_id = $1 and kind = 'created'
                   group by key having count(*) > 1) d`, [id]),
    [`${stream}: change rows written twice`]: n(db, `select coalesce(sum(k - 1), 0) as n from (select count(*) as k from changes where stream_id = $1
                   group by run_id, key, kind, coalesce(fields::text, '') having count(*) > 1) d`, [id]),
    [`${stream}: outbox events written twice`]: n(db, `select coalesce(sum(k - 1), 0) as n from (select count(*) as k from outbox where stream_id = $1
                   group by change_id having count(*) > 1) d`, [id]),
  });
  return { lost, duplicated, cursorAhead: 0 };
}

/**
 * After a kill: a stream whose state was committed by the killed run claims a complete read, so everything the source
 * holds must be stored (otherwise the cursor ran ahead of the data). Returns the records it would have skipped.
 */
export async function cursorAheadAfterKill(db: SqlExecutor, stream: string, previousRunId: string | null, expected: ExpectedStream): Promise<number> {
  const id = await streamId(db, stream);
  const { rows } = await db.query<{ last_run_id: string | null }>('select last_run_id::text as last_run_id from stream_state where stream_id = $1', [id]);
  const moved = rows.some((r) => r.last_run_id !== null && r.last_run_id !== previousRunId);
  return moved ? sourceMismatches(db, stream, expected) : 0;
}

/** The run that last committed a stream's state (null before the first complete read). */
export async function lastStateRun(db: SqlExecutor, stream: string): Promise<string | null> {
  const { rows } = await db.query<{ r: string | null }>(
    'select max(ss.last_run_id::text) as r from stream_state ss join streams s on s.id = ss.stream_id where s.name = $1', [stream]);
  return rows[0]?.r ?? null;
}
