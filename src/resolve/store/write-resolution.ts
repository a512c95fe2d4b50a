import type { Tx } from '../../store/database.js';
import type { GoldenRecord } from '../build-golden-record.js';
import type { ResolvedCluster, ReviewItem } from '../resolve-types.js';
import { packList } from './resolution-record-store.js';

export interface EntityWrite {
  readonly id: string;
  readonly cluster: ResolvedCluster;
  readonly golden: GoldenRecord;
  readonly needsReview: boolean;
}

const BATCH = 2_000;

function chunks<T>(list: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Upserts golden records (the version moves only when something changed) and points every member at its entity. */
export async function writeEntities(tx: Tx, type: string, writes: readonly EntityWrite[]): Promise<void> {
  for (const part of chunks(writes)) {
    const payload = part.map((w) => ({
      id: w.id, name: w.golden.name, emails: packList(w.golden.emails), phones: packList(w.golden.phones), scope: w.golden.scope,
      attributes: w.golden.attributes, provenance: w.golden.provenance, sources: packList(w.golden.sources),
      member_count: w.cluster.members.length, confidence: w.cluster.confidence, match_tier: w.cluster.tier,
      needs_review: w.needsReview,
    }));
    await tx.query(
      `insert into entities (id, entity_type, name, emails, phones, scope, attributes, provenance, sources, member_count,
                             confidence, match_tier, needs_review)
       select x.id, $1, x.name, string_to_array(x.emails, chr(31)), string_to_array(x.phones, chr(31)),
              x.scope, x.attributes, x.provenance, string_to_array(x.sources, chr(31)), x.member_count,
              x.confidence, x.match_tier, x.needs_review
         from jsonb_to_recordset($2::jsonb) as x(id uuid, name text, emails text, phones text, scope text, attributes jsonb,
              provenance jsonb, sources text, member_count int, confidence int, match_tier text, needs_review boolean)
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
      [type, JSON.stringify(payload)],
    );
    const ids: string[] = [];
    const owners: string[] = [];
    for (const w of part) {
      for (const m of w.cluster.members) {
        ids.push(m);
        owners.push(w.id);
      }
    }
    await tx.query(
      `update resolution_records r set entity_id = t.e::uuid, dirty = false
         from unnest($2::text[], $3::text[]) as t(rid, e)
        where r.entity_type = $1 and r.record_id = t.rid`,
      [type, ids, owners],
    );
  }
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
