import { SeededRandom } from '../../core/seeded-random.js';
import { epochSeconds, type NinjaDevice } from './ninja-types.js';

/** `jobStatus` values of NinjaOne Backup jobs (the public API's status filter accepts these). */
export const BACKUP_JOB_STATUSES = ['PROCESSING', 'RUNNING', 'COMPLETED', 'CANCELED', 'FAILED'] as const;
export type BackupJobStatus = (typeof BACKUP_JOB_STATUSES)[number];
export const BACKUP_PLAN_TYPES = ['IMAGE', 'FILE_FOLDER'] as const;

/** A `BackupJob` of `GET /v2/backup/jobs` (BackupJobReport.results[]). */
export interface NinjaBackupJob {
  jobId: string;
  jobStartTime: number;
  jobEndTime?: number;
  jobStatus: BackupJobStatus;
  planGuid: string;
  planName: string;
  planType: (typeof BACKUP_PLAN_TYPES)[number];
  totalActualStorageBytes: number;
  organizationId: number;
  locationId: number;
  deviceId: number;
}

const DAY_MS = 86_400_000;
/** Jobs of the last two weeks are served (older ones have aged out of the report). */
const HISTORY_DAYS = 14;

interface Plan {
  readonly guid: string;
  readonly name: string;
  readonly type: 'IMAGE' | 'FILE_FOLDER';
  /** Start within the day (ms after 00:00 UTC). */
  readonly startOffsetMs: number;
  readonly sizeBytes: number;
  /** Share of runs that fail: most devices back up cleanly, a few are chronically broken. */
  readonly failRate: number;
}

const planCache = new Map<string, Plan | null>();

/**
 * The device's backup plan, if it has one: servers take nightly images, about a third of workstations and Macs a
 * file/folder plan, network devices none. Deterministic per (seed, device).
 */
export function backupPlanOf(seed: number, d: NinjaDevice): Plan | null {
  const key = `${seed}:${d.id}`;
  const cached = planCache.get(key);
  if (cached !== undefined) return cached;
  const rnd = SeededRandom.salted(seed, 70_000 + d.id);
  let plan: Plan | null = null;
  const server = d.nodeClass === 'WINDOWS_SERVER' || d.nodeClass === 'LINUX_SERVER' || d.nodeClass === 'VMWARE_VM_HOST';
  const endpoint = d.nodeClass === 'WINDOWS_WORKSTATION' || d.nodeClass === 'MAC';
  if (server || (endpoint && rnd.chance(0.35))) {
    const type = server ? 'IMAGE' : 'FILE_FOLDER';
    plan = {
      guid: rnd.uuid(),
      name: server ? 'Nightly image' : 'Documents and desktop',
      type,
      startOffsetMs: rnd.int(0, 5) * 3_600_000 + rnd.int(0, 59) * 60_000,
      sizeBytes: server ? rnd.int(40, 400) * 1_073_741_824 : rnd.int(1, 30) * 1_073_741_824,
      failRate: rnd.chance(0.08) ? 0.7 : rnd.chance(0.15) ? 0.2 : 0.03,
    };
  }
  planCache.set(key, plan);
  return plan;
}

/**
 * Every job of `devices` started in the last HISTORY_DAYS up to `nowMs`, as the API reports it at that moment: a job
 * is PROCESSING for its first minutes, RUNNING until it ends, then COMPLETED, FAILED or CANCELED for good. The same
 * (seed, device, day) always gives the same job, so data moves with the clock only.
 */
export function backupJobsAt(seed: number, devices: readonly NinjaDevice[], nowMs: number): NinjaBackupJob[] {
  const out: NinjaBackupJob[] = [];
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  for (const d of devices) {
    const plan = backupPlanOf(seed, d);
    if (!plan) continue;
    const createdMs = d.created * 1000;
    for (let day = today - HISTORY_DAYS * DAY_MS; day <= today; day += DAY_MS) {
      const rnd = SeededRandom.salted(seed, (d.id * 10_007 + day / DAY_MS) | 0);
      const start = day + plan.startOffsetMs + rnd.int(0, 600_000);
      if (start > nowMs || start < createdMs) continue;
      const durationMs = (plan.type === 'IMAGE' ? rnd.int(20, 180) : rnd.int(3, 40)) * 60_000;
      const end = start + durationMs;
      const outcome: BackupJobStatus = rnd.chance(plan.failRate) ? 'FAILED' : rnd.chance(0.01) ? 'CANCELED' : 'COMPLETED';
      const jobId = rnd.uuid();
      const done = end <= nowMs;
      const status: BackupJobStatus = done ? outcome : nowMs - start < 5 * 60_000 ? 'PROCESSING' : 'RUNNING';
      const bytes = outcome === 'COMPLETED' || !done ? Math.round(plan.sizeBytes * (0.9 + rnd.next() * 0.2)) : 0;
      out.push({
        jobId,
        jobStartTime: epochSeconds(start),
        ...(done ? { jobEndTime: epochSeconds(end) } : {}),
        jobStatus: status,
        planGuid: plan.guid,
        planName: plan.name,
        planType: plan.type,
        totalActualStorageBytes: done ? bytes : Math.round(bytes * Math.min(1, (nowMs - start) / durationMs)),
        organizationId: d.organizationId,
        locationId: d.locationId,
        deviceId: d.id,
      });
    }
  }
  return out.sort((a, b) => a.jobStartTime - b.jobStartTime || a.jobId.localeCompare(b.jobId));
}

type JobPredicate = (j: NinjaBackupJob) => boolean;

/** `sf`: `status = FAILED`, `status in (RUNNING, COMPLETED)`, `status != CANCELED`; null when unparsable (400). */
export function parseStatusFilter(sf: string | undefined): JobPredicate | null {
  return parseEnumFilter(sf, 'status', BACKUP_JOB_STATUSES, (j) => j.jobStatus);
}

/** `ptf`: `planType = IMAGE`, `planType in (IMAGE, FILE_FOLDER)`; null when unparsable (400). */
export function parsePlanTypeFilter(ptf: string | undefined): JobPredicate | null {
  return parseEnumFilter(ptf, 'planType', BACKUP_PLAN_TYPES, (j) => j.planType);
}

function parseEnumFilter(
  f: string | undefined, field: string, allowed: readonly string[], get: (j: NinjaBackupJob) => string,
): JobPredicate | null {
  if (f === undefined || f.trim() === '') return () => true;
  const m = new RegExp(`^\\s*${field}\\s*(=|!=|in|not\\s*in)\\s*(.+?)\\s*$`, 'i').exec(f);
  if (!m) return null;
  const op = m[1]!.toLowerCase().replace(/\s+/g, '');
  const raw = m[2]!;
  const values = op === 'in' || op === 'notin' ? /^\((.*)\)$/.exec(raw)?.[1]?.split(',').map((v) => v.trim().toUpperCase()) : [raw.toUpperCase()];
  if (!values || values.some((v) => !allowed.includes(v))) return null;
  const set = new Set(values);
  return op === '=' || op === 'in' ? (j) => set.has(get(j)) : (j) => !set.has(get(j));
}

/**
 * `stf`: `startTime after <ISO>`, `startTime before <ISO>`, `startTime between(<ISO>,<ISO>)` (inclusive bounds);
 * null when unparsable (400).
 */
export function parseStartTimeFilter(stf: string | undefined): JobPredicate | null {
  if (stf === undefined || stf.trim() === '') return () => true;
  const between = /^\s*startTime\s+between\s*\(\s*([^,]+?)\s*,\s*([^)]+?)\s*\)\s*$/i.exec(stf);
  if (between) {
    const a = Date.parse(between[1]!);
    const b = Date.parse(between[2]!);
    if (Number.isNaN(a) || Number.isNaN(b)) return null;
    return (j) => j.jobStartTime * 1000 >= a && j.jobStartTime * 1000 <= b;
  }
  const m = /^\s*startTime\s+(after|before)\s+(\S+)\s*$/i.exec(stf);
  if (!m) return null;
  const t = Date.parse(m[2]!);
  if (Number.isNaN(t)) return null;
  return m[1]!.toLowerCase() === 'after' ? (j) => j.jobStartTime * 1000 > t : (j) => j.jobStartTime * 1000 < t;
}
