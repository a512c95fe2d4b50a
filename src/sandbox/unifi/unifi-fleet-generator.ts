import { generateMspCustomers } from '../msp/msp-customers.js';
import { SeededRandom } from '../../core/seeded-random.js';
import {
  AP_MODELS, bumpPatch, CAMERA_MODELS, CONSOLE_MODELS, GATEWAY_MODELS, ISPS, NVR_MODEL, SWITCH_MODELS, UBIQUITI_OUIS,
  type UnifiModel,
} from './unifi-catalog.js';
import type { SimDevice, SimHost, SimSite, UnifiDeviceBody } from './unifi-fleet-types.js';

export interface FleetScale {
  readonly sites: number;
  readonly devices: number;
}

export interface GeneratedFleet {
  readonly hosts: SimHost[];
  readonly sites: SimSite[];
  readonly devices: SimDevice[];
}

/** Timestamps before the first step are relative to a fixed date, so a seed always yields byte-identical data. */
export const FLEET_EPOCH_MS = Date.parse('2026-11-01T00:00:00Z');

function isoDaysAgo(rnd: SeededRandom, minDays: number, maxDays: number): string {
  const ms = FLEET_EPOCH_MS - rnd.int(minDays * 86_400, maxDays * 86_400) * 1000;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function objectId(rnd: SeededRandom): string {
  return rnd.hex(24).toLowerCase();
}

function consoleHostId(rnd: SeededRandom): string {
  return `${rnd.hex(60)}:${rnd.int(100_000_000, 2_000_000_000)}`;
}

export class DeviceFactory {
  private readonly usedMacs = new Set<string>();
  constructor(private readonly rnd: SeededRandom) {}

  mac(): string {
    for (;;) {
      const mac = `${this.rnd.pick(UBIQUITI_OUIS)}${this.rnd.hex(6)}`;
      if (!this.usedMacs.has(mac)) {
        this.usedMacs.add(mac);
        return mac;
      }
    }
  }

  device(model: UnifiModel, name: string, ip: string, adoptionTime: string, startupTime: string): UnifiDeviceBody {
    const mac = this.mac();
    const rnd = this.rnd;
    return {
      id: mac,
      mac,
      name,
      model: model.model,
      shortname: model.shortname,
      ip,
      productLine: model.productLine,
      status: 'online',
      version: model.firmware,
      firmwareStatus: 'upToDate',
      updateAvailable: null,
      isConsole: model.role === 'console' || model.role === 'nvr',
      isManaged: true,
      startupTime,
      adoptionTime,
      note: rnd.chance(0.05) ? rnd.pick(['Closet rack', 'Replace Q1', 'Loaner unit', 'Ceiling mount, lobby']) : null,
      uidb: {
        guid: rnd.chance(0.5) ? rnd.uuid() : null,
        iconId: rnd.uuid(),
        id: rnd.uuid(),
        images: { default: rnd.hex(32).toLowerCase(), nopadding: rnd.hex(32).toLowerCase(), topology: rnd.hex(32).toLowerCase() },
      },
    };
  }
}

const AP_NAMES = ['Lobby AP', 'Office AP', 'Conference AP', 'Warehouse AP', 'Break Room AP', 'Exam Wing AP', 'Upstairs AP', 'Patio AP'];
const SWITCH_NAMES = ['Core Switch', 'IDF Switch', 'Front Desk Switch', 'Camera Switch', 'Lab Switch'];

/**
 * The initial fleet at step 0: every site has a gateway (a UniFi OS console, or a UXG on a self-hosted Network server
 * that runs several sites), a few UNVRs host Protect cameras without a Network site, and the remaining devices are
 * switches and access points spread over the sites.
 */
export function generateFleet(seed: number, scale: FleetScale): GeneratedFleet {
  const rnd = SeededRandom.salted(seed, 2002);
  const factory = new DeviceFactory(rnd);
  const multiSite = scale.sites >= 20 ? Math.floor(scale.sites * 0.11) : 0;
  const consoleSites = scale.sites - multiSite;
  const ucoreHosts = Math.min(3, Math.floor(scale.sites / 30));
  const camerasPerNvr = 5;
  const minimum = scale.sites + ucoreHosts * (1 + camerasPerNvr);
  if (scale.devices < minimum) throw new Error(`unifi simulator: ${scale.devices} devices cannot cover ${scale.sites} sites (need ≥ ${minimum})`);

  const customers = generateMspCustomers(seed, Math.max(1, Math.ceil(scale.sites * 0.82)));
  const hosts: SimHost[] = [];
  const sites: SimSite[] = [];
  const devices: SimDevice[] = [];

  const siteFor = (hostId: string, siteIndex: number, gatewayMac: string, name: string): SimSite => {
    const customer = customers[siteIndex % customers.length]!;
    const second = siteIndex >= customers.length;
    const desc = second ? `${customer.name} - ${customer.city} Annex` : customer.name;
    return {
      siteId: objectId(rnd),
      hostId,
      meta: { desc, gatewayMac: gatewayMac.toLowerCase().match(/../g)!.join(':'), name, timezone: customer.timezone },
      permission: 'admin',
      isOwner: true,
      isp: rnd.pick(ISPS),
      gatewayHardwareId: rnd.uuid(),
      customerName: customer.name,
      wifiClients: rnd.int(0, 60),
      wiredClients: rnd.int(1, 40),
      guestClients: rnd.int(0, 8),
      wanUptime: 100,
    };
  };

  // Console hosts: one UniFi OS console per site.
  for (let i = 0; i < consoleSites; i++) {
    const model = rnd.pick(CONSOLE_MODELS);
    const id = consoleHostId(rnd);
    const lan = `192.168.${rnd.int(1, 99)}`;
    const adopted = isoDaysAgo(rnd, 30, 900);
    const gw = factory.device(model, 'UniFi Console', `${lan}.1`, adopted, isoDaysAgo(rnd, 1, 29));
    const site = siteFor(id, i, gw.mac, 'default');
    const hostname = `${customers[i % customers.length]!.slug}-${model.shortname.toLowerCase()}`;
    devices.push({ body: gw, role: 'console', hostId: id, siteId: site.siteId });
    sites.push(site);
    hosts.push({
      id,
      type: 'console',
      name: hostname,
      updatedAt: gw.startupTime,
      body: {
        id,
        hardwareId: rnd.uuid(),
        type: 'console',
        ipAddress: `${rnd.int(23, 216)}.${rnd.int(0, 255)}.${rnd.int(0, 255)}.${rnd.int(1, 254)}`,
        owner: true,
        isBlocked: false,
        lastConnectionStateChange: isoDaysAgo(rnd, 1, 29).replace('Z', '.000Z'),
        registrationTime: adopted,
        latestBackupTime: isoDaysAgo(rnd, 0, 2),
        userData: { apps: ['users'], email: 'noc@obera.example', fullName: 'NOC Automation', role: 'owner', status: 'ACTIVE' },
        reportedState: {
          hostname,
          name: site.meta.desc,
          state: 'connected',
          version: `4.${rnd.int(0, 3)}.${rnd.int(1, 90)}`,
          hardware: { shortname: model.shortname, name: model.model, firmwareVersion: gw.version, mac: gw.mac },
          timezone: site.meta.timezone,
        },
      },
    });
  }

  // Self-hosted Network servers, each running several sites behind UXG gateways.
  const serverCount = multiSite === 0 ? 0 : 2;
  for (let s = 0; s < serverCount; s++) {
    const id = rnd.uuid();
    const hardwareId = rnd.uuid();
    const ip = `10.${rnd.int(0, 50)}.${rnd.int(0, 255)}.${rnd.int(2, 250)}`;
    const hostname = `unifi${s + 1}.obera.example`;
    const count = s === 0 ? Math.ceil(multiSite / 2) : Math.floor(multiSite / 2);
    hosts.push({
      id,
      type: 'network-server',
      name: hostname,
      updatedAt: isoDaysAgo(rnd, 0, 3),
      body: {
        id,
        hardwareId,
        type: 'network-server',
        ipAddress: ip,
        owner: true,
        isBlocked: false,
        registrationTime: isoDaysAgo(rnd, 400, 1200).replace('Z', '.000Z'),
        lastConnectionStateChange: isoDaysAgo(rnd, 5, 60).replace('Z', '.000Z'),
        userData: null,
        reportedState: {
          controller_uuid: hardwareId, deviceId: id, hardware_id: hardwareId, host_type: 0, hostname,
          inform_port: 8080, ipAddrs: [ip], mgmt_port: 8443, name: `Self-Hosted ${s + 1}`, override_inform_host: false,
          release_channel: 'release', state: 'connected', version: '9.0.114',
        },
      },
    });
    for (let k = 0; k < count; k++) {
      const siteIndex = sites.length;
      const lan = `10.${10 + s}.${k + 1}`;
      const gw = factory.device(rnd.pick(GATEWAY_MODELS), 'Gateway', `${lan}.1`, isoDaysAgo(rnd, 30, 900), isoDaysAgo(rnd, 1, 29));
      const site = siteFor(id, siteIndex, gw.mac, rnd.hex(8).toLowerCase());
      devices.push({ body: gw, role: 'gateway', hostId: id, siteId: site.siteId });
      sites.push(site);
    }
  }

  // UNVRs: Protect consoles with cameras, no Network site.
  for (let u = 0; u < ucoreHosts; u++) {
    const id = consoleHostId(rnd);
    const customer = customers[u % customers.length]!;
    const lan = `172.16.${u + 1}`;
    const nvr = factory.device(NVR_MODEL, `${customer.name} NVR`, `${lan}.2`, isoDaysAgo(rnd, 60, 700), isoDaysAgo(rnd, 1, 20));
    devices.push({ body: nvr, role: 'nvr', hostId: id, siteId: undefined });
    for (let c = 0; c < camerasPerNvr; c++) {
      const cam = factory.device(rnd.pick(CAMERA_MODELS), `Camera ${c + 1}`, `${lan}.${20 + c}`, isoDaysAgo(rnd, 30, 600), isoDaysAgo(rnd, 1, 20));
      devices.push({ body: cam, role: 'camera', hostId: id, siteId: undefined });
    }
    hosts.push({
      id,
      type: 'ucore',
      name: `${customer.slug}-unvr`,
      updatedAt: nvr.startupTime,
      body: {
        id, hardwareId: rnd.uuid(), type: 'ucore',
        ipAddress: `${rnd.int(23, 216)}.${rnd.int(0, 255)}.${rnd.int(0, 255)}.${rnd.int(1, 254)}`,
        owner: true, isBlocked: false,
        lastConnectionStateChange: isoDaysAgo(rnd, 1, 40).replace('Z', '.000Z'),
        userData: {
          apps: ['users'],
          consoleGroupMembers: [{
            mac: nvr.mac, role: 'PRIMARY', sysId: 59925,
            roleAttributes: {
              applications: { network: { owned: false, required: true, supported: true }, protect: { owned: true, required: true, supported: true } },
              candidateRoles: ['PRIMARY'], connectedState: 'CONNECTED', connectedStateLastChanged: isoDaysAgo(rnd, 1, 40),
            },
          }],
          controllers: ['protect'], email: 'noc@obera.example', fullName: 'NOC Automation', localId: rnd.uuid(), role: 'owner', status: 'ACTIVE',
        },
        reportedState: null,
      },
    });
  }

  // The rest: switches and access points on random sites.
  const extra = scale.devices - devices.length;
  for (let i = 0; i < extra; i++) devices.push(randomSiteDevice(rnd, factory, sites, devices, isoDaysAgo(rnd, 10, 800), isoDaysAgo(rnd, 1, 29)));

  // Initial variety: a few devices offline, some with an update pending.
  for (const d of devices) {
    if (d.role !== 'console' && rnd.chance(0.04)) {
      d.body.status = 'offline';
      d.body.startupTime = '';
    }
    if (rnd.chance(0.08)) {
      d.body.firmwareStatus = 'updateAvailable';
      d.body.updateAvailable = bumpPatch(d.body.version);
    }
  }
  hosts.sort((a, b) => a.id.localeCompare(b.id));
  return { hosts, sites, devices };
}

/** A switch or access point adopted on a random site (also used when the clock adds devices). */
export function randomSiteDevice(
  rnd: SeededRandom, factory: DeviceFactory, sites: readonly SimSite[], existing: readonly SimDevice[],
  adoptionTime: string, startupTime: string,
): SimDevice {
  const site = rnd.pick(sites);
  const isAp = rnd.chance(0.6);
  const model = isAp ? rnd.pick(AP_MODELS) : rnd.pick(SWITCH_MODELS);
  const onSite = existing.filter((d) => d.siteId === site.siteId).length;
  const gatewayIp = existing.find((d) => d.siteId === site.siteId && (d.role === 'console' || d.role === 'gateway'))?.body.ip ?? '192.168.1.1';
  const lan = gatewayIp.slice(0, gatewayIp.lastIndexOf('.'));
  const name = isAp ? rnd.pick(AP_NAMES) : rnd.pick(SWITCH_NAMES);
  const body = factory.device(model, onSite > 3 ? `${name} ${onSite}` : name, `${lan}.${10 + (onSite % 240)}`, adoptionTime, startupTime);
  return { body, role: isAp ? 'ap' : 'switch', hostId: site.hostId, siteId: site.siteId };
}
