import { SluiceError } from '../core/errors.js';
import type { AppContext } from '../main/app-context.js';
import { getPack } from './pack-registry.js';
import type { PackRunSummary } from './run-pack.js';
import { getPackRow, listInstances, listResources, type PackInstallStatus } from './pack-state.js';

/** One part of an installed pack as `sluice pack status` shows it. */
export interface PackPartStatus {
  readonly kind: string;
  readonly part: string;
  readonly name: string;
  readonly instance: string;
  /** Outcome of its last run (sync, push, resolution, model refresh); null when it never ran. */
  readonly last_status: string | null;
  readonly last_run_at: string | null;
  /** Records by status, pages delivered, entities, … */
  readonly counts: Record<string, number>;
  readonly failures: readonly string[];
  /** Schedules: the next time it fires. */
  readonly next_run_at: string | null;
}

export interface PackStatus {
  readonly pack: string;
  readonly name: string;
  readonly version: string;
  readonly installed_version: string;
  readonly status: PackInstallStatus;
  readonly missing: readonly string[];
  readonly installed_at: string;
  readonly instances: readonly { template: string; name: string }[];
  readonly last_run: { run_id: string; status: string; started_at: string; finished_at: string | null; summary: PackRunSummary | null } | null;
  readonly parts: readonly PackPartStatus[];
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** `sluice pack status <id>`: each part with its last run and outcome, counts, failures and next scheduled time. */
export async function packStatus(app: AppContext, id: string): Promise<PackStatus> {
  const spec = getPack(id);
  const row = await getPackRow(app.db, id);
  if (!row) throw new SluiceError('not_found', `pack "${id}" is not installed`);
  const db = app.db;
  const parts: PackPartStatus[] = [];
  for (const r of await listResources(db, id)) {
    const base = { kind: r.kind, part: r.part, name: r.name, instance: r.instance };
    switch (r.kind) {
      case 'connection': {
        const { rows: runs } = await db.query<{ status: string; started_at: Date; error: { message?: string } | null; flags: string[] }>(
          `select status, started_at, error, flags from runs where connection_name = $1 order by started_at desc limit 1`,
          [r.name],
        );
        const { rows: counts } = await db.query<{ status: string; n: string }>(
          `select r.status, count(*)::text as n from records r join connections c on c.id = r.connection_id
            where c.name = $1 and r.parent_key is null group by r.status`,
          [r.name],
        );
        const { rows: sched } = await db.query<{ next_due_at: Date | null }>(
          `select min(next_due_at) as next_due_at from job_schedules where target like $1 or target = $2`,
          [`sync:${r.name}/%`, `sync:${r.name}`],
        );
        const last = runs[0];
        parts.push({
          ...base,
          last_status: last?.status ?? null,
          last_run_at: iso(last?.started_at),
          counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
          failures: [last?.error?.message ?? '', ...(last?.flags ?? [])].filter(Boolean),
          next_run_at: iso(sched[0]?.next_due_at),
        });
        break;
      }
      case 'destination': {
        const { rows: pushes } = await db.query<{ status: string; started_at: Date; summary: { failures?: { message: string }[]; error?: { message?: string } } | null }>(
          `select p.status, p.started_at, p.summary from destination_pushes p join destinations d on d.id = p.destination_id
            where d.name = $1 and not p.dry_run order by p.started_at desc limit 1`,
          [r.name],
        );
        const { rows: counts } = await db.query<{ state: string; n: string }>(
          `select dr.state, count(*)::text as n from destination_records dr join destinations d on d.id = dr.destination_id
            where d.name = $1 group by dr.state`,
          [r.name],
        );
        const last = pushes[0];
        parts.push({
          ...base,
          last_status: last?.status ?? null,
          last_run_at: iso(last?.started_at),
          counts: Object.fromEntries(counts.map((c) => [c.state, Number(c.n)])),
          failures: [last?.summary?.error?.message ?? '', ...(last?.summary?.failures ?? []).slice(0, 5).map((f) => f.message)].filter(Boolean),
          next_run_at: null,
        });
        break;
      }
      case 'schedule': {
        const { rows } = await db.query<{ paused: boolean; last_tick_at: Date | null; next_due_at: Date | null; cron: string; timezone: string }>(
          'select paused, last_tick_at, next_due_at, cron, timezone from job_schedules where target = $1',
          [r.name],
        );
        const s = rows[0];
        parts.push({
          ...base,
          last_status: s ? (s.paused ? 'paused' : 'active') : 'missing',
          last_run_at: iso(s?.last_tick_at),
          counts: {},
          failures: s ? [] : ['the schedule was removed by hand: install the pack again to restore it'],
          next_run_at: iso(s?.next_due_at),
        });
        break;
      }
      case 'entity': {
        const { rows: runs } = await db.query<{ status: string; started_at: Date; error: { message?: string } | null }>(
          'select status, started_at, error from resolution_runs where entity_type = $1 order by started_at desc limit 1',
          [r.name],
        );
        const { rows: c } = await db.query<{ entities: string; records: string; review: string }>(
          `select (select count(*) from entities where entity_type = $1)::text as entities,
                  (select count(*) from resolution_records where entity_type = $1)::text as records,
                  (select count(*) from resolution_reviews where entity_type = $1 and status = 'open')::text as review`,
          [r.name],
        );
        parts.push({
          ...base,
          last_status: runs[0]?.status ?? null,
          last_run_at: iso(runs[0]?.started_at),
          counts: { entities: Number(c[0]?.entities ?? 0), records: Number(c[0]?.records ?? 0), open_reviews: Number(c[0]?.review ?? 0) },
          failures: [runs[0]?.error?.message ?? ''].filter(Boolean),
          next_run_at: null,
        });
        break;
      }
      case 'model': {
        const { rows: runs } = await db.query<{ status: string; started_at: Date; error: { message?: string } | null }>(
          `select status, started_at, error from runs where connection_name = $1 order by started_at desc limit 1`,
          [`model:${r.name}`],
        );
        const { rows: counts } = await db.query<{ status: string; n: string }>(
          `select r.status, count(*)::text as n from records r join streams s on s.id = r.stream_id where s.name = $1 group by r.status`,
          [r.name],
        );
        parts.push({
          ...base,
          last_status: runs[0]?.status ?? null,
          last_run_at: iso(runs[0]?.started_at),
          counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
          failures: [runs[0]?.error?.message ?? ''].filter(Boolean),
          next_run_at: null,
        });
        break;
      }
      default:
        parts.push({ ...base, last_status: null, last_run_at: null, counts: {}, failures: [], next_run_at: null });
    }
  }
  const { rows: runs } = await db.query<{ id: string; status: string; started_at: Date; finished_at: Date | null; summary: PackRunSummary | null }>(
    'select id::text as id, status, started_at, finished_at, summary from pack_runs where pack_id = $1 order by started_at desc limit 1',
    [id],
  );
  const last = runs[0];
  return {
    pack: id,
    name: spec.name,
    version: spec.version,
    installed_version: row.version,
    status: row.status,
    missing: row.missing,
    installed_at: iso(row.installed_at) as string,
    instances: (await listInstances(db, id)).map((i) => ({ template: i.template, name: i.name })),
    last_run: last ? { run_id: last.id, status: last.status, started_at: iso(last.started_at) as string, finished_at: iso(last.finished_at), summary: last.summary } : null,
    parts,
  };
}
