import { SluiceError } from '../../core/errors.js';
import type { SqlExecutor } from '../../store/database.js';

export interface EntityRow {
  id: string;
  entity_type: string;
  name: string;
  emails: string[];
  phones: string[];
  scope: string;
  attributes: Record<string, unknown>;
  provenance: Record<string, unknown>;
  sources: string[];
  member_count: number;
  confidence: number;
  match_tier: string | null;
  needs_review: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** Entities of a type, optionally filtered by text in the name, emails, phones or scope. */
export async function listEntities(db: SqlExecutor, type: string, opts: { query?: string; limit?: number } = {}): Promise<EntityRow[]> {
  const q = opts.query?.trim();
  const { rows } = await db.query<EntityRow>(
    `select * from entities where entity_type = $1
       and ($2::text is null or name ilike '%' || $2 || '%' or scope ilike '%' || $2 || '%'
            or exists (select 1 from unnest(emails || phones) v where v ilike '%' || $2 || '%'))
     order by name, id limit $3`,
    [type, q ? q : null, opts.limit ?? 100],
  );
  return rows;
}

export async function getEntity(db: SqlExecutor, type: string, id: string): Promise<EntityRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new SluiceError('bad_request', `"${id}" is not an entity id`);
  const { rows } = await db.query<EntityRow>('select * from entities where entity_type = $1 and id = $2::uuid', [type, id]);
  if (!rows[0]) throw new SluiceError('not_found', `no ${type} entity ${id}`);
  return rows[0];
}

export interface MemberRow {
  source: string;
  source_key: string;
  member_index: number | null;
  entity_id: string | null;
  record_id: string;
  name: string;
}

/** One row per resolved occurrence: enough to score the clustering against anyone's own labels. */
export async function* iterateMembers(db: SqlExecutor, type: string, pageSize = 5_000): AsyncGenerator<MemberRow> {
  let after = '';
  for (;;) {
    const { rows } = await db.query<MemberRow>(
      `select source, source_key, member_index, entity_id, record_id, name from resolution_records
        where entity_type = $1 and record_id > $2 order by record_id limit $3`,
      [type, after, pageSize],
    );
    yield* rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.record_id;
  }
}

export async function entityMembers(db: SqlExecutor, type: string, entityId: string): Promise<Record<string, unknown>[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `select record_id, source, source_key, member_index, name, emails, phones, observed_at from resolution_records
      where entity_type = $1 and entity_id = $2::uuid order by record_id`,
    [type, entityId],
  );
  return rows;
}

export async function recordsById(db: SqlExecutor, type: string, ids: readonly string[]): Promise<Record<string, unknown>[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `select record_id, source, source_key, member_index, scope, name, emails, phones, attributes, entity_id, observed_at
       from resolution_records where entity_type = $1 and record_id = any($2::text[]) order by record_id`,
    [type, ids],
  );
  return rows;
}
