import { SimRandom } from './dgi-sim-random.js';
import type { SimRegion } from './dgi-sim-people.js';

export interface SimDealer {
  /** ODA dealer code. */
  readonly dealerId: string;
  readonly name: string;
  readonly mainDealerId: string;
  /** Dealers of one group share an API key (spec "Standardisasi API Key"). */
  readonly group: string;
  readonly region: SimRegion;
}

export interface SimCredential {
  readonly group: string;
  readonly apiKey: string;
  readonly secretKey: string;
}

const BEKASI: SimRegion = {
  city: 'Bekasi',
  kodePropinsi: '32',
  kodeKota: '3275',
  kecamatan: ['327501', '327502', '327503', '327504', '327505'],
  kodePosBase: 17111,
  platePrefix: 'B',
  lat: -6.2383,
  lon: 106.9756,
};
const BANDUNG: SimRegion = {
  city: 'Bandung',
  kodePropinsi: '32',
  kodeKota: '3273',
  kecamatan: ['327301', '327302', '327303', '327304'],
  kodePosBase: 40111,
  platePrefix: 'D',
  lat: -6.9175,
  lon: 107.6191,
};
const SURABAYA: SimRegion = {
  city: 'Surabaya',
  kodePropinsi: '35',
  kodeKota: '3578',
  kecamatan: ['357801', '357802', '357803', '357804'],
  kodePosBase: 60111,
  platePrefix: 'L',
  lat: -7.2575,
  lon: 112.7521,
};

export const SIM_DEALERS: readonly SimDealer[] = [
  { dealerId: '12284', name: 'Sinar Jaya Motor Bekasi', mainDealerId: 'B10', group: 'GRP-SJM', region: BEKASI },
  { dealerId: '08138', name: 'Sinar Jaya Motor Bandung', mainDealerId: 'D01', group: 'GRP-SJM', region: BANDUNG },
  { dealerId: '29437', name: 'Surya Abadi Motor Surabaya', mainDealerId: 'L02', group: 'GRP-SAM', region: SURABAYA },
];

/** Sandbox credentials only (the spec's own example format, `dgi-key-…` / `dgi-secret-…`). */
export const SIM_CREDENTIALS: readonly SimCredential[] = [
  { group: 'GRP-SJM', apiKey: 'dgi-key-sandbox:sjm7c2f9q4', secretKey: 'dgi-secret-sandbox:Jx8vTq2LmA' },
  { group: 'GRP-SAM', apiKey: 'dgi-key-sandbox:sam3k8d1w6', secretKey: 'dgi-secret-sandbox:Pw5nRb7YcE' },
];

/** The simulated dealers and the keys their groups share. */
export interface SimDealerSet {
  readonly dealers: readonly SimDealer[];
  readonly credentials: readonly SimCredential[];
}

const REGIONS = [BEKASI, BANDUNG, SURABAYA];
const MAIN_DEALER: Readonly<Record<string, string>> = { Bekasi: 'B10', Bandung: 'D01', Surabaya: 'L02' };
const NAMES = ['Sinar', 'Surya', 'Maju', 'Karya', 'Cahaya', 'Mitra', 'Jaya', 'Abadi', 'Sentosa', 'Mandiri', 'Sejahtera', 'Prima'];
const HEX = '0123456789abcdef';

/**
 * `count` dealers (the three fixed ones first), deterministic from `seed` (core/seeded-random.ts through SimRandom):
 * distinct 5-digit ODA codes, a region each, and groups of `dealersPerKey` dealers sharing one API key, as an MD
 * hands one key to a dealer group. Sandbox values only.
 */
export function generateSimDealers(count: number, seed: number, dealersPerKey = 10): SimDealerSet {
  if (!Number.isInteger(count) || count < 1 || count > 90_000) throw new Error(`dealers: ${count} is not a whole number from 1 to 90000`);
  if (!Number.isInteger(dealersPerKey) || dealersPerKey < 1) throw new Error(`dealers per key: ${dealersPerKey} is not a whole number from 1`);
  const dealers = [...SIM_DEALERS.slice(0, count)];
  const credentials = [...SIM_CREDENTIALS];
  const r = new SimRandom(seed, 'dealers');
  const used = new Set(dealers.map((d) => d.dealerId));
  const token = (n: number) => Array.from({ length: n }, () => HEX[r.int(0, 15)]).join('');
  for (let i = dealers.length; i < count; i++) {
    let id: string;
    do id = String(r.int(10_000, 99_999)); while (used.has(id));
    used.add(id);
    const region = r.pick(REGIONS);
    const group = `GRP-${String(Math.floor((i - SIM_DEALERS.length) / dealersPerKey) + 1).padStart(4, '0')}`;
    if (!credentials.some((c) => c.group === group)) {
      credentials.push({ group, apiKey: `dgi-key-sandbox:${token(10)}`, secretKey: `dgi-secret-sandbox:${token(10)}` });
    }
    dealers.push({ dealerId: id, name: `${r.pick(NAMES)} ${r.pick(NAMES)} Motor ${region.city}`, mainDealerId: MAIN_DEALER[region.city] ?? 'B10', group, region });
  }
  return { dealers, credentials: credentials.filter((c) => dealers.some((d) => d.group === c.group)) };
}
