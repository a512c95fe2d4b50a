import { SluiceError } from '../../core/errors.js';
import { listSchedules, pauseSchedule, resumeSchedule } from '../../jobs/schedule-store.js';
import type { AppContext } from '../../main/app-context.js';
import { getConnection, updateConnection } from '../../store/connection-store.js';
import { listInstances } from '../pack-state.js';

export const DGI_PACK = 'dgi-dealers';

/** A dealer as the admin lists it: its settings without secrets (write-only), and whether it runs. */
export interface DealerView {
  readonly name: string;
  readonly dealer_id: string | null;
  readonly dealer_name: string | null;
  readonly base_url: string | null;
  readonly overrides: Record<string, unknown>;
  readonly secrets_set: string[];
  readonly active: boolean;
  readonly schedules: number;
}

const OVERRIDES = ['timeout_ms', 'retries', 'requests_per_second', 'window_days', 'overlap_minutes'] as const;

export async function listDealers(app: AppContext): Promise<DealerView[]> {
  const instances = (await listInstances(app.db, DGI_PACK)).filter((i) => i.template === 'dealer');
  const schedules = await listSchedules(app.db);
  const out: DealerView[] = [];
  for (const i of instances) {
    const s = i.settings;
    const conn = await getConnection(app.db, i.name).catch(() => undefined);
    const str = (k: string) => (typeof s[`dealer.${k}`] === 'string' ? (s[`dealer.${k}`] as string) : null);
    out.push({
      name: i.name,
      dealer_id: str('dealer_id'),
      dealer_name: str('dealer_name'),
      base_url: str('base_url') ?? (typeof conn?.config.base_url === 'string' ? conn.config.base_url : null),
      overrides: Object.fromEntries(OVERRIDES.filter((k) => s[`dealer.${k}`] !== undefined).map((k) => [k, s[`dealer.${k}`]])),
      secrets_set: Object.keys(i.secrets).map((k) => k.replace(/^dealer\./, '')).sort(),
      active: conn?.enabled ?? false,
      schedules: schedules.filter((x) => x.target.startsWith(`sync:${i.name}/`) && !x.paused).length,
    });
  }
  return out;
}

/**
 * Deactivates or reactivates a dealer: its connection is disabled (a running pack or a firing schedule skips it) and
 * its running schedules paused, or the reverse. Reactivation resumes only the schedules the deactivation paused (noted
 * in `dgi_dealer_deactivations`): one a person had paused by hand stays paused. Records and history stay untouched.
 */
export async function setDealerActive(app: AppContext, name: string, active: boolean): Promise<DealerView> {
  const known = (await listInstances(app.db, DGI_PACK)).some((i) => i.template === 'dealer' && i.name === name);
  if (!known) throw new SluiceError('not_found', `no dealer "${name}" in the ${DGI_PACK} pack`);
  await app.db.transaction(async (tx) => {
    const was = (await getConnection(tx, name)).enabled;
    await updateConnection(tx, app.secrets, name, { enabled: active });
    // Setting the state it already has (an edit that sends `active: true`) touches no schedule.
    if (was === active) return;
    const own = (await listSchedules(tx)).filter((s) => s.target.startsWith(`sync:${name}/`));
    const { rows } = await tx.query<{ ids: string[] }>('select paused_schedule_ids::text[] as ids from dgi_dealer_deactivations where dealer = $1', [name]);
    const noted = rows[0]?.ids;
    if (!active) {
      const running = own.filter((s) => !s.paused);
      for (const s of running) await pauseSchedule(tx, s.id);
      // A second deactivation adds to what the first paused.
      await tx.query(
        `insert into dgi_dealer_deactivations (dealer, paused_schedule_ids) values ($1, $2::uuid[])
         on conflict (dealer) do update set paused_schedule_ids = array(select distinct unnest(dgi_dealer_deactivations.paused_schedule_ids || excluded.paused_schedule_ids))`,
        [name, running.map((s) => s.id)],
      );
      return;
    }
    // Deactivated before the pauses were noted: every paused schedule, as it was then.
    const resume = noted ? own.filter((s) => s.paused && noted.includes(s.id)) : own.filter((s) => s.paused);
    for (const s of resume) await resumeSchedule(tx, s.id);
    await tx.query('delete from dgi_dealer_deactivations where dealer = $1', [name]);
  });
  const view = (await listDealers(app)).find((d) => d.name === name);
  if (!view) throw new SluiceError('not_found', `no dealer "${name}"`);
  return view;
}
