/**
 * Alerts / Device Issues rules (issue #12). NinjaOne alerts carry no severity or priority: those come from the
 * latest activity of the alert's series (`seriesUid` = the alert's `uid`).
 */
export const ISSUE_TYPES = ['disk_space', 'memory', 'disk_io', 'offline', 'backup_failed', 'cpu', 'service_down'] as const;
export type IssueType = (typeof ISSUE_TYPES)[number];
export type AlertSeverity = 'critical' | 'warning';
export type AlertStatus = 'new' | 'acknowledged' | 'resolved';

export interface AlertFacts {
  readonly sourceType?: string | null;
  readonly subject?: string | null;
  readonly message?: string | null;
  /** The alert's `data` (NinjaOne puts the condition's measured values under `data.message.params`). */
  readonly data?: unknown;
}

export interface ActivityFacts {
  readonly id?: number | null;
  readonly activityTime?: string | null;
  readonly severity?: string | null;
  readonly priority?: string | null;
  readonly statusCode?: string | null;
  readonly status?: string | null;
}

const BY_SOURCE: Readonly<Record<string, IssueType>> = {
  AGENT_OFFLINE: 'offline',
  CONDITION_PING: 'offline',
  CONDITION_AGENT_CPU: 'cpu',
  CONDITION_AGENT_MEMORY: 'memory',
  CONDITION_AGENT_DISK_FREE_SPACE: 'disk_space',
  CONDITION_AGENT_DISK_USAGE: 'disk_space',
  CONDITION_AGENT_DISK_IO: 'disk_io',
  CONDITION_WINDOWS_SERVICE_STATE_CHANGED: 'service_down',
  CONDITION_WINDOWS_EVENT_LOG_TRIGGERED: 'service_down',
  CONDITION_LINUX_PROCESS: 'service_down',
};

/** Text rules in order: the first that matches the subject and message wins. */
const BY_TEXT: readonly (readonly [RegExp, IssueType])[] = [
  [/\bbackup/i, 'backup_failed'],
  [/\boffline\b|\bunreachable\b|\bnot responding\b|\bping\b/i, 'offline'],
  [/free space|disk space|low disk|\bvolume\b.*\bfree\b/i, 'disk_space'],
  [/disk (i\/?o|active time|queue|latency)/i, 'disk_io'],
  [/\bmemory\b|\bram\b/i, 'memory'],
  [/\bcpu\b|processor/i, 'cpu'],
  [/\bservice\b|\bprocess\b|\bstopped\b/i, 'service_down'],
];

/**
 * The issue type from `sourceType`, else from the subject and message. A script result names its subject
 * (backup, service…), so script conditions are read by text; anything unclassifiable is a service that is down.
 */
export function issueType(a: AlertFacts): IssueType {
  const text = `${a.subject ?? ''}\n${a.message ?? ''}`;
  const bySource = a.sourceType ? BY_SOURCE[a.sourceType.toUpperCase()] : undefined;
  if (bySource) return bySource;
  for (const [re, t] of BY_TEXT) if (re.test(text)) return t;
  return 'service_down';
}

function params(data: unknown): Record<string, unknown> {
  const p = (data as { message?: { params?: unknown } } | null | undefined)?.message?.params;
  return p !== null && typeof p === 'object' ? (p as Record<string, unknown>) : {};
}

function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** Disk free % from the condition's values, else from the message ("has 8% free space"). */
export function diskFreePercent(a: AlertFacts): number | null {
  return num(params(a.data).freePercent) ?? num(/(\d+(?:\.\d+)?)\s*%\s*free/i.exec(a.message ?? '')?.[1]);
}

/** Memory use % from the condition's values, else from the message ("Memory utilization is 97%"). */
export function memoryUsePercent(a: AlertFacts): number | null {
  return num(params(a.data).memoryPercent) ?? num(/memory[^%\d]*(\d+(?:\.\d+)?)\s*%/i.exec(a.message ?? '')?.[1]);
}

/** The activity that speaks for a series now: the latest by time, then by id. */
export function latestActivity<T extends ActivityFacts>(activities: readonly T[]): T | null {
  let best: T | null = null;
  for (const a of activities) {
    if (!best) {
      best = a;
      continue;
    }
    const ta = Date.parse(a.activityTime ?? '') || 0;
    const tb = Date.parse(best.activityTime ?? '') || 0;
    if (ta > tb || (ta === tb && (a.id ?? 0) > (best.id ?? 0))) best = a;
  }
  return best;
}

export type SeverityReason = 'disk_free_le_10' | 'memory_ge_95' | 'device_offline' | 'backup_failed' | 'activity_severity' | null;

/**
 * Critical when disk free ≤ 10 %, memory use ≥ 95 %, the device is offline, a backup failed, or the series' latest
 * activity says CRITICAL or MAJOR; otherwise warning.
 */
export function alertSeverity(
  a: AlertFacts, latest: ActivityFacts | null, deviceOffline = false,
): { severity: AlertSeverity; reason: SeverityReason } {
  const type = issueType(a);
  const critical = (reason: Exclude<SeverityReason, null>) => ({ severity: 'critical' as const, reason });
  if (type === 'disk_space') {
    const free = diskFreePercent(a);
    if (free !== null && free <= 10) return critical('disk_free_le_10');
  }
  if (type === 'memory') {
    const used = memoryUsePercent(a);
    if (used !== null && used >= 95) return critical('memory_ge_95');
  }
  if (type === 'offline' || deviceOffline) return critical('device_offline');
  if (type === 'backup_failed') return critical('backup_failed');
  const sev = latest?.severity?.toUpperCase();
  if (sev === 'CRITICAL' || sev === 'MAJOR') return critical('activity_severity');
  return { severity: 'warning', reason: null };
}

/** NinjaOne's priority from the series' latest activity (NONE, LOW, MEDIUM, HIGH); NONE without one. */
export function alertPriority(latest: ActivityFacts | null): string {
  const p = latest?.priority?.trim().toUpperCase();
  return p ? p : 'NONE';
}

/** new → acknowledged (latest activity ACKNOWLEDGED) → resolved once the alert is no longer active. */
export function alertStatus(active: boolean, latest: ActivityFacts | null): AlertStatus {
  if (!active) return 'resolved';
  const ack = [latest?.statusCode, latest?.status].some((s) => s?.toUpperCase() === 'ACKNOWLEDGED');
  return ack ? 'acknowledged' : 'new';
}
