import type { SqlExecutor } from '../store/database.js';

export interface AuditEntry {
  /** `user:<email>`, `token:<id>`, `system`, `anonymous`. */
  readonly actor: string;
  /** Dotted verb: `auth.login`, `secret.read`, `user.create`, `connection.update`, … */
  readonly action: string;
  readonly target?: string | undefined;
  readonly outcome?: 'ok' | 'denied' | 'failed';
  readonly requestId?: string | undefined;
  readonly ip?: string | undefined;
  /** Never a secret value: names, ids and reasons only. */
  readonly details?: Record<string, unknown> | undefined;
}

export interface AuditRow {
  id: number;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  outcome: string;
  request_id: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

export async function writeAudit(db: SqlExecutor, e: AuditEntry): Promise<void> {
  await db.query(
    `insert into audit_log (actor, action, target, outcome, request_id, ip, details) values ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
    [e.actor, e.action, e.target ?? null, e.outcome ?? 'ok', e.requestId ?? null, e.ip ?? null, e.details ? JSON.stringify(e.details) : null],
  );
}

export async function listAudit(
  db: SqlExecutor,
  opts: { before?: number | undefined; limit: number; action?: string | undefined; actor?: string | undefined },
): Promise<AuditRow[]> {
  const { rows } = await db.query<AuditRow>(
    `select * from audit_log
     where ($1::bigint is null or id < $1) and ($2::text is null or action = $2) and ($3::text is null or actor = $3)
     order by id desc limit $4`,
    [opts.before ?? null, opts.action ?? null, opts.actor ?? null, opts.limit],
  );
  return rows;
}
