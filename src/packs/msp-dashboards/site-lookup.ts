import type { SqlExecutor } from '../../store/database.js';

/** Whether a stream's typed view exists yet (the pack's first sync creates them). */
export async function viewExists(db: SqlExecutor, view: string): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>(`select to_regclass($1) is not null as ok`, [`data.${view}`]);
  return rows[0]?.ok === true;
}

/**
 * The UniFi site a person named: its id, else its description, else its name (case-insensitive), among active sites.
 * Null when no site matches or the site stream has not been synced yet.
 */
export async function findSiteId(db: SqlExecutor, site: string): Promise<string | null> {
  if (!(await viewExists(db, 'unifi_sites'))) return null;
  const { rows } = await db.query<{ siteid: string }>(
    `select siteid from data.unifi_sites
      where _status = 'active' and (siteid = $1 or lower("desc") = lower($1) or lower(name) = lower($1))
      order by (siteid = $1) desc, (lower("desc") = lower($1)) desc, siteid limit 1`,
    [site],
  );
  return rows[0]?.siteid ?? null;
}

export interface OrganizationRef {
  readonly id: number;
  readonly name: string;
}

/** NinjaOne organizations a person named: by id (digits), else by exact name (case-insensitive), active only. */
export async function findOrganizations(db: SqlExecutor, ref: string | number): Promise<OrganizationRef[]> {
  if (!(await viewExists(db, 'ninjaone_organizations'))) return [];
  const text = String(ref).trim();
  const byId = /^\d{1,15}$/.test(text);
  const { rows } = await db.query<{ id: number; name: string }>(
    byId
      ? `select id::bigint as id, name from data.ninjaone_organizations where _status = 'active' and id = $1::bigint`
      : `select id::bigint as id, name from data.ninjaone_organizations where _status = 'active' and lower(name) = lower($1) order by id`,
    [text],
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name }));
}
