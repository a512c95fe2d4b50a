import { toSluiceError } from '../../core/errors.js';
import type { Database, SqlExecutor } from '../../store/database.js';
import { buildGoldenRecord } from '../build-golden-record.js';
import type { EntityRules } from '../entity-rules.js';
import { resolveRecords } from '../resolve-records.js';
import type { PairDecision, ResolvedCluster } from '../resolve-types.js';
import { assignEntityIds } from './assign-entity-ids.js';
import { membershipChanges, writeMembershipChanges } from './membership-changes.js';
import { loadStoredRecords, type StoredRecord } from './resolution-record-store.js';
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
      const records = await loadStoredRecords(tx, type, scopeIds);
      const previous = new Map(records.map((r) => [r.id, r.entityId]));
      const decisions = await loadDecisions(tx, type, scopeIds);
      lap('load');
      const result = resolveRecords(records, decisions, rules);
      const byId = new Map(records.map((r) => [r.id, r]));
      const inReview = new Set(result.review.flatMap((i) => [i.a, i.b]));
      const { ids, created } = assignEntityIds(result.clusters, previous);
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
      lap('resolve');
      const kept = new Set(ids);
      const obsolete = [...new Set([...previous.values()].filter((v): v is string => v !== null && !kept.has(v)))];
      await deleteEntities(tx, type, obsolete);
      await writeEntities(tx, type, writes);
      lap('write_entities');
      await writeReviewItems(tx, type, scopeIds, result.review);
      await writeMembershipChanges(tx, runId, membershipChanges(byId, previous, result.clusters, ids));
      lap('write_changes');
      if (scopeIds === null) {
        // A full pass also sweeps entities left without members (vanished records clean up after themselves).
        await tx.query(
          `delete from entities e where e.entity_type = $1
             and not exists (select 1 from resolution_records r where r.entity_type = $1 and r.entity_id = e.id)`,
          [type],
        );
      }
      lap('sweep');
      return {
        records_processed: records.length,
        merged: result.clusters.reduce((n, c) => n + c.members.length - 1, 0),
        new_entities: created,
        queued_for_review: result.review.length,
      };
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
