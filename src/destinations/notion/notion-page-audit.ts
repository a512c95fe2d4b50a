import type { SqlExecutor } from '../../store/database.js';

/** Audit rows `notion.page.created|updated|trashed` (target `notion:<page id>`), one set-based insert per batch. */
export async function auditPageWrites(db: SqlExecutor, destination: string, writes: readonly { key: string; op: string; id: string }[]): Promise<void> {
  if (writes.length === 0) return;
  await db.query(
    `insert into audit_log (actor, action, target, outcome, details)
     select $1, 'notion.page.' || x.op, 'notion:' || x.id, 'ok', jsonb_build_object('key', x.key)
     from jsonb_to_recordset($2::jsonb) as x(key text, op text, id text)`,
    [`destination:${destination}`, JSON.stringify(writes)],
  );
}
