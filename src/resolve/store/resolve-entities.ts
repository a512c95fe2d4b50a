import { toSluiceError } from '../../core/errors.js';
import type { Database, SqlExecutor, Tx } from '../../store/database.js';
import { buildGoldenRecord } from '../build-golden-record.js';
import type { EntityRules } from '../entity-rules.js';
import { resolveRecords } from '../resolve-records.js';
import type { PairDecision, ResolvedCluster } from '../resolve-types.js';
import { assignEntityIds } from './assign-entity-ids.js';
import { membershipChanges, writeMembershipChanges } from './membership-changes.js';
import { loadStoredRecords, RECORD_COLUMNS, toStoredRecord, type StoredRecord, type StoredRow } from './resolution-record-store.js';
import { finishResolutionRun, startResolutionRun, type RunCounts } from './resolution-run-log.js';
import { deleteEntities, writeEntities, writeReviewItems, type EntityWrite } from './write-resolution.js';

const VACUUM_AFTER = 5_000;

export interface ResolveEntitiesOptions {
  /** Re-resolve every record of the type (a full rebuild), not only the neighbourhood of what changed. */
  readonly full?: boolean;
}

export interface ResolveEntitiesSummary extends RunCounts {
  readonly run_id: string;
  readonly mode: 'full' | 'incremental';
  readonly duration_ms: number;
  /** Where the time went: load, resolve (the pure engine), write, vacuum (ms). */
  readonly phases_ms: Readonly<Record<string, number>>;
}

/** Human decisions for these records, one per pair: the latest decision on a pair is the one that stands. */
export async function loadDecisions(db: SqlExecutor, type: string, ids: readonly string[] | null): Promise<PairDecision[]> {
  const { rows } = await db.query<{ kind: 'approve' | 'reject' | 'split'; record_a: string; record_b: string }>(
    ids === null
      ? 'select kind, record_a, record_b from resolution_decisions where entity_type = $1 order by id'
      : `select kind, record_a, record_b from resolution_decisions where entity_type = $1
           and (record_a = any($2::text[]) or record_b = any($2::text[])) order by id`,
    ids === null ? [type] : [type, ids],
  );
  const latest = new Map<string, PairDecision>();
  for (const r of rows) {
    const [a, b] = r.record_a < r.record_b ? [r.record_a, r.record_b] : [r.record_b, r.record_a];
    const k = `${a}\u0000${b}`;
    latest.delete(k);
    latest.set(k, { kind: r.kind === 'approve' ? 'approve' : 'reject', a, b });
  }
  return [...latest.values()];
}

/**
 * Clusters whose entity row already says exactly this: the same members (none changed since), the same confidence,
 * tier and review flag. Their golden record depends only on those members, so it is neither rebuilt nor rewritten —
 * a match that re-resolves a whole team writes only the entities the new record touched.
 */
async function unchangedClusters(
  tx: SqlExecutor, clusters: readonly ResolvedCluster[], ids: readonly string[], byId: ReadonlyMap<string, StoredRecord>,
  inReview: ReadonlySet<string>,
): Promise<Set<number>> {
  const candidates = clusters.flatMap((c, i) => (c.members.every((m) => byId.get(m)!.entityId === ids[i] && !byId.get(m)!.dirty) ? [i] : []));
  const out = new Set<number>();
  if (candidates.length === 0) return out;
  const rows = new Map<string, { member_count: number; confidence: number; match_tier: string | null; needs_review: boolean }>();
  for (let k = 0; k < candidates.length; k += 10_000) {
    const { rows: part } = await tx.query<{ id: string; member_count: number; confidence: number; match_tier: string | null; needs_review: boolean }>(
      'select id, member_count, confidence, match_tier, needs_review from entities where id = any($1::uuid[])',
      [candidates.slice(k, k + 10_000).map((i) => ids[i]!)],
    );
    for (const r of part) rows.set(r.id, r);
  }
  for (const i of candidates) {
    const c = clusters[i]!;
    const e = rows.get(ids[i]!);
    if (e && e.member_count === c.members.length && e.confidence === c.confidence && e.match_tier === c.tier
      && e.needs_review === c.members.some((m) => inReview.has(m))) out.add(i);
  }
  return out;
}

/** Records per batch of a full pass: whole scopes (teams) at a time, so memory stays bounded at any size. */
const BATCH_RECORDS = 20_000;

/** Every record of the type, whole scopes at a time, read through one cursor in scope order. */
async function* scopeBatches(tx: Tx, type: string): AsyncGenerator<StoredRecord[]> {
  await tx.query(
    `declare resolution_scan no scroll cursor for
       select ${RECORD_COLUMNS} from resolution_records where entity_type = $1 order by scope, record_id`,
    [type],
  );
  let buffer: StoredRecord[] = [];
  for (;;) {
    const { rows } = await tx.query<StoredRow>(`fetch forward ${BATCH_RECORDS} from resolution_scan`);
    buffer.push(...rows.map(toStoredRecord));
    if (rows.length < BATCH_RECORDS) break;
    // Hold back the last scope: its records may continue in the next fetch.
    const last = buffer[buffer.length - 1]!.scope;
    let cut = buffer.length;
    while (cut > 0 && buffer[cut - 1]!.scope === last) cut--;
    if (cut === 0) continue;
    yield buffer.slice(0, cut);
    buffer = buffer.slice(cut);
  }
  await tx.query('close resolution_scan');
  if (buffer.length) yield buffer;
}

async function* oneBatch(tx: Tx, type: string, ids: readonly string[]): AsyncGenerator<StoredRecord[]> {
  yield await loadStoredRecords(tx, type, ids);
}

/**
 * Resolves one batch (whole scopes, or the connected neighbourhood of a change) and writes its entities, memberships,
 * review items and history. `taken` holds entity ids already given to a cluster in this run (a record that moved
 * team must not hand its old entity id to two clusters); `obsolete` collects old ids the batch did not keep.
 */
async function resolveBatch(
  tx: Tx, rules: EntityRules, runId: string, records: readonly StoredRecord[], decisions: readonly PairDecision[],
  taken: Set<string>, obsolete: Set<string>, lap: (phase: string) => void,
): Promise<{ merged: number; created: number; queued: number }> {
  const type = rules.type;
  const previous = new Map(records.map((r) => [r.id, r.entityId]));
  const result = resolveRecords(records, decisions, rules);
  const byId = new Map(records.map((r) => [r.id, r]));
  const inReview = new Set(result.review.flatMap((i) => [i.a, i.b]));
  const { ids, created } = assignEntityIds(result.clusters, previous, undefined, taken);
  const stored = new Set(previous.values());
  const unchanged = await unchangedClusters(tx, result.clusters, ids, byId, inReview);
  const writes: EntityWrite[] = [];
  result.clusters.forEach((cluster, i) => {
    if (unchanged.has(i)) return;
    writes.push({
      id: ids[i]!,
      cluster,
      golden: buildGoldenRecord(cluster.members.map((m) => byId.get(m)!), rules),
      needsReview: cluster.members.some((m) => inReview.has(m)),
      fresh: !stored.has(ids[i]!),
    });
  });
  for (const id of previous.values()) if (id !== null) obsolete.add(id);
  lap('resolve');
  // Entities this batch re-points away from are deleted at the end of the run; their rows must not block the upsert
  // of a kept id, and no new id can collide with them.
  await writeEntities(tx, type, writes);
  lap('write_entities');
  await writeReviewItems(tx, type, records.map((r) => r.id), result.review);
  await writeMembershipChanges(tx, runId, membershipChanges(byId, previous, result.clusters, ids));
  lap('write_changes');
  return {
    merged: result.clusters.reduce((n, c) => n + c.members.length - 1, 0),
    created,
    queued: result.review.length,
  };
}

/**
 * One resolution run: finds the neighbourhood of every dirty record through the blocking index (or takes everything
 * with `full`), resolves it with the pure engine, and writes entities, memberships and review items in one
 * transaction. The merge log row is committed first and completed either way.
 */
export async function resolveEntities(db: Database, rules: EntityRules, opts: ResolveEntitiesOptions = {}): Promise<ResolveEntitiesSummary> {
  const started = Date.now();
  const type = rules.type;
  const mode = opts.full ? 'full' : 'incremental';
  const runId = await startResolutionRun(db, type, mode);
  const phases: Record<string, number> = {};
  let mark = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    phases[phase] = Math.round((phases[phase] ?? 0) + now - mark);
    mark = now;
  };
  try {
    const counts = await db.transaction(async (tx) => {
      let scopeIds: string[] | null = null;
      if (!opts.full) {
        const { rows: dirty } = await tx.query<{ id: string }>(
          'select record_id as id from resolution_records where entity_type = $1 and dirty',
          [type],
        );
        // When much has changed, walking the neighbourhood costs more than resolving everything (same result).
        const total = dirty.length > 1_000
          ? Number((await tx.query<{ n: number }>('select count(*) as n from resolution_records where entity_type = $1', [type])).rows[0]?.n ?? 0)
          : Infinity;
        if (dirty.length * 4 > total) scopeIds = null;
        else {
          const { rows } = await tx.query<{ id: string }>('select resolution_component($1, $2::text[]) as id', [type, dirty.map((d) => d.id)]);
          scopeIds = rows.map((r) => r.id);
        }
      }
      const total = { records_processed: 0, merged: 0, new_entities: 0, queued_for_review: 0 };
      const taken = new Set<string>();
      const obsolete = new Set<string>();
      const batches = scopeIds === null ? scopeBatches(tx, type) : oneBatch(tx, type, scopeIds);
      for await (const records of batches) {
        const ids = records.map((r) => r.id);
        const decisions = await loadDecisions(tx, type, ids);
        lap('load');
        const c = await resolveBatch(tx, rules, runId, records, decisions, taken, obsolete, lap);
        total.records_processed += records.length;
        total.merged += c.merged;
        total.new_entities += c.created;
        total.queued_for_review += c.queued;
      }
      // An old entity no cluster kept (in any batch) is gone: its members now belong to others.
      await deleteEntities(tx, type, [...obsolete].filter((id) => !taken.has(id)));
      if (scopeIds === null) {
        // A full pass also sweeps entities left without members (vanished records clean up after themselves) and
        // review items about records that no longer exist.
        await tx.query(
          `delete from entities e where e.entity_type = $1
             and not exists (select 1 from resolution_records r where r.entity_type = $1 and r.entity_id = e.id)`,
          [type],
        );
        await tx.query(
          `update resolution_reviews v set status = 'superseded', updated_at = now()
            where v.entity_type = $1 and v.status = 'open'
              and not (exists (select 1 from resolution_records r where r.entity_type = $1 and r.record_id = v.record_a)
                       and exists (select 1 from resolution_records r where r.entity_type = $1 and r.record_id = v.record_b))`,
          [type],
        );
      }
      lap('sweep');
      return total;
    });
    lap('commit');
    await finishResolutionRun(db, runId, { status: 'succeeded', counts });
    if (counts.records_processed >= VACUUM_AFTER) {
      // After a large pass the dirty-flag index is full of dead entries and the statistics are stale: PGlite has no
      // autovacuum, and PostgreSQL's comes too late for the next small run (measured: 15 ms vs 340 ms per match at
      // 100 k). VACUUM cannot run in a transaction block, hence one statement each.
      for (const table of ['resolution_records', 'resolution_blocks', 'entities']) await db.exec(`vacuum analyze ${table}`);
      lap('vacuum');
    }
    return { run_id: runId, mode, ...counts, duration_ms: Date.now() - started, phases_ms: phases };
  } catch (err) {
    const e = toSluiceError(err, 'database_error');
    await finishResolutionRun(db, runId, { status: 'failed', error: { code: e.code, message: e.message } });
    throw e;
  }
}
