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
