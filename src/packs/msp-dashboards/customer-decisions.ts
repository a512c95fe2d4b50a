import { z } from 'zod';
import { writeAudit } from '../../auth/audit-log.js';
import { SluiceError } from '../../core/errors.js';
import type { Database, SqlExecutor } from '../../store/database.js';
import { findOrganizations, findSiteId, viewExists } from './site-lookup.js';

/**
 * A person's decisions per customer (UniFi site), stored in `msp_customer_decisions`: the NinjaOne organization (or
 * "none") — which always wins over entity resolution and the review queue — and the onboarding / offboarding
 * Deployment Status, which wins over the health band. Both take effect at the next pack run.
 */
export const DEPLOYMENT_OVERRIDES = ['onboarding', 'offboarding'] as const;
export type DeploymentOverride = (typeof DEPLOYMENT_OVERRIDES)[number];

/** `organization`: an organization id, its exact name, or null for "this site has no organization". */
export const organizationDecisionInput = z.strictObject({
  organization: z.union([z.number().int().positive(), z.string().trim().min(1).max(200), z.null()]),
});
/** `status`: onboarding or offboarding, or null to let the health band decide again. */
export const deploymentDecisionInput = z.strictObject({ status: z.enum(DEPLOYMENT_OVERRIDES).nullable() });

export interface CustomerDecision {
  readonly site_id: string;
  readonly manual_org: boolean;
  readonly organization_id: number | null;
  readonly deployment_override: DeploymentOverride | null;
  readonly decided_by: string;
  readonly decided_at: string;
}

export interface CustomerRow extends Omit<CustomerDecision, 'decided_by' | 'decided_at'> {
  readonly decided_by: string | null;
  readonly decided_at: string | null;
  readonly site_name: string | null;
  readonly organization_name: string | null;
  /** How the organization was found: manual, review (a reviewer's decision), exact, fuzzy or none. */
  readonly match_method: string | null;
  readonly match_status: string | null;
}

const DECISION_COLUMNS = `d.site_id, d.manual_org, d.organization_id::bigint as organization_id, d.deployment_override, d.decided_by,
  to_char(d.decided_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as decided_at`;

function parse<T>(schema: z.ZodType<T>, raw: unknown, what: string): T {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`);
  throw new SluiceError('validation_failed', `invalid ${what}: ${problems.join('; ')}`, { details: { problems } });
}

async function siteIdOf(db: SqlExecutor, site: string): Promise<string> {
  const id = site.trim() === '' ? null : await findSiteId(db, site.trim());
  if (id === null) {
    throw new SluiceError('site_unknown', `no active UniFi site "${site}" (give its id, description or name; run sluice pack run msp-dashboards first)`, { details: { site } });
  }
  return id;
}

async function organizationIdOf(db: SqlExecutor, ref: string | number): Promise<number> {
  const found = await findOrganizations(db, ref);
  if (found.length === 0) throw new SluiceError('organization_unknown', `no active NinjaOne organization "${ref}" (give its id or exact name)`, { details: { organization: ref } });
  if (found.length > 1) {
    throw new SluiceError('organization_ambiguous', `${found.length} NinjaOne organizations are named "${ref}": give the id`, { details: { candidates: found } });
  }
  return found[0]!.id;
}

async function normalise(row: CustomerDecision | undefined): Promise<CustomerDecision | undefined> {
  return row ? { ...row, organization_id: row.organization_id === null ? null : Number(row.organization_id) } : undefined;
}

/** Upserts one site's decision row from its current state and a change, in one transaction; audited. */
async function decide(
  db: Database, siteId: string, actor: string, action: string, change: (prev: CustomerDecision | undefined) => Omit<CustomerDecision, 'site_id' | 'decided_by' | 'decided_at'>,
  details: Record<string, unknown>,
): Promise<CustomerDecision | null> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<CustomerDecision>(`select ${DECISION_COLUMNS} from msp_customer_decisions d where d.site_id = $1 for update`, [siteId]);
    const next = change(await normalise(rows[0]));
    let out: CustomerDecision | null = null;
    if (!next.manual_org && next.deployment_override === null) {
      await tx.query('delete from msp_customer_decisions where site_id = $1', [siteId]);
    } else {
      const { rows: saved } = await tx.query<CustomerDecision>(
        `insert into msp_customer_decisions as d (site_id, manual_org, organization_id, deployment_override, decided_by, decided_at)
         values ($1, $2, $3, $4, $5, now())
         on conflict (site_id) do update set manual_org = excluded.manual_org, organization_id = excluded.organization_id,
           deployment_override = excluded.deployment_override, decided_by = excluded.decided_by, decided_at = excluded.decided_at
         returning ${DECISION_COLUMNS}`,
        [siteId, next.manual_org, next.organization_id, next.deployment_override, actor],
      );
      out = (await normalise(saved[0])) ?? null;
    }
    await writeAudit(tx, { actor, action, target: `site:${siteId}`, details });
    return out;
  });
}

/** Maps a site to an organization (or to none): wins over entity resolution and review decisions. */
export async function setCustomerOrganization(db: Database, site: string, raw: unknown, actor: string): Promise<CustomerDecision> {
  const input = parse(organizationDecisionInput, raw, 'organization decision');
  const siteId = await siteIdOf(db, site);
  const orgId = input.organization === null ? null : await organizationIdOf(db, input.organization);
  const row = await decide(db, siteId, actor, 'msp.customer.mapped', (prev) => ({
    manual_org: true, organization_id: orgId, deployment_override: prev?.deployment_override ?? null,
  }), { organization_id: orgId });
  return row!;
}

/** Forgets a site's manual mapping: entity resolution (and the review queue) decide again. */
export async function clearCustomerOrganization(db: Database, site: string, actor: string): Promise<CustomerDecision | null> {
  const siteId = await siteIdOf(db, site);
  return decide(db, siteId, actor, 'msp.customer.unmapped', (prev) => ({
    manual_org: false, organization_id: null, deployment_override: prev?.deployment_override ?? null,
  }), {});
}

/** Sets (onboarding, offboarding) or clears (null) a site's Deployment Status override. */
export async function setDeploymentOverride(db: Database, site: string, raw: unknown, actor: string): Promise<CustomerDecision | null> {
  const input = parse(deploymentDecisionInput, raw, 'deployment decision');
  const siteId = await siteIdOf(db, site);
  return decide(db, siteId, actor, 'msp.customer.deployment', (prev) => ({
    manual_org: prev?.manual_org ?? false, organization_id: prev?.organization_id ?? null, deployment_override: input.status,
  }), { status: input.status });
}

/**
 * Every customer with its current organization and how it was found (the `msp_customer_links` model, once the pack
 * has run) and a person's decisions; before the first run, the decisions alone.
 */
export async function listCustomers(db: SqlExecutor): Promise<CustomerRow[]> {
  const links = await viewExists(db, 'msp_customer_links');
  const { rows } = await db.query<CustomerRow>(
    links
      ? `select coalesce(l.site_id, d.site_id) as site_id, l.site_name, coalesce(d.manual_org, false) as manual_org,
           coalesce(l.organization_id, d.organization_id)::bigint as organization_id, l.organization_name, l.match_method, l.match_status,
           d.deployment_override, d.decided_by,
           to_char(d.decided_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as decided_at
         from data.msp_customer_links l full join msp_customer_decisions d on d.site_id = l.site_id
         where l._status is null or l._status = 'active'
         order by l.site_name nulls last, 1`
      : `select ${DECISION_COLUMNS}, null as site_name, null as organization_name, null as match_method, null as match_status
         from msp_customer_decisions d order by d.site_id`,
  );
  return rows.map((r) => ({ ...r, organization_id: r.organization_id === null ? null : Number(r.organization_id) }));
}
