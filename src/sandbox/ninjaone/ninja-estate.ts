import { SeededRandom } from '../../core/seeded-random.js';
import { CONDITIONS, OFFLINE_CONDITION, SERVICES, type ConditionDef } from './ninja-catalog.js';
import { buildDevice, generateEstate } from './ninja-estate-generator.js';
import {
  epochSeconds, type ActivityClass, type EstateChange, type NinjaActivity, type NinjaAlert, type NinjaDevice,
  type NinjaLocation, type NinjaOrganization,
} from './ninja-types.js';
import { DAY_MS } from '../../core/day-ms.js';

export interface EstateScale {
  readonly devices: number;
  readonly organizations: number;
}

interface StoredActivity {
  readonly body: NinjaActivity;
  readonly cls: ActivityClass;
}

/** Entries kept in the change log (tests read a few steps; realtime demos run for days). */
const MAX_LOG = 200_000;
/** Bounds memory when the sandbox runs in realtime for days. */
const MAX_ACTIVITIES = 100_000;

const ROUTINE: readonly (readonly [string, string, string, string])[] = [
  ['SYSTEM', 'SYSTEM_REBOOTED', 'System rebooted', 'System'],
  ['PATCH_MANAGEMENT', 'PATCH_MANAGEMENT_INSTALLED', 'Patch installed: 2026-11 Cumulative Update', 'Patch Management'],
  ['PATCH_MANAGEMENT', 'PATCH_MANAGEMENT_SCAN_COMPLETED', 'Patch scan completed', 'Patch Management'],
  ['ACTION', 'COMPLETED', 'Script "Clear temp files" completed', 'Action'],
  ['SYSTEM', 'SOFTWARE_UPDATED', 'Software updated: Google Chrome', 'System'],
];

/**
 * The simulated NinjaOne tenant and how it moves with the clock: agents check in (lastContact), drop offline and
 * return (AGENT_OFFLINE alerts open and clear), conditions trigger and reset (each with a TRIGGERED / RESET activity
 * sharing the alert's `seriesUid`), routine activities accrue, devices are enrolled and retired.
 */
export class NinjaEstate {
  readonly organizations: NinjaOrganization[];
  readonly locations: NinjaLocation[];
  private deviceList: NinjaDevice[];
  /** Devices deleted from the tenant (their backup jobs stay listed under `include=deleted|all`). */
  private readonly retiredList: NinjaDevice[] = [];
  private readonly alertMap = new Map<string, NinjaAlert>();
  private readonly activityList: StoredActivity[] = [];
  private readonly log: EstateChange[] = [];
  private nextActivityId = 500_000;
  private current = 0;

  constructor(private readonly seed: number, scale: EstateScale, startMs: number) {
    const e = generateEstate(seed, scale.devices, scale.organizations, startMs);
    this.organizations = e.organizations;
    this.locations = e.locations;
    this.deviceList = e.devices;
    this.backfill(startMs);
  }

  get step(): number {
    return this.current;
  }

  devices(): readonly NinjaDevice[] {
    return this.deviceList;
  }

  retired(): readonly NinjaDevice[] {
    return this.retiredList;
  }

  alerts(): readonly NinjaAlert[] {
    return [...this.alertMap.values()];
  }

  /** Newest first, as the API lists them (a copy). */
  activities(): readonly { body: NinjaActivity; cls: ActivityClass }[] {
    return [...this.activityList].reverse();
  }

  /** Newest first without copying, for the route that cuts a page. */
  *newestFirst(): Generator<{ body: NinjaActivity; cls: ActivityClass }> {
    for (let i = this.activityList.length - 1; i >= 0; i--) yield this.activityList[i]!;
  }

  changes(sinceStep = 0): readonly EstateChange[] {
    return this.log.filter((c) => c.step > sinceStep);
  }

  advanceTo(target: number, now: Date): void {
    while (this.current < target) {
      // The change log is for tests and short demos: keep it bounded when the sandbox runs in realtime.
      if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
      this.current += 1;
      this.applyStep(this.current, now.getTime());
    }
  }

  /** A week of history and the alerts open at start, so the first read has pages of activities. */
  private backfill(startMs: number): void {
    const rnd = SeededRandom.salted(this.seed, 5005);
    const weekMs = 7 * DAY_MS;
    const events: { at: number; run: (at: number) => void }[] = [];
    for (const d of this.deviceList) {
      const n = rnd.int(1, 3);
      for (let i = 0; i < n; i++) {
        const at = startMs - rnd.int(60_000, weekMs);
        events.push({ at, run: (t) => this.routine(rnd, d, t) });
      }
    }
    events.sort((a, b) => a.at - b.at);
    for (const e of events) e.run(e.at);
    for (const d of this.deviceList) {
      if (d.offline) this.openAlert(rnd, d, OFFLINE_CONDITION, Math.round(d.lastContact * 1000) + 300_000);
      else if (rnd.chance(0.06)) {
        const cond = this.conditionFor(rnd, d);
        if (cond) this.openAlert(rnd, d, cond, startMs - rnd.int(60_000, 2 * DAY_MS));
      }
    }
  }

  private applyStep(step: number, nowMs: number): void {
    const rnd = SeededRandom.salted(this.seed, 20_000 + step);
    const mark = (entity: EstateChange['entity'], id: string | number, kind: EstateChange['kind'], field?: string) =>
      this.log.push({ step, entity, id: String(id), kind, ...(field ? { field } : {}) });

    for (const d of [...this.deviceList]) {
      if (!d.offline && rnd.chance(0.015)) {
        d.offline = true;
        mark('device', d.id, 'updated', 'offline');
        this.openAlert(rnd, d, OFFLINE_CONDITION, nowMs - rnd.int(60_000, 600_000));
        mark('alert', this.alertOf(d.id, 'AGENT_OFFLINE')!.uid, 'created');
      } else if (d.offline && rnd.chance(0.4)) {
        d.offline = false;
        mark('device', d.id, 'updated', 'offline');
        const a = this.alertOf(d.id, 'AGENT_OFFLINE');
        if (a) {
          this.closeAlert(a, nowMs - rnd.int(0, 300_000));
          mark('alert', a.uid, 'removed');
        }
      }
      if (!d.offline) {
        // Agents check in every minute: an hour-long step always moves lastContact.
        const contact = nowMs - rnd.int(5, 60_000);
        d.lastContact = epochSeconds(contact);
        d.lastUpdate = epochSeconds(contact - rnd.int(0, 30_000));
        mark('device', d.id, 'updated', 'lastContact');
        if (rnd.chance(0.02)) this.routine(rnd, d, contact);
      }
    }
    // Conditions clear, re-evaluate, and trigger.
    for (const a of this.alerts()) {
      if (a.sourceType === 'AGENT_OFFLINE') continue;
      if (rnd.chance(0.2)) {
        this.closeAlert(a, nowMs - rnd.int(0, 600_000));
        mark('alert', a.uid, 'removed');
      } else if (rnd.chance(0.4)) {
        a.updateTime = epochSeconds(nowMs - rnd.int(0, 600_000));
        a.data = this.conditionData(rnd, CONDITIONS.find((c) => c.sourceType === a.sourceType)!, this.device(a.deviceId)!);
        mark('alert', a.uid, 'updated');
      }
    }
    for (const d of this.deviceList) {
      if (d.offline || !rnd.chance(0.012)) continue;
      const cond = this.conditionFor(rnd, d);
      if (!cond || this.alertOf(d.id, cond.sourceType)) continue;
      const a = this.openAlert(rnd, d, cond, nowMs - rnd.int(0, 3_000_000));
      mark('alert', a.uid, 'created');
    }
    // Enrolment and retirement.
    if (rnd.chance(0.1)) {
      const org = rnd.pick(this.organizations);
      const loc = this.locations.find((l) => l.organizationId === org.id)!;
      const seq = 500 + step;
      const d = buildDevice(rnd, (this.deviceList.at(-1)?.id ?? 100) + rnd.int(1, 5), org, loc, 'WINDOWS_WORKSTATION', seq, nowMs, nowMs - 600_000);
      this.deviceList.push(d);
      mark('device', d.id, 'created');
      this.activity(d.id, nowMs - 600_000, { activityType: 'SYSTEM', statusCode: 'NODE_CREATED', status: 'Node created', message: `${d.displayName} enrolled`, type: 'System' }, 'SYSTEM');
    }
    if (rnd.chance(0.03)) {
      const candidates = this.deviceList.filter((d) => d.nodeClass === 'WINDOWS_WORKSTATION');
      if (candidates.length > 0) {
        const gone = rnd.pick(candidates);
        this.deviceList = this.deviceList.filter((d) => d !== gone);
        this.retiredList.push(gone);
        mark('device', gone.id, 'removed');
        for (const a of this.alerts().filter((x) => x.deviceId === gone.id)) {
          this.alertMap.delete(a.uid);
          mark('alert', a.uid, 'removed');
        }
        this.activity(undefined, nowMs - 60_000, { activityType: 'SYSTEM', statusCode: 'NODE_DELETED', status: 'Node deleted', message: `${gone.displayName} deleted`, type: 'System' }, 'SYSTEM');
      }
    }
  }

  private device(id: number): NinjaDevice | undefined {
    return this.deviceList.find((d) => d.id === id);
  }

  private alertOf(deviceId: number, sourceType: string): NinjaAlert | undefined {
    return this.alerts().find((a) => a.deviceId === deviceId && a.sourceType === sourceType);
  }

  private conditionFor(rnd: SeededRandom, d: NinjaDevice): ConditionDef | undefined {
    const options = CONDITIONS.filter((c) => c.classes.includes(d.nodeClass));
    return options.length === 0 ? undefined : rnd.pick(options);
  }

  private conditionData(rnd: SeededRandom, c: ConditionDef, d: NinjaDevice): NinjaAlert['data'] {
    const code = c.sourceType.toLowerCase();
    switch (c.sourceType) {
      case 'CONDITION_AGENT_CPU':
        return { message: { code, params: { cpuPercent: rnd.int(91, 100), threshold: 90, durationMinutes: 15 } } };
      case 'CONDITION_AGENT_MEMORY':
        return { message: { code, params: { memoryPercent: rnd.int(95, 99), threshold: 95, durationMinutes: 10 } } };
      case 'CONDITION_AGENT_DISK_FREE_SPACE':
        return { message: { code, params: { volume: d.nodeClass === 'LINUX_SERVER' ? '/' : 'C:', freePercent: rnd.int(2, 14), threshold: 15 } } };
      case 'CONDITION_AGENT_DISK_IO':
        return { message: { code, params: { volume: 'C:', activeTimePercent: rnd.int(95, 100), durationMinutes: 30 } } };
      case 'CONDITION_SCRIPT_RESULT':
        return { message: { code, params: { scriptName: 'Check backup job', jobName: 'Nightly image', exitCode: rnd.pick([1, 2, 5]), result: 'backup_failed' } } };
      case 'CONDITION_WINDOWS_SERVICE_STATE_CHANGED':
        return { message: { code, params: { serviceName: rnd.pick(SERVICES), state: 'STOPPED' } } };
      default:
        return { message: { code, params: { lastContact: d.lastContact } } };
    }
  }

  private openAlert(rnd: SeededRandom, d: NinjaDevice, c: ConditionDef, atMs: number): NinjaAlert {
    const data = this.conditionData(rnd, c, d);
    const alert: NinjaAlert = {
      uid: rnd.uuid(),
      deviceId: d.id,
      message: alertMessage(c, d, data.message.params),
      createTime: epochSeconds(atMs),
      updateTime: epochSeconds(atMs),
      sourceType: c.sourceType,
      sourceConfigUid: c.sourceConfigUid,
      sourceName: c.sourceName,
      subject: c.subject,
      data,
      ...(c.priority === 'HIGH' && rnd.chance(0.5) ? { psaTicketId: `T${rnd.int(100_000, 999_999)}` } : {}),
    };
    this.alertMap.set(alert.uid, alert);
    this.activity(d.id, atMs, {
      activityType: 'CONDITION', statusCode: 'TRIGGERED', status: 'TRIGGERED', severity: c.severity, priority: c.priority,
      seriesUid: alert.uid, sourceConfigUid: c.sourceConfigUid, sourceName: c.sourceName, subject: c.subject,
      message: alert.message, type: 'Condition', data,
    }, 'DEVICE');
    return alert;
  }

  private closeAlert(a: NinjaAlert, atMs: number): void {
    this.alertMap.delete(a.uid);
    const c = a.sourceType === 'AGENT_OFFLINE' ? OFFLINE_CONDITION : CONDITIONS.find((x) => x.sourceType === a.sourceType)!;
    this.activity(a.deviceId, atMs, {
      activityType: 'CONDITION', statusCode: 'RESET', status: 'RESET', severity: c.severity, priority: c.priority,
      seriesUid: a.uid, sourceConfigUid: c.sourceConfigUid, sourceName: c.sourceName, subject: c.subject,
      message: `${c.subject}: condition reset`, type: 'Condition', data: a.data,
    }, 'DEVICE');
  }

  private routine(rnd: SeededRandom, d: NinjaDevice, atMs: number): void {
    const [activityType, statusCode, message, type] = rnd.pick(ROUTINE);
    this.activity(d.id, atMs, { activityType, statusCode, status: 'Completed', activityResult: 'SUCCESS', message, type, data: {} }, 'DEVICE');
  }

  private activity(deviceId: number | undefined, atMs: number, a: Partial<NinjaActivity> & Pick<NinjaActivity, 'activityType' | 'statusCode' | 'status' | 'message' | 'type'>, cls: ActivityClass): void {
    this.nextActivityId += 1 + (this.nextActivityId % 3);
    const body: NinjaActivity = {
      id: this.nextActivityId,
      activityTime: epochSeconds(atMs),
      ...(deviceId !== undefined ? { deviceId } : {}),
      severity: 'NONE',
      priority: 'NONE',
      data: {},
      ...a,
    };
    // Ids grow with insertion, so the list stays in id order; the oldest go first past the retention cap.
    this.activityList.push({ body, cls });
    if (this.activityList.length > MAX_ACTIVITIES) this.activityList.splice(0, this.activityList.length - MAX_ACTIVITIES);
  }
}

function alertMessage(c: ConditionDef, d: NinjaDevice, p: Record<string, unknown>): string {
  switch (c.sourceType) {
    case 'AGENT_OFFLINE': return `${d.displayName} has been offline for more than 5 minutes`;
    case 'CONDITION_AGENT_CPU': return `CPU utilization is ${String(p.cpuPercent)}% on ${d.displayName}`;
    case 'CONDITION_AGENT_MEMORY': return `Memory utilization is ${String(p.memoryPercent)}% on ${d.displayName}`;
    case 'CONDITION_AGENT_DISK_FREE_SPACE': return `Volume ${String(p.volume)} has ${String(p.freePercent)}% free space on ${d.displayName}`;
    case 'CONDITION_AGENT_DISK_IO': return `Disk ${String(p.volume)} active time is ${String(p.activeTimePercent)}% on ${d.displayName}`;
    case 'CONDITION_SCRIPT_RESULT': return `Backup job "${String(p.jobName)}" failed with exit code ${String(p.exitCode)} on ${d.displayName}`;
    case 'CONDITION_WINDOWS_SERVICE_STATE_CHANGED': return `Service ${String(p.serviceName)} stopped on ${d.displayName}`;
    default: return c.subject;
  }
}
