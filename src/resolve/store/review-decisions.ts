import { SluiceError } from '../../core/errors.js';
import type { Database, SqlExecutor } from '../../store/database.js';
import { markNeighbourhoodDirty } from './resolution-record-store.js';

export interface ReviewRow {
  id: number;
  entity_type: string;
  record_a: string;
  record_b: string;
  score: number;
  tier: string;
  cause: string;
  reasons: string[];
  status: string;
  created_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
}

export async function listReviews(db: SqlExecutor, type: string, status = 'open', limit = 100): Promise<ReviewRow[]> {
  const { rows } = await db.query<ReviewRow>(
    'select * from resolution_reviews where entity_type = $1 and status = $2 order by score desc, id limit $3',
    [type, status, limit],
  );
  return rows;
}

export async function getReview(db: SqlExecutor, id: number): Promise<ReviewRow> {
  const { rows } = await db.query<ReviewRow>('select * from resolution_reviews where id = $1', [id]);
  const r = rows[0];
  if (!r) throw new SluiceError('not_found', `no review item ${id}`);
  return r;
}

/**
 * Records a reviewer's verdict on an open item: approve (these two are one entity) or reject (keep them apart). The
 * decision is stored for good and the pair's neighbourhood is marked for the next resolution run.
 */
export async function decideReview(db: Database, id: number, verdict: 'approve' | 'reject', actor: string): Promise<ReviewRow> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<ReviewRow>('select * from resolution_reviews where id = $1 for update', [id]);
    const item = rows[0];
    if (!item) throw new SluiceError('not_found', `no review item ${id}`);
    if (item.status !== 'open') throw new SluiceError('conflict', `review item ${id} is already ${item.status}`);
    await tx.query(
      `insert into resolution_decisions (entity_type, kind, record_a, record_b, review_id, actor) values ($1, $2, $3, $4, $5, $6)`,
      [item.entity_type, verdict, item.record_a, item.record_b, id, actor],
    );
    const { rows: done } = await tx.query<ReviewRow>(
      `update resolution_reviews set status = $2, decided_at = now(), decided_by = $3, updated_at = now() where id = $1 returning *`,
      [id, verdict === 'approve' ? 'approved' : 'rejected', actor],
    );
    await tx.query('update resolution_records set dirty = true where entity_type = $1 and record_id = any($2::text[])', [
      item.entity_type,
      [item.record_a, item.record_b],
    ]);
    await markNeighbourhoodDirty(tx, item.entity_type, [item.record_a, item.record_b]);
    return done[0]!;
  });
}

/** Takes one record out of an entity for good: it is kept apart from every other current member in every later run. */
export async function splitRecord(db: Database, type: string, entityId: string, recordId: string, actor: string): Promise<{ kept_apart_from: string[] }> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ record_id: string }>(
      'select record_id from resolution_records where entity_type = $1 and entity_id = $2::uuid order by record_id',
      [type, entityId],
    );
    const members = rows.map((r) => r.record_id);
    if (members.length === 0) throw new SluiceError('not_found', `no ${type} entity ${entityId}`);
    if (!members.includes(recordId)) throw new SluiceError('bad_request', `record ${recordId} is not a member of entity ${entityId}`);
    const others = members.filter((m) => m !== recordId);
    if (others.length === 0) throw new SluiceError('conflict', `record ${recordId} is the only member of entity ${entityId}`);
    await tx.query(
      `insert into resolution_decisions (entity_type, kind, record_a, record_b, actor)
       select $1, 'split', $2, o, $4 from unnest($3::text[]) as o`,
      [type, recordId, others, actor],
    );
    await tx.query('update resolution_records set dirty = true where entity_type = $1 and entity_id = $2::uuid', [type, entityId]);
    return { kept_apart_from: others };
  });
}
