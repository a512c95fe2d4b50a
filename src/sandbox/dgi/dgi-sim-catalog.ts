/** Honda motorcycles, parts and workshop jobs with 2026 on-the-road prices in rupiah (the simulator's price list). */

export interface SimUnitType {
  /** kodeTipeUnit (Varchar 3 in the spec). */
  readonly code: string;
  readonly name: string;
  /** Four-character engine prefix of frame and engine numbers ("JB22"). */
  readonly engine: string;
  readonly price: number;
}

export const UNIT_TYPES: readonly SimUnitType[] = [
  { code: 'HB1', name: 'BeAT CBS', engine: 'JMH1', price: 18_950_000 },
  { code: 'HB2', name: 'BeAT Street', engine: 'JMH2', price: 19_650_000 },
  { code: 'HG1', name: 'Genio CBS', engine: 'JMG1', price: 19_900_000 },
  { code: 'HS1', name: 'Scoopy Prestige', engine: 'JMS1', price: 23_200_000 },
  { code: 'HV2', name: 'Vario 125 CBS', engine: 'JMV2', price: 24_300_000 },
  { code: 'HV6', name: 'Vario 160 ABS', engine: 'KFV6', price: 30_600_000 },
  { code: 'HP5', name: 'PCX 160 CBS', engine: 'KFP5', price: 33_900_000 },
  { code: 'HA1', name: 'ADV 160 ABS', engine: 'KFA1', price: 39_850_000 },
  { code: 'HC1', name: 'CB150R StreetFire', engine: 'KCC1', price: 31_100_000 },
  { code: 'HR1', name: 'CBR150R', engine: 'KCR1', price: 38_600_000 },
  { code: 'HF1', name: 'CRF150L', engine: 'KDF1', price: 37_200_000 },
  { code: 'HT1', name: 'Supra GTR 150', engine: 'KCT1', price: 25_100_000 },
];

export const COLOURS = ['BK', 'WH', 'RD', 'BL', 'GR', 'SV', 'MB'] as const;

export interface SimPart {
  readonly number: string;
  readonly name: string;
  readonly price: number;
}

export const PARTS: readonly SimPart[] = [
  { number: '08232M99K0LN9', name: 'AHM Oil MPX2 0.8L', price: 52_000 },
  { number: '08234M99K8LN9', name: 'AHM SPX2 1L', price: 71_000 },
  { number: '06455K59A71', name: 'Kampas Rem Depan', price: 58_000 },
  { number: '06430KVB900', name: 'Kampas Rem Belakang', price: 49_000 },
  { number: '17210K1AN00', name: 'Filter Udara', price: 64_000 },
  { number: '31916KRM841', name: 'Busi NGK CPR9EA-9', price: 22_000 },
  { number: '23100K44V01', name: 'V-Belt', price: 117_000 },
  { number: '22535GGC900', name: 'Roller Weight Set', price: 68_000 },
  { number: '44711K59A12', name: 'Ban Depan 80/90-14', price: 255_000 },
  { number: '42711K59A12', name: 'Ban Belakang 90/90-14', price: 315_000 },
  { number: '31500K0JN01', name: 'Aki GTZ5S', price: 285_000 },
  { number: '40530K1AN01', name: 'Rantai Kit', price: 236_000 },
  { number: '19010K2FN00', name: 'Radiator Coolant', price: 27_000 },
  { number: '53166K2SN00', name: 'Handle Rem Kiri', price: 43_000 },
];

export interface SimJob {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly price: number;
}

export const JOBS: readonly SimJob[] = [
  { id: 'ASS1', name: 'Servis Berkala KPB 1', kind: 'KPB', price: 0 },
  { id: 'ASS2', name: 'Servis Berkala KPB 2', kind: 'KPB', price: 0 },
  { id: 'BA082', name: 'Light Repair Perawatan', kind: 'Light Repair', price: 85_000 },
  { id: 'BA113', name: 'Ganti Oli', kind: 'Ganti Oli Plus', price: 15_000 },
  { id: 'BA120', name: 'Servis Lengkap', kind: 'Paket Lengkap', price: 120_000 },
  { id: 'BA140', name: 'Servis CVT', kind: 'Light Repair', price: 65_000 },
  { id: 'BA151', name: 'Ganti Kampas Rem', kind: 'Light Repair', price: 30_000 },
  { id: 'BA166', name: 'Injeksi Cleaning', kind: 'Light Repair', price: 75_000 },
  { id: 'HR210', name: 'Turun Mesin', kind: 'Heavy Repair', price: 450_000 },
  { id: 'CL301', name: 'Claim C2 Garansi', kind: 'Claim', price: 0 },
];

export const COMPLAINTS = [
  'ban bocor', 'rem kurang pakem', 'mesin brebet', 'tarikan berat', 'lampu depan mati', 'oli rembes',
  'starter tidak berfungsi', 'suara kasar di CVT', 'servis rutin', 'aki soak', 'rantai kendor',
];

export const FINANCE_COMPANIES = [
  { id: 'FC/FIF01', code: 'FIF01', name: 'Astra FIF' },
  { id: 'FC/ADR01', code: 'ADR01', name: 'Adira Finance' },
  { id: 'FC/WOM01', code: 'WOM01', name: 'WOM Finance' },
  { id: 'FC/MUF01', code: 'MUF01', name: 'Mandiri Utama Finance' },
  { id: 'FC/BAF01', code: 'BAF01', name: 'Bussan Auto Finance' },
] as const;

export const KELENGKAPAN = 'Helm, Aki, Spion, BPPSG (Buku Pedoman Pemilik dan Servis Garansi), Toolkit';

/** PPN (VAT) in Indonesia since 2022. */
export const PPN_RATE = 0.11;
