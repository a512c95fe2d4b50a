/**
 * The msp-dashboards Health Score (issue #12, PACKS.md §2), exactly:
 *   100 − (1 − availability) × 30 − weak-WiFi share × 20 − min(20, 10 × critical + 2 × warning)
 *       − backup penalty × 15 − (15 if drift)
 * clamped to 0–100 and rounded to the nearest integer before banding.
 */
export type BackupStatus = 'ok' | 'partial' | 'failed' | 'unknown';
export type HealthBand = 'healthy' | 'warning' | 'critical';

export const BACKUP_PENALTY: Readonly<Record<BackupStatus, number>> = { ok: 0, partial: 0.5, failed: 1, unknown: 0.33 };

/** A drop of more than this many points from the previous day raises `health_drop`. */
export const HEALTH_DROP_POINTS = 15;
/** Below this score a site needs review. */
export const REVIEW_BELOW = 70;

export interface HealthInputs {
  /** Online / total, 0–1 (1 when the site has no devices). */
  readonly availability: number;
  /** Offline Wi-Fi devices / Wi-Fi devices, 0–1 (0 without Wi-Fi devices). */
  readonly weakWifiShare: number;
  readonly criticalAlerts: number;
  readonly warningAlerts: number;
  readonly backup: BackupStatus;
  readonly drift: boolean;
}

export interface HealthResult {
  readonly score: number;
  readonly band: HealthBand;
  readonly needsReview: boolean;
  /** Points taken off per term (before clamping), so a person can check the score by hand. */
  readonly penalties: { availability: number; wifi: number; alerts: number; backup: number; drift: number };
}

const clamp01 = (n: number) => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0);

export function healthBand(score: number): HealthBand {
  return score >= 80 ? 'healthy' : score >= 50 ? 'warning' : 'critical';
}

export function healthScore(i: HealthInputs): HealthResult {
  const penalties = {
    availability: (1 - clamp01(i.availability)) * 30,
    wifi: clamp01(i.weakWifiShare) * 20,
    alerts: Math.min(20, 10 * Math.max(0, i.criticalAlerts) + 2 * Math.max(0, i.warningAlerts)),
    backup: BACKUP_PENALTY[i.backup] * 15,
    drift: i.drift ? 15 : 0,
  };
  const raw = 100 - penalties.availability - penalties.wifi - penalties.alerts - penalties.backup - penalties.drift;
  // Rounded after trimming float noise (95.04999999 from 100 − 0.33 × 15 is 95.05), then clamped.
  const score = Math.min(100, Math.max(0, Math.round(Number(raw.toFixed(9)))));
  return {
    score,
    band: healthBand(score),
    needsReview: score < REVIEW_BELOW || i.criticalAlerts > 0 || i.drift,
    penalties,
  };
}

/** True when today's score is more than 15 points below the previous day's (no previous day: no drop). */
export function isHealthDrop(previous: number | null | undefined, current: number): boolean {
  return previous !== null && previous !== undefined && previous - current > HEALTH_DROP_POINTS;
}

/** Customer Status `Deployment Status`: the band's status, unless a person set onboarding or offboarding. */
export type DeploymentStatus = 'onboarding' | 'active' | 'maintenance' | 'needs attention' | 'offboarding';

/** A person's Deployment Status choice and when it was made: through Sluice (CLI, API) or in Notion. */
export interface DeploymentChoice {
  readonly value: string | null | undefined;
  readonly at: string | null | undefined;
}

/**
 * The person's choice that stands: the later of the one made through Sluice and the one read back from Notion. A value
 * other than onboarding / offboarding set in Notion hands the status back to the health band.
 */
export function personDeployment(sluice: DeploymentChoice | null, notion: DeploymentChoice | null): string | null {
  const t = (c: DeploymentChoice | null) => (c?.value ? Date.parse(c.at ?? '') || 0 : -1);
  const latest = t(notion) > t(sluice) ? notion : sluice;
  return latest?.value ?? null;
}

export function deploymentStatus(band: HealthBand | null, humanSet: string | null | undefined): DeploymentStatus | null {
  const h = humanSet?.trim().toLowerCase();
  if (h === 'onboarding' || h === 'offboarding') return h;
  if (band === null) return null;
  return band === 'healthy' ? 'active' : band === 'warning' ? 'maintenance' : 'needs attention';
}
