import type { Tx } from '../../store/database.js';
import type { GoldenRecord } from '../build-golden-record.js';
import type { ResolvedCluster, ReviewItem } from '../resolve-types.js';
import { copyRows, stageRows } from './copy-rows.js';
import { pgArray } from './pg-array.js';

export interface EntityWrite {
  readonly id: string;
  readonly cluster: ResolvedCluster;
  readonly golden: GoldenRecord;
  readonly needsReview: boolean;
  /** A new id (no row yet): COPYed straight into `entities` instead of through the staged upsert. */
  readonly fresh: boolean;
}

const BATCH = 2_000;

function chunks<T>(list: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

const ENTITY_STAGE = 'resolution_entity_stage';
const MEMBER_STAGE = 'resolution_member_stage';
const ENTITY_COLUMNS = [
  'id', 'name', 'emails', 'phones', 'scope', 'attributes', 'provenance', 'sources', 'member_count', 'confidence', 'match_tier',
  'needs_review',
] as const;

/**
 * Upserts golden records (the version moves only when something changed) and points every member at its entity:
 * both staged by COPY and applied in one statement each, whatever the number of entities.
 */
export async function writeEntities(tx: Tx, type: string, writes: readonly EntityWrite[]): Promise<void> {
  if (writes.length === 0) return;
  const row = (w: EntityWrite) => [
    w.id, w.golden.name, pgArray(w.golden.emails), pgArray(w.golden.phones), w.golden.scope, JSON.stringify(w.golden.attributes),
    JSON.stringify(w.golden.provenance), pgArray(w.golden.sources), String(w.cluster.members.length), String(w.cluster.confidence),
    w.cluster.tier, w.needsReview ? 't' : 'f',
  ];
  // Golden records are large (provenance per field): each is parsed and stored once, never staged twice.
  await copyRows(tx, 'entities', ['entity_type', ...ENTITY_COLUMNS], writes.filter((w) => w.fresh).map((w) => [type, ...row(w)]));
  const kept = writes.filter((w) => !w.fresh);
  if (kept.length > 0) {
    await stageRows(
      tx,
      ENTITY_STAGE,
      `id uuid, name text, emails text[], phones text[], scope text, attributes jsonb, provenance jsonb, sources text[],
       member_count int, confidence int, match_tier text, needs_review boolean`,
      ENTITY_COLUMNS,
      kept.map(row),
    );
    await tx.query(
      `insert into entities (id, entity_type, name, emails, phones, scope, attributes, provenance, sources, member_count,
                             confidence, match_tier, needs_review)
       select x.id, $1, x.name, x.emails, x.phones, x.scope, x.attributes, x.provenance, x.sources, x.member_count,
              x.confidence, x.match_tier, x.needs_review
         from ${ENTITY_STAGE} x
       on conflict (id) do update set
         name = excluded.name, emails = excluded.emails, phones = excluded.phones, scope = excluded.scope,
         attributes = excluded.attributes, provenance = excluded.provenance, sources = excluded.sources,
         member_count = excluded.member_count, confidence = excluded.confidence, match_tier = excluded.match_tier,
         needs_review = excluded.needs_review, version = entities.version + 1, updated_at = now()
       where (entities.name, entities.emails, entities.phones, entities.scope, entities.attributes, entities.provenance,
              entities.sources, entities.member_count, entities.confidence, entities.match_tier, entities.needs_review)
             is distinct from
             (excluded.name, excluded.emails, excluded.phones, excluded.scope, excluded.attributes, excluded.provenance,
              excluded.sources, excluded.member_count, excluded.confidence, excluded.match_tier, excluded.needs_review)`,
      [type],
    );
  }
  const members: [string, string][] = [];
  for (const w of writes) for (const m of w.cluster.members) members.push([m, w.id]);
  await stageRows(tx, MEMBER_STAGE, 'record_id text, entity_id uuid', ['record_id', 'entity_id'], members);
  // A member already pointing at its entity and clean is not rewritten (an unchanged re-run writes no row versions).
  await tx.query(
    `update resolution_records r set entity_id = t.entity_id, dirty = false
       from ${MEMBER_STAGE} t
      where r.entity_type = $1 and r.record_id = t.record_id and (r.entity_id is distinct from t.entity_id or r.dirty)`,
    [type],
  );
}

export async function deleteEntities(tx: Tx, type: string, ids: readonly string[]): Promise<void> {
  for (const part of chunks(ids)) {
    await tx.query('delete from entities where entity_type = $1 and id = any($2::uuid[])', [type, part]);
  }
}

/**
 * Replaces the open review items of a neighbourhood: pairs still in question keep their id (and are refreshed),
 * pairs no longer in question are marked superseded. Decided items are history and never touched.
 */
export async function writeReviewItems(tx: Tx, type: string, scopeIds: readonly string[] | null, items: readonly ReviewItem[]): Promise<void> {
  const keep = new Set(items.map((i) => `${i.a}\u0000${i.b}`));
  const { rows } = await tx.query<{ id: number; record_a: string; record_b: string }>(
    scopeIds === null
      ? `select id, record_a, record_b from resolution_reviews where entity_type = $1 and status = 'open'`
      : `select id, record_a, record_b from resolution_reviews where entity_type = $1 and status = 'open'
           and (record_a = any($2::text[]) or record_b = any($2::text[]))`,
    scopeIds === null ? [type] : [type, scopeIds],
  );
  const stale = rows.filter((r) => !keep.has(`${r.record_a}\u0000${r.record_b}`)).map((r) => r.id);
  if (stale.length) {
    await tx.query(`update resolution_reviews set status = 'superseded', updated_at = now() where id = any($1::bigint[])`, [stale]);
  }
  for (const part of chunks(items)) {
    const payload = part.map((i) => ({ a: i.a, b: i.b, score: i.score, tier: i.tier, cause: i.cause, reasons: i.reasons }));
    await tx.query(
      `insert into resolution_reviews (entity_type, record_a, record_b, score, tier, cause, reasons)
       select $1, x.a, x.b, x.score, x.tier, x.cause, x.reasons
         from jsonb_to_recordset($2::jsonb) as x(a text, b text, score int, tier text, cause text, reasons jsonb)
       on conflict (entity_type, record_a, record_b) where status = 'open' do update set
         score = excluded.score, tier = excluded.tier, cause = excluded.cause, reasons = excluded.reasons, updated_at = now()`,
      [type, JSON.stringify(payload)],
    );
  }
}
