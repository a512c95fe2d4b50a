import { registerModelTransform, type ModelRow, type ModelTransformContext } from '../../models/model-transforms.js';
import { alertPriority, alertSeverity, alertStatus, issueType as issueTypeOf, type ActivityFacts } from './alert-rules.js';
import { detectConfigChanges, type ChangeRow, type DeviceContext, type SiteContext } from './config-change-detect.js';
import { assessRisk, isRiskLevel } from './config-risk.js';
import { decideCustomerLink, type OrganizationName } from './customer-match.js';
import { computeDailyHealth, configDrift, type BackupJobFacts, type DetectedChangeRef, type LoggedChangeRef, type OpenIssue } from './daily-health.js';
import { deploymentStatus, healthBand, isHealthDrop, personDeployment, type HealthBand } from './health-score.js';
import { evaluationInstant, latestHealthDate, parseHealthDate } from './health-time.js';

/** A source whose last complete sync is older than this is stale for the rows that depend on it. */
export const STALE_AFTER_MS = 60 * 60_000;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const arr = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

export function isStale(syncedAt: unknown, now: Date): boolean {
  const t = Date.parse(str(syncedAt) ?? '');
  return Number.isNaN(t) || now.getTime() - t > STALE_AFTER_MS;
}

type OrgFacts = OrganizationName & { description?: string | null };
const org = (v: unknown): OrgFacts | null => {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const id = num(o.id);
  return id === null ? null : { id, name: str(o.name) ?? '', description: str(o.description) };
};

/** msp.customer_match: site → organization (a person's mapping, a reviewer's approval, the engine's link). */
export function customerMatchTransform(rows: readonly ModelRow[]): ModelRow[] {
  return rows.map((r) => {
    const facts = {
      site: { siteId: String(r.site_id), desc: str(r.site_desc), name: str(r.site_name) },
      manual: r.manual === true, manualOrganization: org(r.manual_org), approved: org(r.approved), linked: org(r.linked),
      reviews: arr<Record<string, unknown>>(r.reviews).flatMap((v) => {
        const o = org(v.organization);
        return o ? [{ reviewId: num(v.reviewId) ?? 0, cause: str(v.cause) ?? 'threshold', organization: o }] : [];
      }),
    };
    const m = decideCustomerLink(facts);
    const chosen = [facts.manualOrganization, facts.approved, facts.linked].find((o) => o !== null && o.id === m.organizationId) ?? null;
    return {
      site_id: m.siteId, site_name: m.siteName, organization_id: m.organizationId, organization_name: chosen?.name ?? null,
      organization_description: chosen?.description ?? null, match_method: m.method, match_status: m.status,
      match_score: m.score, candidates: m.candidates,
    };
  });
}

/** msp.alert_rules: issue type, severity (and why), priority and status of every alert. */
export function alertRulesTransform(rows: readonly ModelRow[], ctx: ModelTransformContext): ModelRow[] {
  return rows.map((r) => {
    const facts = { sourceType: str(r.source_type), subject: str(r.subject), message: str(r.message), data: r.data };
    const latest: ActivityFacts | null = r.activity_id === null || r.activity_id === undefined ? null : {
      id: num(r.activity_id), activityTime: str(r.activity_time), severity: str(r.activity_severity), priority: str(r.activity_priority),
      statusCode: str(r.activity_status_code), status: str(r.activity_status),
    };
    const active = r.active === true;
    const sev = alertSeverity(facts, latest, r.device_offline === true);
    return {
      uid: r.uid, device: str(r.device), organization: str(r.organization), organization_id: num(r.organization_id),
      issue_type: issueTypeOf(facts), severity: sev.severity, severity_reason: sev.reason, priority: alertPriority(latest),
      details: str(r.message) ?? str(r.subject), status: alertStatus(active, latest), psa_ticket_id: str(r.psa_ticket_id),
      created: str(r.created), last_seen: str(r.last_seen),
      // Open alerts of a source that has not synced lately may have cleared meanwhile: they say so.
      stale: active && isStale(r.ninjaone_synced_at, ctx.now),
    };
  });
}

/** msp.config_changes: detected changes from the UniFi history, logged changes as they were logged, each with risk. */
export function configChangesTransform(rows: readonly ModelRow[]): ModelRow[] {
  const out: ModelRow[] = [];
  for (const r of rows) {
    if (r.source === 'logged') {
      const l = (r.logged ?? {}) as Record<string, unknown>;
      out.push({
        change_id: l.change_id, source: 'logged', site: str(l.site), site_id: str(r.site_id), device: str(l.device), tool: str(l.tool),
        vendor: str(l.vendor), category: str(l.category), action: str(l.action), summary: str(l.summary), details: str(l.details),
        engineer: str(l.engineer), timestamp: str(l.at), risk_level: isRiskLevel(l.risk_level) ? l.risk_level : 'medium',
        ticket_id: str(l.ticket_id), rollback_plan: str(l.rollback_plan),
      });
      continue;
    }
    const stream = r.stream === 'unifi_sites' ? 'unifi_sites' : 'unifi_devices';
    const row: ChangeRow = { id: String(r.row_id), stream, key: String(r.key), kind: 'updated', fields: (r.fields ?? null) as ChangeRow['fields'], at: String(r.at) };
    const siteId = str(r.site_id);
    const devices = new Map<string, DeviceContext>(stream === 'unifi_devices' ? [[row.key, { name: str(r.device_name), model: str(r.device_model), siteId }]] : []);
    const sites = new Map<string, SiteContext>(siteId && str(r.site_name) ? [[siteId, { siteId, displayName: str(r.site_name)! }]] : []);
    for (const d of detectConfigChanges(row, devices, sites)) {
      out.push({
        change_id: d.changeId, source: 'detected', site: d.siteName ?? d.siteId, site_id: d.siteId, device: d.device, tool: d.tool,
        vendor: d.vendor, category: d.category, action: d.action, summary: d.summary, details: d.details, engineer: null,
        timestamp: d.timestamp, risk_level: assessRisk({ summary: d.summary, details: d.details, action: d.action, tool: d.tool }),
        ticket_id: null, rollback_plan: null,
      });
    }
  }
  return out;
}

const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * msp.daily_health: rows already computed are kept as they are; each site gets its row for the latest date whose
 * 06:00 site-local has passed (once), or for `params.health_date` (recomputed from the current data).
 */
export function dailyHealthTransform(rows: readonly ModelRow[], ctx: ModelTransformContext): ModelRow[] {
  const requested = ctx.params.health_date;
  if (requested !== undefined && !parseHealthDate(requested)) throw new RangeError(`health_date is not a date (YYYY-MM-DD): ${requested}`);
  const computed = new Map<string, ModelRow>();
  for (const r of rows) {
    if (r.row_kind !== 'computed' || !r.computed || typeof r.computed !== 'object') continue;
    const c = r.computed as ModelRow;
    computed.set(String(c.id), c);
  }
  for (const r of rows) {
    if (r.row_kind !== 'input') continue;
    const siteId = String(r.site_id);
    const tz = str(r.timezone);
    const date = requested ?? latestHealthDate(ctx.now, tz);
    const id = `${siteId}:${date}`;
    if (computed.has(id) && requested === undefined) continue;
    const evaluationAt = evaluationInstant(date, tz);
    const detected = arr<DetectedChangeRef>(r.detected);
    const logged = arr<LoggedChangeRef>(r.logged);
    const h = computeDailyHealth({
      site: { totalDevice: num(r.totaldevice), offlineDevice: num(r.offlinedevice), wifiClient: num(r.wificlient), offlineWifiDevice: num(r.offlinewifidevice), wifiDevice: num(r.wifidevice) },
      ninjaDevices: arr<boolean>(r.ninja_offline).map((offline) => ({ offline })),
      issues: arr<OpenIssue>(r.issues),
      backupJobs: arr<BackupJobFacts>(r.jobs),
      evaluationAt,
      drift: configDrift(siteId, detected, logged, evaluationAt),
    });
    const previous = computed.get(`${siteId}:${dayBefore(date)}`);
    const previousScore = num(previous?.health_score);
    const stale: string[] = [];
    if (isStale(r.unifi_synced_at, ctx.now)) stale.push(`UniFi data stale (last sync ${str(r.unifi_synced_at) ?? 'never'})`);
    if (num(r.organization_id) !== null && isStale(r.ninjaone_synced_at, ctx.now)) stale.push(`NinjaOne data stale (last sync ${str(r.ninjaone_synced_at) ?? 'never'})`);
    computed.set(id, {
      id, site_id: siteId, site_name: str(r.site_name), date, evaluated_at: evaluationAt.toISOString(),
      devices_online: h.devicesOnline, devices_offline: h.devicesOffline, devices_total: h.devicesTotal, availability_pct: h.availabilityPct,
      wifi_clients: h.wifiClients, signal_warnings: h.signalWarnings, weak_wifi_share: Math.round(h.weakWifiShare * 10_000) / 10_000,
      active_alerts: h.activeAlerts, critical_alerts: h.criticalAlerts, warning_alerts: h.warningAlerts, alert_summary: h.alertSummary,
      config_drift: h.configDrift, backup_status: h.backupStatus, health_score: h.healthScore, band: h.band, needs_review: h.needsReview,
      previous_score: previousScore, health_drop: isHealthDrop(previousScore, h.healthScore), notes: stale.join('; ') || null,
    });
  }
  return [...computed.values()];
}

/** msp.customer_status: one row per site; Deployment Status from the latest band unless a person set it. */
export function customerStatusTransform(rows: readonly ModelRow[]): ModelRow[] {
  return rows.map((r) => {
    const score = num(r.health_score);
    const band: HealthBand | null = typeof r.band === 'string' ? (r.band as HealthBand) : score === null ? null : healthBand(score);
    const ninja = num(r.ninja_devices) ?? 0;
    const orgId = num(r.organization_id);
    return {
      customer_id: r.customer_id, site_name: str(r.site_name), organization: str(r.organization_name),
      // The organization's description reads "City, ST" in NinjaOne: its state code.
      state: /,\s*([A-Z]{2})\s*$/.exec(str(r.organization_description) ?? '')?.[1] ?? null,
      device_count: (num(r.unifi_devices) ?? 0) + ninja, stack_type: orgId === null ? 'UniFi' : 'UniFi + NinjaOne',
      // A person wins: the later of an override through Sluice and a value set in Notion.
      deployment_status: deploymentStatus(band, personDeployment(
        { value: str(r.deployment_override), at: str(r.deployment_decided_at) },
        { value: str(r.notion_deployment), at: str(r.notion_deployment_at) },
      )), health_score: score, band,
      last_health_check: str(r.last_health_check), open_tickets: num(r.open_tickets) ?? 0, match_status: str(r.match_status),
    };
  });
}

registerModelTransform('msp.customer_match', customerMatchTransform);
registerModelTransform('msp.alert_rules', alertRulesTransform);
registerModelTransform('msp.config_changes', configChangesTransform);
registerModelTransform('msp.daily_health', dailyHealthTransform);
registerModelTransform('msp.customer_status', customerStatusTransform);
