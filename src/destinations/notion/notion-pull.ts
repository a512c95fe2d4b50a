import { canonicalJson } from '../../core/content-hash.js';
import { SluiceError } from '../../core/errors.js';
import type { AppContext } from '../../main/app-context.js';
import { getCursor, setPulledAt } from '../destination-record-store.js';
import type { LoadedDestination } from '../destination-store.js';
import type { NotionApi } from './notion-api.js';
import type { NotionMapping } from './notion-mapping.js';
import { plainBuiltValue, plainPropertyValue } from './notion-values.js';

/** Notion reports edit times to the minute: re-read this much before the last watermark so no edit slips through. */
export const PULL_MARGIN_MS = 2 * 60_000;

interface Annotation {
  value: unknown;
  by: string;
  at: string;
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || v === false || (Array.isArray(v) && v.length === 0);
const same = (a: unknown, b: unknown) => (isEmpty(a) && isEmpty(b)) || canonicalJson(a) === canonicalJson(b);

/**
 * Pulls people's edits of human-owned properties (and of properties with human values) back into Sluice: a data source query filtered by last_edited_time
 * (since the last watermark minus a margin), each changed value stored in records.annotations with who and when,
 * plus an `annotated` change row (and its outbox event) in the record's history. Returns the number of edits.
 */
export async function pullNotionEdits(
  app: AppContext,
  api: NotionApi,
  p: { destination: LoadedDestination; streamId: number; dataSourceId: string; mapping: NotionMapping },
): Promise<number> {
  // Human-owned properties, and those a person may take over by setting one of their human values.
  const human = p.mapping.properties.filter((x) => x.humanOwned || p.mapping.humanValues[x.name] !== undefined);
  if (human.length === 0) return 0;
  const cursor = await getCursor(app.db, p.destination.id, p.streamId);
  const since = cursor?.pulled_at ? new Date(new Date(cursor.pulled_at).getTime() - PULL_MARGIN_MS).toISOString() : undefined;
  const filter = since ? { timestamp: 'last_edited_time', last_edited_time: { on_or_after: since } } : undefined;
  const pages = await api.queryAll(p.dataSourceId, filter);
  if (!pages.ok) throw new SluiceError('upstream_rejected', `cannot pull edits from Notion: ${pages.message} (${pages.code})`);
  if (pages.body.length === 0) return 0;
  const byKey = new Map<string, (typeof pages.body)[number]>();
  let watermark = cursor?.pulled_at ? new Date(cursor.pulled_at).toISOString() : '';
  for (const page of pages.body) {
    const key = plainPropertyValue(page.properties[p.mapping.keyProperty]);
    if ((typeof key === 'string' || typeof key === 'number') && key !== '') byKey.set(String(key), page);
    if (page.last_edited_time > watermark) watermark = page.last_edited_time;
  }
  const { rows } = await app.db.query<{ key: string; data: Record<string, unknown>; ann: Record<string, Annotation> | null; delivered: Record<string, string> | null }>(
    `select r.key, r.data, r.annotations->$3 as ann, d.delivered from records r
       left join destination_records d on d.destination_id = $4 and d.stream_id = r.stream_id and d.key = r.key
      where r.stream_id = $1 and r.key = any($2::text[])`,
    [p.streamId, [...byKey.keys()], p.destination.name, p.destination.id],
  );
  const edits: { key: string; ann: Record<string, Annotation>; fields: Record<string, unknown>; actor: string; at: string }[] = [];
  for (const r of rows) {
    const page = byKey.get(r.key);
    if (!page) continue;
    const ann: Record<string, Annotation> = {};
    const fields: Record<string, unknown> = {};
    for (const prop of human) {
      const now = plainPropertyValue(page.properties[prop.name]);
      // A property Sluice writes that shows what Sluice last sent was not edited by a person.
      const sent = prop.humanOwned ? undefined : r.delivered?.[prop.name];
      if (sent !== undefined && same(now, plainBuiltValue(JSON.parse(sent)))) continue;
      // Before any pull, the baseline is what Sluice wrote at creation (the mapped field) or nothing.
      const before = r.ann?.[prop.name] ? r.ann[prop.name]?.value : prop.field ? (r.data[prop.field] ?? null) : null;
      if (same(now, before)) continue;
      ann[prop.name] = { value: now, by: page.last_edited_by.id, at: page.last_edited_time };
      fields[prop.name] = { op: 'set', old: before ?? null, new: now };
    }
    if (Object.keys(ann).length > 0) edits.push({ key: r.key, ann, fields, actor: `notion:${page.last_edited_by.id}`, at: page.last_edited_time });
  }
  await app.db.transaction(async (tx) => {
    if (edits.length > 0) {
      await tx.query(
        `with x as (select * from jsonb_to_recordset($2::jsonb) as x(key text, ann jsonb, fields jsonb, actor text, at timestamptz)),
         u as (update records r set annotations = coalesce(r.annotations, '{}'::jsonb)
                 || jsonb_build_object($3::text, coalesce(r.annotations->$3::text, '{}'::jsonb) || x.ann)
               from x where r.stream_id = $1 and r.key = x.key returning r.key),
         c as (insert into changes (stream_id, key, kind, fields, actor, at)
               select $1, x.key, 'annotated', x.fields, x.actor, x.at from x returning id, stream_id, key, kind, at)
         insert into outbox (change_id, stream_id, key, kind, at) select id, stream_id, key, kind, at from c`,
        [p.streamId, JSON.stringify(edits), p.destination.name],
      );
    }
    if (watermark) await setPulledAt(tx, p.destination.id, p.streamId, watermark);
  });
  app.logger.info({ destination: p.destination.name, pages: pages.body.length, edits: edits.length }, 'pulled human edits from Notion');
  return edits.length;
}
