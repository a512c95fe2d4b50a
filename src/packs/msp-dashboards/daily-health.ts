import type { AlertSeverity } from './alert-rules.js';
import { healthScore, type BackupStatus, type HealthBand } from './health-score.js';

const DAY_MS = 86_400_000;

/** The site's `statistics.counts` the day's health reads (missing counts are 0). */
export interface SiteCounts {
  readonly totalDevice?: number | null;
  readonly offlineDevice?: number | null;
  readonly wifiClient?: number | null;
  readonly offlineWifiDevice?: number | null;
  readonly wifiDevice?: number | null;
}

export interface OpenIssue {
  readonly device: string;
  readonly issueType: string;
  readonly severity: AlertSeverity;
  /** ISO time the alert was raised (most recent first among equal severities). */
  readonly created: string | null;
}

export interface BackupJobFacts {
  readonly status: string | null;
  readonly startTime: string | null;
}

export interface DailyHealthInput {
  readonly site: SiteCounts;
  /** The linked organization's NinjaOne devices (none when the site has no organization). */
  readonly ninjaDevices: readonly { readonly offline: boolean | null }[];
  /** The organization's open issues. */
  readonly issues: readonly OpenIssue[];
  readonly backupJobs: readonly BackupJobFacts[];
  /** 06:00 site-local on the health date. */
  readonly evaluationAt: Date;
  readonly drift: boolean;
}

export interface DailyHealth {
  readonly devicesTotal: number;
  readonly devicesOffline: number;
  readonly devicesOnline: number;
  /** Online / total × 100, to two decimals (100 when there are no devices). */
  readonly availabilityPct: number;
  readonly wifiClients: number;
  readonly signalWarnings: number;
  /** Offline Wi-Fi devices / Wi-Fi devices, 0–1 (0 without Wi-Fi devices). */
  readonly weakWifiShare: number;
  readonly activeAlerts: number;
  readonly criticalAlerts: number;
  readonly warningAlerts: number;
  readonly alertSummary: string;
  readonly backupStatus: BackupStatus;
  readonly configDrift: boolean;
  readonly healthScore: number;
  readonly band: HealthBand;
  readonly needsReview: boolean;
}

const n = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * Backup status from the jobs that started in the 24 h before the evaluation: none → unknown, all completed → ok,
 * all failed → failed, a mix → partial. CANCELED counts as failed (no backup was made); PROCESSING and RUNNING jobs
 * have no outcome yet and are left out.
 */
export function backupStatus(jobs: readonly BackupJobFacts[], evaluationAt: Date): BackupStatus {
  const end = evaluationAt.getTime();
  let completed = 0;
  let failed = 0;
  for (const j of jobs) {
    const t = Date.parse(j.startTime ?? '');
    if (Number.isNaN(t) || t <= end - DAY_MS || t > end) continue;
    const s = (j.status ?? '').toUpperCase();
    if (s === 'COMPLETED') completed++;
    else if (s === 'FAILED' || s === 'CANCELED' || s === 'CANCELLED') failed++;
  }
  if (completed + failed === 0) return 'unknown';
  if (failed === 0) return 'ok';
  return completed === 0 ? 'failed' : 'partial';
}

/** The top 3 issues by severity (critical first), then most recent, as "Device: issue type", joined by "; ". */
export function alertSummary(issues: readonly OpenIssue[]): string {
  return [...issues]
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'critical' ? -1 : 1)
      || (Date.parse(b.created ?? '') || 0) - (Date.parse(a.created ?? '') || 0)
      || a.device.localeCompare(b.device))
    .slice(0, 3)
    .map((i) => `${i.device}: ${i.issueType}`)
    .join('; ');
}

/** One site's row for one day (issue #12, "Daily Health"). */
export function computeDailyHealth(i: DailyHealthInput): DailyHealth {
  const devicesTotal = n(i.site.totalDevice) + i.ninjaDevices.length;
  const devicesOffline = Math.min(devicesTotal, n(i.site.offlineDevice) + i.ninjaDevices.filter((d) => d.offline === true).length);
  const devicesOnline = devicesTotal - devicesOffline;
  const availability = devicesTotal === 0 ? 1 : devicesOnline / devicesTotal;
  const wifiDevices = n(i.site.wifiDevice);
  const signalWarnings = n(i.site.offlineWifiDevice);
  const weakWifiShare = wifiDevices === 0 ? 0 : Math.min(1, signalWarnings / wifiDevices);
  const criticalAlerts = i.issues.filter((x) => x.severity === 'critical').length;
  const warningAlerts = i.issues.length - criticalAlerts;
  const backup = backupStatus(i.backupJobs, i.evaluationAt);
  const h = healthScore({ availability, weakWifiShare, criticalAlerts, warningAlerts, backup, drift: i.drift });
  return {
    devicesTotal,
    devicesOffline,
    devicesOnline,
    availabilityPct: Math.round(availability * 10_000) / 100,
    wifiClients: n(i.site.wifiClient),
    signalWarnings,
    weakWifiShare,
    activeAlerts: i.issues.length,
    criticalAlerts,
    warningAlerts,
    alertSummary: alertSummary(i.issues),
    backupStatus: backup,
    configDrift: i.drift,
    healthScore: h.score,
    band: h.band,
    needsReview: h.needsReview,
  };
}

export interface DetectedChangeRef {
  readonly siteId: string;
  readonly device: string | null;
  readonly category: string;
  readonly detectedAt: string;
}

export interface LoggedChangeRef {
  readonly siteId: string;
  readonly device: string | null;
  readonly category: string;
  readonly loggedAt: string;
}

/**
 * Whether a logged change covers a detected one: same site, and the same device or the same category, logged within
 * the 24 h before the detection.
 */
export function isCovered(d: DetectedChangeRef, logged: readonly LoggedChangeRef[]): boolean {
  const at = Date.parse(d.detectedAt);
  const same = (a: string | null, b: string | null) => a !== null && b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
  return logged.some((l) => {
    const t = Date.parse(l.loggedAt);
    return l.siteId === d.siteId && (same(l.device, d.device) || same(l.category, d.category)) && t <= at && t > at - DAY_MS;
  });
}

/** Config Drift: a change detected for the site in the 24 h before the evaluation that no logged change covers. */
export function configDrift(siteId: string, detected: readonly DetectedChangeRef[], logged: readonly LoggedChangeRef[], evaluationAt: Date): boolean {
  const end = evaluationAt.getTime();
  return detected.some((d) => {
    const t = Date.parse(d.detectedAt);
    return d.siteId === siteId && t <= end && t > end - DAY_MS && !isCovered(d, logged);
  });
}
