import { contentHash } from '../../core/content-hash.js';
import type { Database, SqlExecutor, Tx } from '../../store/database.js';
import type { EntityRules } from '../entity-rules.js';
import { blockingKeys, prepareRecord } from '../prepared-record.js';
import type { ResolvableRecord } from '../resolve-types.js';
import { copyRows, stageRows } from './copy-rows.js';
import { pgArray } from './pg-array.js';

export interface IngestSummary {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly removed: number;
}

const BATCH = 2_000;

/** The identity hash of PACKS.md §3: name + emails + phones + team (the team is part of who someone is here). */
export function identityHash(r: ResolvableRecord): string {
  return contentHash({ name: r.name, emails: r.emails, phones: r.phones, team: r.scope });
}

function detailHash(r: ResolvableRecord): string {
  return contentHash({ source: r.source, key: r.sourceKey, index: r.memberIndex, attributes: r.attributes, at: r.observedAt });
}

/**
 * A list as one text joined by the unit separator (U+001F), split again in SQL with string_to_array: several times
 * cheaper on PGlite than a jsonb array per row. Normalised emails and phones never contain the separator.
 */
export function packList(values: readonly string[]): string {
  return values.map((v) => v.replaceAll('\u001f', '')).join('\u001f');
}

function chunks<T>(list: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Marks for re-resolution everything a change to these records can affect: records sharing one of their current
 * blocks and the other members of their current entities. Called before their blocks change, so the old
 * neighbourhood is re-resolved as well as the new one.
 */
export async function markNeighbourhoodDirty(db: SqlExecutor, type: string, ids: readonly string[]): Promise<void> {
  for (const part of chunks(ids)) {
    // Written as one id list so both halves use the primary key and the block index, never a scan of the type.
    await db.query(
      `update resolution_records set dirty = true
        where entity_type = $1 and not dirty and record_id in (
          select b2.record_id from resolution_blocks b1
            join resolution_blocks b2 on b2.entity_type = b1.entity_type and b2.block_key = b1.block_key
           where b1.entity_type = $1 and b1.record_id = any($2::text[])
          union
          select m.record_id from resolution_records r
            join resolution_records m on m.entity_type = r.entity_type and m.entity_id = r.entity_id
           where r.entity_type = $1 and r.record_id = any($2::text[]) and r.entity_id is not null)`,
      [type, part],
    );
  }
}

const RECORD_STAGE = 'resolution_stage';
const RECORD_STAGE_COLUMNS = [
  'record_id', 'source', 'source_key', 'member_index', 'scope', 'name', 'emails', 'phones', 'attributes', 'observed_at', 'hash',
  'detail_hash',
] as const;

/**
 * Replaces the records of `sources` with this full snapshot: new and changed records are stored with their blocking
 * keys and marked dirty (with their old and new neighbourhoods); vanished records are deleted (their neighbours
 * marked dirty). Unchanged records are not touched, so an unchanged snapshot costs one read. Records and blocks go
 * in by COPY (one staged upsert, blocks appended), so a first load of a million records is a few statements.
 */
export async function ingestResolvableRecords(
  db: Tx | Database,
  rules: EntityRules,
  sources: readonly string[],
  records: readonly ResolvableRecord[],
): Promise<IngestSummary> {
  if (!('copyIn' in db)) return db.transaction((tx) => ingestResolvableRecords(tx, rules, sources, records));
  const tx = db;
  const type = rules.type;
  const { rows } = await tx.query<{ record_id: string; hash: string; detail_hash: string }>(
    'select record_id, hash, detail_hash from resolution_records where entity_type = $1 and source = any($2::text[])',
    [type, sources],
  );
  const existing = new Map(rows.map((r) => [r.record_id, r]));
  const incoming = new Map<string, ResolvableRecord>();
  for (const r of records) incoming.set(r.id, r);
  const upserts: { r: ResolvableRecord; hash: string; detail: string }[] = [];
  let created = 0;
  let updated = 0;
  for (const r of incoming.values()) {
    const hash = identityHash(r);
    const detail = detailHash(r);
    const prior = existing.get(r.id);
    if (prior && prior.hash === hash && prior.detail_hash === detail) continue;
    if (prior) updated++;
    else created++;
    upserts.push({ r, hash, detail });
  }
  const removed = [...existing.keys()].filter((id) => !incoming.has(id));
  const changedIds = upserts.filter((u) => existing.has(u.r.id)).map((u) => u.r.id);
  await markNeighbourhoodDirty(tx, type, [...changedIds, ...removed]);
  for (const part of chunks(removed)) {
    await tx.query('delete from resolution_blocks where entity_type = $1 and record_id = any($2::text[])', [type, part]);
    const { rows: gone } = await tx.query<{ entity_id: string | null }>(
      'delete from resolution_records where entity_type = $1 and record_id = any($2::text[]) returning entity_id',
      [type, part],
    );
    // An entity whose every member vanished from the sources goes with them.
    const emptied = [...new Set(gone.map((g) => g.entity_id).filter((e): e is string => e !== null))];
    await tx.query(
      `delete from entities e where e.entity_type = $1 and e.id = any($2::uuid[])
         and not exists (select 1 from resolution_records r where r.entity_type = $1 and r.entity_id = e.id)`,
      [type, emptied],
    );
  }
  if (upserts.length === 0) return { created, updated, unchanged: incoming.size, removed: removed.length };
  const row = ({ r, hash, detail }: (typeof upserts)[number]) => [
    r.id, r.source, r.sourceKey, r.memberIndex === null ? null : String(r.memberIndex), r.scope, r.name, pgArray(r.emails),
    pgArray(r.phones), JSON.stringify(r.attributes), r.observedAt, hash, detail,
  ];
  // New records (ids embed their source, so none can exist under another) go straight in; changed ones are upserted.
  await copyRows(tx, 'resolution_records', ['entity_type', ...RECORD_STAGE_COLUMNS], upserts.filter((u) => !existing.has(u.r.id)).map((u) => [type, ...row(u)]));
  const changed = upserts.filter((u) => existing.has(u.r.id));
  if (changed.length > 0) {
    await stageRows(
      tx,
      RECORD_STAGE,
      `record_id text, source text, source_key text, member_index int, scope text, name text, emails text[], phones text[],
       attributes jsonb, observed_at timestamptz, hash text, detail_hash text`,
      RECORD_STAGE_COLUMNS,
      changed.map(row),
    );
    await tx.query(
      `update resolution_records r set
         source = x.source, source_key = x.source_key, member_index = x.member_index, scope = x.scope, name = x.name,
         emails = x.emails, phones = x.phones, attributes = x.attributes, observed_at = x.observed_at, hash = x.hash,
         detail_hash = x.detail_hash, dirty = true, updated_at = now()
        from ${RECORD_STAGE} x
       where r.entity_type = $1 and r.record_id = x.record_id`,
      [type],
    );
  }
  // Only a changed record has blocks to replace: a new one has none (blocks are written and deleted with their record).
  for (const part of chunks(changedIds)) {
    await tx.query('delete from resolution_blocks where entity_type = $1 and record_id = any($2::text[])', [type, part]);
  }
  const blocks: [string, string, string][] = [];
  for (const { r } of upserts) {
    // A set: the primary key allows each key once per record.
    for (const k of new Set(rules.matcher ? rules.matcher.blockingKeys(r) : blockingKeys(prepareRecord(r)))) blocks.push([type, k, r.id]);
  }
  await copyRows(tx, 'resolution_blocks', ['entity_type', 'block_key', 'record_id'], blocks);
  // A new record's neighbours need no mark: the next run reaches them from the record through its blocks.
  return { created, updated, unchanged: incoming.size - created - updated, removed: removed.length };
}

export interface StoredRow {
  record_id: string;
  source: string;
  source_key: string;
  member_index: number | null;
  scope: string;
  name: string;
  emails: string[];
  phones: string[];
  attributes: Record<string, unknown>;
  observed_at: Date | string;
  entity_id: string | null;
  dirty: boolean;
}

export interface StoredRecord extends ResolvableRecord {
  readonly entityId: string | null;
  /** Changed (or in a changed neighbourhood) since its entity was last written. */
  readonly dirty: boolean;
}

export function toStoredRecord(r: StoredRow): StoredRecord {
  return {
    id: r.record_id, source: r.source, sourceKey: r.source_key, memberIndex: r.member_index, scope: r.scope, name: r.name,
    emails: r.emails, phones: r.phones, attributes: r.attributes,
    observedAt: r.observed_at instanceof Date ? r.observed_at.toISOString() : new Date(r.observed_at).toISOString(),
    entityId: r.entity_id, dirty: r.dirty,
  };
}

export const RECORD_COLUMNS = 'record_id, source, source_key, member_index, scope, name, emails, phones, attributes, observed_at, entity_id, dirty';

/** Loads records by id (null: every record of the type). */
export async function loadStoredRecords(db: SqlExecutor, type: string, ids: readonly string[] | null): Promise<StoredRecord[]> {
  if (ids === null) {
    const { rows } = await db.query<StoredRow>(`select ${RECORD_COLUMNS} from resolution_records where entity_type = $1`, [type]);
    return rows.map(toStoredRecord);
  }
  const out: StoredRecord[] = [];
  for (const part of chunks(ids, 10_000)) {
    const { rows } = await db.query<StoredRow>(
      `select ${RECORD_COLUMNS} from resolution_records where entity_type = $1 and record_id = any($2::text[])`,
      [type, part],
    );
    out.push(...rows.map(toStoredRecord));
  }
  return out;
}
