import { SeededRandom } from '../../core/seeded-random.js';
import { bumpPatch } from './unifi-catalog.js';
import { DeviceFactory, generateFleet, randomSiteDevice, type FleetScale } from './unifi-fleet-generator.js';
import type { FleetChange, SimDevice, SimHost, SimSite, UnifiDeviceBody } from './unifi-fleet-types.js';

function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Entries kept in the change log (tests read a few steps; realtime demos run for days). */
const MAX_LOG = 200_000;

/**
 * The simulated UniFi estate and how it moves: each clock step some devices drop offline or come back, firmware is
 * released and rolled out, devices are adopted and decommissioned, client counts drift. Step N's state depends only
 * on (seed, N), except for the timestamps of the changes, which are the sandbox clock's time when the step happened.
 */
export class UnifiFleet {
  private readonly hostList: SimHost[];
  private readonly siteList: SimSite[];
  private deviceList: SimDevice[];
  private readonly log: FleetChange[] = [];
  private readonly factory: DeviceFactory;
  private current = 0;

  constructor(private readonly seed: number, scale: FleetScale) {
    const fleet = generateFleet(seed, scale);
    this.hostList = fleet.hosts;
    this.siteList = fleet.sites;
    this.deviceList = fleet.devices;
    this.factory = new DeviceFactory(SeededRandom.salted(seed, 3003));
  }

  get step(): number {
    return this.current;
  }

  hosts(): readonly SimHost[] {
    return this.hostList;
  }

  sites(): readonly SimSite[] {
    return this.siteList;
  }

  devices(): readonly SimDevice[] {
    return this.deviceList;
  }

  /** Every change made by steps after `sinceStep` (exclusive). */
  changes(sinceStep = 0): readonly FleetChange[] {
    return this.log.filter((c) => c.step > sinceStep);
  }

  /** Applies steps current+1 … target; each step is seeded by (seed, step). */
  advanceTo(target: number, now: Date): void {
    while (this.current < target) {
      // The change log is for tests and short demos: keep it bounded when the sandbox runs in realtime.
      if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
      this.current += 1;
      this.applyStep(this.current, now);
    }
  }

  private applyStep(step: number, now: Date): void {
    const rnd = SeededRandom.salted(this.seed, 10_000 + step);
    const ts = isoSeconds(now);
    const touched = new Set<string>();
    const set = <K extends keyof UnifiDeviceBody>(d: SimDevice, field: K, value: UnifiDeviceBody[K]): void => {
      if (d.body[field] === value) return;
      this.log.push({ step, entity: 'device', id: d.body.id, kind: 'updated', field, from: d.body[field], to: value });
      d.body[field] = value;
      touched.add(d.hostId);
    };

    // A firmware release for one model: devices on older firmware see the update.
    if (rnd.chance(0.35)) {
      const model = rnd.pick(this.deviceList).body.shortname;
      const same = this.deviceList.filter((d) => d.body.shortname === model);
      const newest = same.map((d) => d.body.updateAvailable ?? d.body.version).sort(compareVersions).pop() ?? '1.0.0';
      const release = bumpPatch(newest);
      for (const d of same) {
        set(d, 'firmwareStatus', 'updateAvailable');
        set(d, 'updateAvailable', release);
      }
    }
    // Roll-outs: online devices install a pending update and restart.
    for (const d of this.deviceList) {
      if (d.body.updateAvailable !== null && d.body.status === 'online' && rnd.chance(0.25)) {
        set(d, 'version', d.body.updateAvailable);
        set(d, 'firmwareStatus', 'upToDate');
        set(d, 'updateAvailable', null);
        set(d, 'startupTime', ts);
        if (d.role === 'console') this.setHostFirmware(step, d.hostId, d.body.version, now);
      }
    }
    // Connectivity: devices drop offline and come back.
    for (const d of this.deviceList) {
      if (d.body.status === 'online' && rnd.chance(d.role === 'console' ? 0.005 : 0.02)) {
        set(d, 'status', 'offline');
        set(d, 'startupTime', '');
        if (d.role === 'console') this.setHostState(step, d.hostId, 'disconnected', now);
      } else if (d.body.status === 'offline' && rnd.chance(0.5)) {
        set(d, 'status', 'online');
        set(d, 'startupTime', ts);
        if (d.role === 'console') this.setHostState(step, d.hostId, 'connected', now);
      }
    }
    // Adoption and decommissioning.
    if (rnd.chance(0.15) && this.siteList.length > 0) {
      const d = randomSiteDevice(rnd, this.factory, this.siteList, this.deviceList, ts, ts);
      this.deviceList.push(d);
      this.log.push({ step, entity: 'device', id: d.body.id, kind: 'created' });
      touched.add(d.hostId);
    }
    if (rnd.chance(0.08)) {
      const candidates = this.deviceList.filter((d) => d.role === 'ap' || d.role === 'switch');
      if (candidates.length > 0) {
        const gone = rnd.pick(candidates);
        this.deviceList = this.deviceList.filter((d) => d !== gone);
        this.log.push({ step, entity: 'device', id: gone.body.id, kind: 'removed' });
        touched.add(gone.hostId);
      }
    }
    // Client counts drift on about a third of the sites.
    for (const s of this.siteList) {
      if (rnd.chance(0.3)) {
        s.wifiClients = Math.max(0, s.wifiClients + rnd.int(-8, 8));
        s.wiredClients = Math.max(0, s.wiredClients + rnd.int(-3, 3));
      }
    }
    for (const h of this.hostList) if (touched.has(h.id)) h.updatedAt = ts;
  }

  private host(id: string): SimHost | undefined {
    return this.hostList.find((h) => h.id === id);
  }

  private setHostFirmware(step: number, hostId: string, version: string, now: Date): void {
    const h = this.host(hostId);
    const rs = h?.body.reportedState as { hardware?: { firmwareVersion?: string } } | null | undefined;
    if (!h || !rs?.hardware) return;
    this.log.push({ step, entity: 'host', id: hostId, kind: 'updated', field: 'reportedState.hardware.firmwareVersion', from: rs.hardware.firmwareVersion, to: version });
    rs.hardware.firmwareVersion = version;
    h.body.latestBackupTime = isoSeconds(now);
  }

  private setHostState(step: number, hostId: string, state: string, now: Date): void {
    const h = this.host(hostId);
    const rs = h?.body.reportedState as { state?: string } | null | undefined;
    if (!h || !rs) return;
    this.log.push({ step, entity: 'host', id: hostId, kind: 'updated', field: 'reportedState.state', from: rs.state, to: state });
    rs.state = state;
    h.body.lastConnectionStateChange = now.toISOString();
  }
}

/** Orders dotted versions numerically ("7.1.9" < "7.1.26"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
