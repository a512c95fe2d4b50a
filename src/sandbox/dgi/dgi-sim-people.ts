import type { SimRandom } from './dgi-sim-random.js';

const FIRST = [
  'Budi', 'Siti', 'Agus', 'Dewi', 'Rina', 'Joko', 'Ahmad', 'Putri', 'Eko', 'Sri', 'Wahyu', 'Nur', 'Andi', 'Fitri',
  'Rudi', 'Yulia', 'Hendra', 'Ratna', 'Bambang', 'Indah', 'Dedi', 'Lestari', 'Rizky', 'Ayu', 'Fajar', 'Intan',
  'Yusuf', 'Wulan', 'Arif', 'Maya', 'Dimas', 'Novi', 'Teguh', 'Citra', 'Hadi', 'Anisa',
];
const LAST = [
  'Santoso', 'Wijaya', 'Saputra', 'Hidayat', 'Nasution', 'Siregar', 'Lestari', 'Pratama', 'Kusuma', 'Setiawan',
  'Gunawan', 'Hasibuan', 'Simanjuntak', 'Nugroho', 'Rahmawati', 'Purnomo', 'Susanto', 'Permana', 'Halim',
  'Sitompul', 'Wibowo', 'Kurniawan', 'Suryadi', 'Hakim', 'Maulana', 'Firmansyah',
];
const STREETS = [
  'Jl. Merdeka', 'Jl. Jend. Sudirman', 'Jl. Diponegoro', 'Jl. Gatot Subroto', 'Jl. Ahmad Yani', 'Jl. Pahlawan',
  'Jl. Veteran', 'Jl. Imam Bonjol', 'Jl. Kartini', 'Jl. Gajah Mada', 'Jl. Hayam Wuruk', 'Jl. Cendrawasih',
  'Jl. Melati', 'Jl. Anggrek', 'Jl. Kenanga', 'Jl. Raya Kalimalang', 'Jl. Sultan Agung', 'Jl. Pemuda',
];
const OFFICES = ['PT Sinar Abadi', 'CV Maju Jaya', 'PT Karya Mandiri', 'Kantor Kecamatan', 'RSUD', 'PT Cahaya Logistik'];

/** Where a dealer is: region codes (BPS) and the plate prefix of its police region. */
export interface SimRegion {
  readonly city: string;
  readonly kodePropinsi: string;
  readonly kodeKota: string;
  readonly kecamatan: readonly string[];
  readonly kodePosBase: number;
  readonly platePrefix: string;
  /** Rough centre for delivery and prospect coordinates. */
  readonly lat: number;
  readonly lon: number;
}

export interface SimPerson {
  readonly nama: string;
  readonly noKtp: string;
  readonly noKontak: string;
  readonly alamat: string;
  readonly kodePropinsi: string;
  readonly kodeKota: string;
  readonly kodeKecamatan: string;
  readonly kodeKelurahan: string;
  readonly kodePos: string;
  readonly latitude: string;
  readonly longitude: string;
}

export function personName(r: SimRandom): string {
  return `${r.pick(FIRST)} ${r.pick(LAST)}`;
}

export function phone(r: SimRandom): string {
  return `08${r.pick(['11', '12', '13', '21', '22', '52', '56', '57', '77', '78', '81', '95', '96'])}${r.digits(r.int(7, 8))}`;
}

/** The spec writes coordinates with a decimal comma ("111,123121"). */
const coord = (v: number): string => v.toFixed(6).replace('.', ',');

export function person(r: SimRandom, region: SimRegion): SimPerson {
  const kodeKecamatan = r.pick(region.kecamatan);
  const female = r.chance(0.45);
  const birth = `${String(r.int(1, 28) + (female ? 40 : 0)).padStart(2, '0')}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(60, 99)).padStart(2, '0')}`;
  return {
    nama: personName(r),
    noKtp: `${kodeKecamatan}${birth}${r.digits(4)}`,
    noKontak: phone(r),
    alamat: `${r.pick(STREETS)} No. ${r.int(1, 180)} RT ${String(r.int(1, 12)).padStart(3, '0')}, RW ${String(r.int(1, 9)).padStart(3, '0')}`,
    kodePropinsi: region.kodePropinsi,
    kodeKota: region.kodeKota,
    kodeKecamatan,
    kodeKelurahan: `${kodeKecamatan}${String(1000 + r.int(1, 12))}`,
    kodePos: String(region.kodePosBase + r.int(0, 40)),
    latitude: coord(region.lat + (r.next() - 0.5) * 0.1),
    longitude: coord(region.lon + (r.next() - 0.5) * 0.1),
  };
}

export function office(r: SimRandom): string {
  return `${r.pick(OFFICES)}, ${r.pick(STREETS)} No. ${r.int(1, 99)}`;
}

/** An Indonesian plate: region prefix, 1–4 digits, 1–3 letters ("B 1177 AAL"). */
export function plate(r: SimRandom, region: SimRegion): string {
  return `${region.platePrefix} ${r.int(1000, 9999)} ${r.letters(r.int(2, 3))}`;
}

/** A 14-character frame number as the SSU writes it ("JB22136K573823") and a 12-character engine number. */
export function frameNumber(r: SimRandom, engineCode: string): string {
  return `${engineCode}${r.digits(3)}${r.letters(1)}${r.digits(6)}`;
}

export function engineNumber(r: SimRandom, engineCode: string): string {
  return `${engineCode}E${r.digits(7)}`;
}

export function hondaId(r: SimRandom): string {
  return r.digits(6);
}
