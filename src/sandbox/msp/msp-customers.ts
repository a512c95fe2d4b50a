import { SeededRandom } from '../../core/seeded-random.js';

/**
 * The MSP's customer book, shared by the UniFi Site Manager and NinjaOne simulators so that a site in one and an
 * organization in the other name the same company (the msp-dashboards pack resolves them into one entity).
 */
export interface MspCustomer {
  readonly index: number;
  readonly name: string;
  readonly city: string;
  readonly state: string;
  readonly timezone: string;
  /** Short lower-case slug used in host names and e-mail domains. */
  readonly slug: string;
}

const FIRST = [
  'Harbor', 'Blue Ridge', 'Cedar', 'Summit', 'Lakeside', 'Pioneer', 'Riverbend', 'Granite', 'Oakwood', 'Magnolia',
  'Prairie', 'Coastal', 'Ironwood', 'Silver Creek', 'Maple', 'Northstar', 'Red Rock', 'Evergreen', 'Bayview',
  'Cypress', 'Heritage', 'Keystone', 'Liberty', 'Sandhill', 'Willow', 'Frontier', 'Highland', 'Meridian', 'Stonegate',
  'Clearwater',
];
const SECOND = [
  'Family Dental', 'Logistics', 'Pediatrics', 'Law Group', 'Veterinary Clinic', 'Credit Union', 'Realty',
  'Insurance Agency', 'Construction', 'Orthodontics', 'Accounting', 'Manufacturing', 'Eye Care', 'Auto Group',
  'Physical Therapy', 'Title Company', 'Church', 'Brewing Co', 'Storage', 'Engineering',
];
const PLACES: readonly (readonly [string, string, string])[] = [
  ['Mobile', 'AL', 'America/Chicago'], ['Birmingham', 'AL', 'America/Chicago'], ['Pensacola', 'FL', 'America/Chicago'],
  ['Tampa', 'FL', 'America/New_York'], ['Atlanta', 'GA', 'America/New_York'], ['Savannah', 'GA', 'America/New_York'],
  ['Jackson', 'MS', 'America/Chicago'], ['Nashville', 'TN', 'America/Chicago'], ['Knoxville', 'TN', 'America/New_York'],
  ['New Orleans', 'LA', 'America/Chicago'], ['Dallas', 'TX', 'America/Chicago'], ['Denver', 'CO', 'America/Denver'],
  ['Phoenix', 'AZ', 'America/Phoenix'], ['Charlotte', 'NC', 'America/New_York'], ['Columbia', 'SC', 'America/New_York'],
];

/** `count` distinct customers, the same for the same seed. */
export function generateMspCustomers(seed: number, count: number): MspCustomer[] {
  const rnd = SeededRandom.salted(seed, 1001);
  const used = new Set<string>();
  const out: MspCustomer[] = [];
  const capacity = FIRST.length * SECOND.length;
  while (out.length < count) {
    let name = `${rnd.pick(FIRST)} ${rnd.pick(SECOND)}`;
    // Past the list's capacity, numbered names keep every customer distinct.
    if (used.size >= capacity) name = `${name} ${out.length + 1}`;
    if (used.has(name)) continue;
    used.add(name);
    const [city, state, timezone] = rnd.pick(PLACES);
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    out.push({ index: out.length, name, city, state, timezone, slug });
  }
  return out;
}
