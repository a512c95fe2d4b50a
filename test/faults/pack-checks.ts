import type { AppContext } from '../../src/main/app-context.js';
import type { NotionSimulator } from '../../src/sandbox/notion/notion.simulator.js';
import type { UiSimulator } from '../../src/sandbox/ui/ui.simulator.js';
import type { SqlExecutor } from '../../src/store/database.js';
import { tally, type ExpectedStream, type InvariantCounts } from './fault-invariants.js';

const n = async (db: SqlExecutor, sql: string, params: unknown[] = []) =>
  Number((await db.query<{ n: number | string | null }>(sql, params)).rows[0]?.n ?? 0);

/** What the ui.com simulator lists at its current step: every visible distributor by id, with its name as served. */
export function uiExpected(ui: UiSimulator, step: number, everSeen: Set<string>): ExpectedStream {
  const active = new Map<string, string>();
  for (const [id, v] of ui.world().visibleAt(step)) active.set(String(id), v.d.entry.name.replace(/\s+/g, ' ').trim());
  for (const k of active.keys()) everSeen.add(k);
  return { field: 'name', active, gone: new Set([...everSeen].filter((k) => !active.has(k))) };
}

/** The live Notion pages of the pack's data source, by their key property. */
function notionPages(notion: NotionSimulator): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const p of notion.store.pages.values()) {
    if (p.inTrash) continue;
    const props = notion.store.plainProperties(p.id);
    const key = props['Unifi ID'];
    if (key === undefined || key === null) continue;
    const list = byKey.get(String(key)) ?? [];
    list.push(String(props['Company Name'] ?? ''));
    byKey.set(String(key), list);
  }
  return byKey;
}

async function destinationState(app: AppContext, destination: string) {
  const { rows } = await app.db.query<{ cursor: string | null; up_to: string | null }>(
    `select (select c.outbox_id::text from destination_cursors c join destinations d on d.id = c.destination_id
              where d.name = $1 and c.stream_id = s.id) as cursor,
            (select max(o.id)::text from outbox o where o.stream_id = s.id) as up_to
       from streams s where s.name = 'distributors'`, [destination]);
  return { cursor: Number(rows[0]?.cursor ?? 0), upTo: Number(rows[0]?.up_to ?? 0) };
}

/**
 * The Notion destination after a complete push: one page per distributor (duplicated = extra pages), every active
 * distributor's page present (one created and removed between two pushes never gets a page) with its current name (lost = missing or stale), the outbox drained (the cursor at the
 * last event; an undrained outbox counts as lost).
 */
export async function notionInvariants(app: AppContext, notion: NotionSimulator, destination: string): Promise<InvariantCounts> {
  const pages = notionPages(notion);
  const { rows } = await app.db.query<{ key: string; name: string }>(
    `select r.key, r.data->>'name' as name from records r join streams s on s.id = r.stream_id
      where s.name = 'distributors' and r.status = 'active'`);
  const { cursor, upTo } = await destinationState(app, destination);
  const lost = await tally({
    'notion: distributors without their current page': rows.filter((r) => pages.get(r.key)?.[0] !== r.name).length,
    'notion: outbox not drained': cursor === upTo ? 0 : 1,
  });
  const duplicated = await tally({ 'notion: duplicate pages': [...pages.values()].reduce((s, l) => s + l.length - 1, 0) });
  return { lost, duplicated, cursorAhead: 0 };
}

/** After a killed push: every record whose events the cursor has passed must be in Notion as stored. */
export async function notionCursorAhead(app: AppContext, notion: NotionSimulator, destination: string): Promise<number> {
  const pages = notionPages(notion);
  const { cursor } = await destinationState(app, destination);
  const { rows } = await app.db.query<{ key: string; name: string }>(
    `select distinct r.key, r.data->>'name' as name from outbox o join records r on r.stream_id = o.stream_id and r.key = o.key
       join streams s on s.id = o.stream_id where s.name = 'distributors' and r.status = 'active' and o.id <= $1`, [cursor]);
  return rows.filter((r) => !(pages.get(r.key) ?? []).includes(r.name)).length;
}

/**
 * Entity resolution after a complete run: every active named distributor resolved into an entity and clean (lost otherwise),
 * each entity's member count true and no entity left without members (duplicated otherwise).
 */
export async function resolutionInvariants(db: SqlExecutor): Promise<InvariantCounts> {
  const lost = await tally({ 'resolution: distributors not resolved': n(db, `select count(*) as n from records r join streams s on s.id = r.stream_id
     where s.name = 'distributors' and r.status = 'active' and coalesce(r.data->>'name', '') <> ''
       and not exists (select 1 from resolution_records rr where rr.entity_type = 'company' and rr.source_key = r.key
                         and rr.entity_id is not null and not rr.dirty)`) });
  const duplicated = await tally({ 'resolution: entities whose member count is wrong': n(db, `select count(*) as n from entities e where e.entity_type = 'company'
     and e.member_count <> (select count(*) from resolution_records rr where rr.entity_type = 'company' and rr.entity_id = e.id)`) });
  return { lost, duplicated, cursorAhead: 0 };
}

/** After a killed resolution: a record marked clean must belong to an existing entity (else the run skipped it). */
export async function resolutionCursorAhead(db: SqlExecutor): Promise<number> {
  return n(db, `select count(*) as n from resolution_records rr where rr.entity_type = 'company' and not rr.dirty
     and (rr.entity_id is null or not exists (select 1 from entities e where e.id = rr.entity_id))`);
}
