import { z } from 'zod';
import { writeAudit } from '../../auth/audit-log.js';
import { SluiceError } from '../../core/errors.js';
import type { SqlExecutor } from '../../store/database.js';
import { judgeLoggedChange, type RiskLevel } from './config-risk.js';
import { findSiteId } from './site-lookup.js';

/** A change as people and tools log it (CLI `sluice change log`, `POST /api/v1/packs/msp-dashboards/changes`). */
export const loggedChangeInput = z.strictObject({
  site: z.string().trim().min(1).max(200),
  tool: z.string().trim().min(1).max(100),
  category: z.string().trim().min(1).max(100),
  action: z.string().trim().min(1).max(100),
  summary: z.string().trim().min(1).max(2000),
  details: z.string().trim().max(20_000).optional(),
  device: z.string().trim().max(200).optional(),
  vendor: z.string().trim().max(100).optional(),
  engineer: z.string().trim().max(200).optional(),
  ticket: z.string().trim().max(100).optional(),
  rollback_plan: z.string().trim().max(20_000).optional(),
});
export type LoggedChangeInput = z.infer<typeof loggedChangeInput>;

export interface LoggedChange {
  readonly change_id: string;
  readonly site: string;
  readonly site_id: string | null;
  readonly device: string | null;
  readonly tool: string;
  readonly vendor: string | null;
  readonly category: string;
  readonly action: string;
  readonly summary: string;
  readonly details: string | null;
  readonly engineer: string | null;
  readonly ticket_id: string | null;
  readonly rollback_plan: string | null;
  readonly risk_level: RiskLevel;
  readonly logged_by: string;
  readonly logged_at: string;
}

const COLUMNS = `change_id, site, site_id, device, tool, vendor, category, action, summary, details, engineer, ticket_id,
  rollback_plan, risk_level, logged_by, to_char(logged_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as logged_at`;

/** Parses raw input, listing every problem at once (`validation_failed`). */
export function parseLoggedChange(raw: unknown): LoggedChangeInput {
  const r = loggedChangeInput.safeParse(raw);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.join('.') || 'change'}: ${i.message}`);
    throw new SluiceError('validation_failed', `invalid change: ${problems.join('; ')}`, { details: { problems } });
  }
  return r.data;
}

/**
 * Logs a change: risk assessed (keywords, delete / rollback, else the tool's default), a high or critical change
 * without a rollback plan refused with `rollback_plan_required` (422) and nothing stored; otherwise stored with a
 * `CHG-000001`-style id and audited.
 */
export async function logChange(
  db: SqlExecutor, raw: unknown, opts: { actor: string; toolDefaults?: Readonly<Record<string, RiskLevel>> },
): Promise<LoggedChange> {
  const c = parseLoggedChange(raw);
  const verdict = judgeLoggedChange({ summary: c.summary, details: c.details ?? null, action: c.action, tool: c.tool, rollbackPlan: c.rollback_plan ?? null }, opts.toolDefaults);
  if (!verdict.ok) {
    throw new SluiceError('rollback_plan_required', verdict.message, { details: { risk_level: verdict.risk } });
  }
  const siteId = await findSiteId(db, c.site);
  const { rows } = await db.query<LoggedChange>(
    `with n as (select nextval('msp_change_seq') as id)
     insert into msp_logged_changes (id, change_id, site, site_id, device, tool, vendor, category, action, summary, details, engineer,
       ticket_id, rollback_plan, risk_level, logged_by)
     select n.id, 'CHG-' || lpad(n.id::text, 6, '0'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 from n
     returning ${COLUMNS}`,
    [c.site, siteId, c.device ?? null, c.tool, c.vendor ?? null, c.category, c.action, c.summary, c.details ?? null, c.engineer ?? null,
      c.ticket ?? null, c.rollback_plan ?? null, verdict.risk, opts.actor],
  );
  const row = rows[0]!;
  await writeAudit(db, { actor: opts.actor, action: 'change.logged', target: `change:${row.change_id}`, details: { site: row.site, risk_level: row.risk_level } });
  return row;
}

export async function listLoggedChanges(
  db: SqlExecutor, opts: { site?: string | undefined; since?: string | undefined; limit?: number | undefined } = {},
): Promise<LoggedChange[]> {
  const { rows } = await db.query<LoggedChange>(
    `select ${COLUMNS} from msp_logged_changes
      where ($1::text is null or site = $1 or site_id = $1) and ($2::timestamptz is null or logged_at >= $2::timestamptz)
      order by logged_at desc, id desc limit $3`,
    [opts.site ?? null, opts.since ?? null, opts.limit ?? 100],
  );
  return rows;
}
