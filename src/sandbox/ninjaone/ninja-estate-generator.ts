import { generateMspCustomers } from '../msp/msp-customers.js';
import { SeededRandom } from '../../core/seeded-random.js';
import { CLASS_TAG, NODE_CLASS_MIX, POLICIES, ROLE_IDS, type NodeClass } from './ninja-catalog.js';
import { epochSeconds, type NinjaDevice, type NinjaLocation, type NinjaOrganization } from './ninja-types.js';
import { DAY_MS } from '../../core/day-ms.js';

const STREETS = ['Main St', 'Commerce Dr', 'Oak Ave', 'Industrial Blvd', 'Market St', 'Airport Rd', 'Church St'];

export interface GeneratedEstate {
  readonly organizations: NinjaOrganization[];
  readonly locations: NinjaLocation[];
  readonly devices: NinjaDevice[];
}

function pickClass(rnd: SeededRandom): NodeClass {
  let r = rnd.next();
  for (const [cls, share] of NODE_CLASS_MIX) {
    r -= share;
    if (r < 0) return cls;
  }
  return 'WINDOWS_WORKSTATION';
}

function initials(name: string): string {
  return name.split(/\s+/).map((w) => w[0] ?? '').join('').toUpperCase().slice(0, 4);
}

/**
 * Builds one device of `cls` for `org`. `seq` numbers it within the organization and class (HFD-WS-014). Online
 * agents have checked in within the last five minutes before `nowMs`.
 */
export function buildDevice(
  rnd: SeededRandom, id: number, org: NinjaOrganization, loc: NinjaLocation, cls: NodeClass, seq: number, nowMs: number,
  createdMs: number,
): NinjaDevice {
  const slug = org.name.toLowerCase().replace(/[^a-z0-9]+/g, '');
  const systemName = `${initials(org.name)}-${CLASS_TAG[cls]}-${String(seq).padStart(3, '0')}`;
  const isNms = cls.startsWith('NMS_');
  const policy = POLICIES.find((p) => p.nodeClass === cls)!;
  const mac = Array.from({ length: 6 }, () => rnd.hex(2)).join(':');
  const lastContactMs = nowMs - rnd.int(5, 300_000);
  return {
    id,
    uid: rnd.uuid(),
    organizationId: org.id,
    locationId: loc.id,
    nodeClass: cls,
    nodeRoleId: ROLE_IDS[cls],
    rolePolicyId: policy.id,
    policyId: policy.id,
    approvalStatus: rnd.chance(0.02) ? 'PENDING' : 'APPROVED',
    offline: false,
    displayName: isNms ? `${org.name} ${CLASS_TAG[cls]} ${seq}` : systemName,
    systemName,
    dnsName: `${systemName.toLowerCase()}.${slug}.local`,
    netbiosName: isNms ? '' : systemName.slice(0, 15),
    created: epochSeconds(createdMs),
    lastContact: epochSeconds(lastContactMs),
    lastUpdate: epochSeconds(lastContactMs - rnd.int(0, 60_000)),
    tags: rnd.chance(0.15) ? ['vip'] : [],
    fields: {},
    ipAddresses: [`10.${org.id % 250}.${loc.id % 250}.${rnd.int(10, 250)}`],
    macAddresses: [mac],
    publicIP: `${rnd.int(23, 216)}.${rnd.int(0, 255)}.${rnd.int(0, 255)}.${rnd.int(1, 254)}`,
    notes: rnd.chance(0.05) ? [{ text: 'Warranty ends next quarter' }] : [],
    deviceType: isNms ? 'NMS' : 'AGENT',
  };
}

/** Organizations (one per MSP customer that uses NinjaOne), their locations, and `deviceCount` devices. */
export function generateEstate(seed: number, deviceCount: number, orgCount: number, nowMs: number): GeneratedEstate {
  const rnd = SeededRandom.salted(seed, 4004);
  // The same customer book as the UniFi simulator, so names line up across sources.
  const customers = generateMspCustomers(seed, orgCount);
  const organizations: NinjaOrganization[] = [];
  const locations: NinjaLocation[] = [];
  let locId = 1;
  customers.forEach((c, i) => {
    const org: NinjaOrganization = {
      id: i + 1,
      name: c.name,
      description: `${c.city}, ${c.state}`,
      nodeApprovalMode: rnd.chance(0.8) ? 'AUTOMATIC' : 'MANUAL',
      userData: {},
      tags: rnd.chance(0.3) ? ['managed-plus'] : [],
      fields: {},
    };
    organizations.push(org);
    const n = rnd.chance(0.2) ? 2 : 1;
    for (let k = 0; k < n; k++) {
      locations.push({
        id: locId++,
        organizationId: org.id,
        name: k === 0 ? 'Main Office' : `${c.city} Annex`,
        address: `${rnd.int(100, 9999)} ${rnd.pick(STREETS)}, ${c.city}, ${c.state}`,
        description: '',
      });
    }
  });

  const devices: NinjaDevice[] = [];
  const seqs = new Map<string, number>();
  let id = 100;
  for (let i = 0; i < deviceCount; i++) {
    // Larger customers first: a skewed pick gives a realistic spread (a few orgs with 20+ devices).
    const org = organizations[Math.floor(Math.pow(rnd.next(), 1.6) * organizations.length)]!;
    const orgLocs = locations.filter((l) => l.organizationId === org.id);
    const cls = pickClass(rnd);
    const key = `${org.id}:${cls}`;
    const seq = (seqs.get(key) ?? 0) + 1;
    seqs.set(key, seq);
    id += rnd.int(1, 3);
    const createdMs = nowMs - rnd.int(20, 1500) * DAY_MS - rnd.int(0, (DAY_MS - 1));
    const d = buildDevice(rnd, id, org, rnd.pick(orgLocs), cls, seq, nowMs, createdMs);
    if (rnd.chance(0.03)) {
      d.offline = true;
      d.lastContact = epochSeconds(nowMs - rnd.int(2, 72) * 3_600_000 - rnd.int(0, 999));
    }
    devices.push(d);
  }
  // Network devices are monitored through an agent on a server of the same organization.
  for (const d of devices) {
    if (d.deviceType !== 'NMS') continue;
    const probe = devices.find((x) => x.organizationId === d.organizationId && x.nodeClass === 'WINDOWS_SERVER');
    if (probe) d.parentDeviceId = probe.id;
  }
  return { organizations, locations, devices };
}
