import { COMPLAINTS, JOBS, PARTS, PPN_RATE, UNIT_TYPES, type SimJob, type SimPart } from './dgi-sim-catalog.js';
import { engineNumber, frameNumber, hondaId, person, plate } from './dgi-sim-people.js';
import { simDate, simDateTime, simYyMm } from './dgi-sim-time.js';
import { nextStatus, type GenContext, type SimDoc, type SimModule } from './dgi-sim-types.js';
import { DAY_MS } from '../../core/day-ms.js';

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v) || 0);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function distinct<T>(g: GenContext, list: readonly T[], n: number): T[] {
  const out: T[] = [];
  while (out.length < Math.min(n, list.length)) {
    const x = g.r.pick(list);
    if (!out.includes(x)) out.push(x);
  }
  return out;
}

function serviceLine(g: GenContext, job: SimJob): Record<string, unknown> {
  const disc = g.r.chance(0.2) ? Math.round(job.price * 0.1) : 0;
  return {
    idJob: job.id,
    namaPekerjaan: job.name,
    jenisPekerjaan: job.kind,
    biayaService: job.price,
    promoIdJasa: disc > 0 ? `PJ${g.r.digits(4)}` : '',
    discServiceAmount: disc,
    discServicePercentage: disc > 0 ? '10,0' : '0,0',
    totalHargaServis: job.price - disc,
  };
}

function partLine(g: GenContext, idJob: string, part: SimPart): Record<string, unknown> {
  const qty = g.r.int(1, 2);
  const gross = part.price * qty;
  const disc = g.r.chance(0.15) ? Math.round(gross * 0.05) : 0;
  const dpp = Math.round(part.price / (1 + PPN_RATE));
  return {
    idJob,
    partsNumber: part.number,
    kuantitas: qty,
    hargaParts: dpp,
    promoIdParts: disc > 0 ? `PP${g.r.digits(4)}` : '',
    discPartsAmount: disc,
    discPartsPercentage: disc > 0 ? '5,0' : '0,0',
    ppn: part.price - dpp,
    totalHargaParts: gross - disc,
    uangMuka: 0,
  };
}

function pkbTotal(doc: SimDoc): number {
  const s = (doc.arrays.services ?? []).reduce((t, i) => t + num(i.fields.totalHargaServis), 0);
  const p = (doc.arrays.parts ?? []).reduce((t, i) => t + num(i.fields.totalHargaParts), 0);
  return s + p;
}

const pkb: SimModule = {
  module: 'pkb',
  idField: 'noWorkOrder',
  filters: { noWorkOrder: 'noWorkOrder' },
  create(g) {
    const owner = person(g.r, g.dealer.region);
    const t = g.r.pick(UNIT_TYPES);
    const brought = g.r.chance(0.3);
    const carrier = brought ? person(g.r, g.dealer.region) : owner;
    const jobs = distinct(g, JOBS, g.r.int(1, 2));
    const services = jobs.map((j) => serviceLine(g, j));
    const parts = jobs.flatMap((j) => (j.kind === 'KPB' || g.r.chance(0.3) ? [] : distinct(g, PARTS, g.r.int(1, 2)).map((p) => partLine(g, j.id, p))));
    const total = services.reduce((s, x) => s + num(x.totalHargaServis), 0) + parts.reduce((s, x) => s + num(x.totalHargaParts), 0);
    const complaint = g.r.pick(COMPLAINTS);
    return {
      fields: {
        noWorkOrder: g.docNo('WO'),
        noSAForm: g.docNo('SAF'),
        tanggalServis: simDate(g.at),
        waktuPKB: simDateTime(g.at),
        noPolisi: plate(g.r, g.dealer.region),
        noRangka: frameNumber(g.r, t.engine),
        noMesin: engineNumber(g.r, t.engine),
        kodeTipeUnit: t.code,
        tahunMotor: String(g.r.int(2015, 2026)),
        informasiBensin: String(g.r.int(1, 4)),
        kmTerakhir: g.r.int(500, 60_000),
        tipeComingCustomer: brought ? '2' : '1',
        namaPemilik: owner.nama,
        alamatPemilik: owner.alamat,
        kodePropinsiPemilik: owner.kodePropinsi,
        kodeKotaPemilik: owner.kodeKota,
        kodeKecamatanPemilik: owner.kodeKecamatan,
        kodeKelurahanPemilik: owner.kodeKelurahan,
        kodePosPemilik: owner.kodePos,
        alamatPembawa: carrier.alamat,
        kodePropinsiPembawa: carrier.kodePropinsi,
        kodeKotaPembawa: carrier.kodeKota,
        kodeKecamatanPembawa: carrier.kodeKecamatan,
        kodeKelurahanPembawa: carrier.kodeKelurahan,
        kodePosPembawa: carrier.kodePos,
        namaPembawa: carrier.nama,
        noTelpPembawa: carrier.noKontak,
        hubunganDenganPemilik: brought ? g.r.pick(['1', '2', '3', '5', '6']) : '',
        keluhanKonsumen: complaint,
        rekomendasiSA: complaint === 'servis rutin' ? 'servis berkala' : `periksa: ${complaint}`,
        hondaIdSA: hondaId(g.r),
        hondaIdMekanik: hondaId(g.r),
        saranMekanik: '',
        asalUnitEntry: g.r.pick(['NP', 'NP', 'NP', 'RM', 'SVPS', 'SVHC', 'PEIN']),
        idPIT: String(g.r.int(1, 6)),
        jenisPIT: g.r.pick(['1', '1', '2', '3']),
        waktuPendaftaran: simDateTime(g.at - g.r.int(5, 20) * 60_000),
        waktuSelesai: '',
        totalFRT: `0${g.r.int(0, 2)}:${g.r.pick(['15', '30', '45'])}`,
        setUpPembayaran: g.r.pick(['1', '1', '3', '4', '5']),
        catatanTambahan: '',
        konfirmasiPekerjaanTambahan: g.r.chance(0.2) ? '1' : '0',
        noBukuClaimC2: jobs.some((j) => j.kind === 'Claim') ? `${t.code}${g.r.digits(3)}` : '',
        noWorkOrderJobReturn: '',
        totalBiayaService: total,
        waktuPekerjaan: '',
        statusWorkOrder: '1',
      },
      arrays: { services, parts },
    };
  },
  modify(g, doc) {
    const status = nextStatus(doc.fields.statusWorkOrder, ['1', '2', '4']);
    doc.fields.statusWorkOrder = status;
    if (status === '4') {
      doc.fields.waktuSelesai = simDateTime(g.at);
      doc.fields.waktuPekerjaan = `0${g.r.int(0, 2)}:${g.r.pick(['10', '25', '40', '55'])}`;
      doc.fields.saranMekanik = g.r.pick(['ganti oli 2000 km lagi', 'kampas rem tipis', 'ban belakang aus', 'kondisi baik']);
    }
    const parts = doc.arrays.parts ?? (doc.arrays.parts = []);
    const firstJob = str(doc.arrays.services?.[0]?.fields.idJob);
    if (parts.length > 1 && g.r.chance(0.3)) {
      parts.pop(); // the customer declined a part: the line disappears from the work order
    } else if (firstJob) {
      const used = new Set(parts.map((p) => p.fields.partsNumber));
      const part = PARTS.find((p) => !used.has(p.number) && g.r.chance(0.5)) ?? PARTS.find((p) => !used.has(p.number));
      if (part) parts.push(g.item(partLine(g, firstJob, part)));
    }
    doc.fields.totalBiayaService = pkbTotal(doc);
  },
};

/** An NJB line is the work order's service line priced as invoiced (`hargaServis`, without the job's names). */
function njbLine(s: Record<string, unknown>): Record<string, unknown> {
  return {
    idJob: s.idJob,
    hargaServis: s.biayaService,
    promoIdJasa: s.promoIdJasa,
    discServiceAmount: s.discServiceAmount,
    discServicePercentage: s.discServicePercentage,
    totalHargaServis: s.totalHargaServis,
  };
}

const inv2: SimModule = {
  module: 'inv2',
  idField: 'noWorkOrder',
  filters: { noWorkOrder: 'noWorkOrder' },
  create(g) {
    // One NJB/NSC per work order: invoice the newest work order not invoiced yet.
    const wo = g.unclaimed('pkb', 'noWorkOrder', 'inv2', 'noWorkOrder');
    const services = wo ? (wo.arrays.services ?? []).map((i) => i.fields) : [serviceLine(g, g.r.pick(JOBS))];
    const lines = services.map(njbLine);
    const nsc = (wo?.arrays.parts ?? []).map((p) => ({ ...p.fields }));
    const sum = (xs: Record<string, unknown>[], f: string): number => xs.reduce((s, x) => s + num(x[f]), 0);
    return {
      fields: {
        // Every work order already invoiced: a counter sale's own WO number, in a range PKB numbers never reach.
        noWorkOrder: str(wo?.fields.noWorkOrder) || g.docNo('WO', 5).replace(/\/(\d+)$/, '/9$1'),
        noNJB: g.docNo('NJB', 4),
        tanggalNJB: simDateTime(g.at),
        totalHargaNJB: sum(lines, 'totalHargaServis'),
        noNSC: nsc.length > 0 ? g.docNo('NSC', 4) : '',
        tanggalNSC: nsc.length > 0 ? simDateTime(g.at) : '',
        totalHargaNSC: sum(nsc, 'totalHargaParts'),
        hondaIdSA: str(wo?.fields.hondaIdSA) || hondaId(g.r),
        hondaIdMekanik: str(wo?.fields.hondaIdMekanik) || hondaId(g.r),
      },
      arrays: { njb: lines, nsc },
    };
  },
  modify(g, doc) {
    // A late promo: 10 % off the first service line.
    const line = doc.arrays.njb?.[0];
    if (!line) return;
    const price = num(line.fields.hargaServis);
    line.fields.discServiceAmount = Math.round(price * 0.1);
    line.fields.discServicePercentage = '10,0';
    line.fields.promoIdJasa = `PJ${g.r.digits(4)}`;
    line.fields.totalHargaServis = price - num(line.fields.discServiceAmount);
    g.touch(line);
    doc.fields.totalHargaNJB = (doc.arrays.njb ?? []).reduce((s, i) => s + num(i.fields.totalHargaServis), 0);
  },
};

function hloParts(g: GenContext): Record<string, unknown>[] {
  return distinct(g, PARTS, g.r.int(1, 3)).map((p) => {
    const qty = g.r.int(1, 2);
    const total = p.price * qty;
    const dp = g.r.chance(0.5) ? Math.round(total * 0.3 / 1_000) * 1_000 : 0;
    return { partsNumber: p.number, kuantitas: qty, hargaParts: p.price, totalHargaParts: total, uangMuka: dp, sisaBayar: total - dp };
  });
}

function payMore(g: GenContext, doc: SimDoc): void {
  const line = (doc.arrays.parts ?? []).find((p) => num(p.fields.sisaBayar) > 0);
  if (!line) return;
  const pay = Math.min(num(line.fields.sisaBayar), Math.round(num(line.fields.totalHargaParts) * 0.3 / 1_000) * 1_000 || num(line.fields.sisaBayar));
  line.fields.uangMuka = num(line.fields.uangMuka) + pay;
  line.fields.sisaBayar = num(line.fields.sisaBayar) - pay;
  g.touch(line);
}

const unpaidhlo: SimModule = {
  module: 'unpaidhlo',
  idField: 'idHLODocument',
  filters: { noWorkOrder: 'noWorkOrder', idHLODocument: 'idHLODocument' },
  create(g) {
    const wo = g.related('pkb');
    const c = person(g.r, g.dealer.region);
    const t = g.r.pick(UNIT_TYPES);
    const { yy, mm } = simYyMm(g.at);
    return {
      fields: {
        idHLODocument: `PO/HLO/${g.dealer.dealerId}/${yy}${mm}/${String(g.seq).padStart(4, '0')}`,
        tanggalPemesananHLO: simDate(g.at),
        noWorkOrder: wo?.id ?? '',
        noBukuClaimC2: '',
        noKTP: c.noKtp,
        namaCustomer: str(wo?.fields.namaPemilik) || c.nama,
        alamat: c.alamat,
        kodePropinsi: c.kodePropinsi,
        kodeKota: c.kodeKota,
        kodeKecamatan: c.kodeKecamatan,
        kodeKelurahan: c.kodeKelurahan,
        kodePos: c.kodePos,
        noKontak: c.noKontak,
        kodeTipeUnit: str(wo?.fields.kodeTipeUnit) || t.code,
        tahunMotor: str(wo?.fields.tahunMotor) || String(g.r.int(2015, 2026)),
        noMesin: str(wo?.fields.noMesin) || engineNumber(g.r, t.engine),
        noRangka: str(wo?.fields.noRangka) || frameNumber(g.r, t.engine),
        flagNumbering: '0',
        vehicleOffRoad: g.r.chance(0.2) ? '1' : '0',
        jobReturn: '0',
      },
      arrays: { parts: hloParts(g) },
    };
  },
  modify: payMore,
};

const dphlo: SimModule = {
  module: 'dphlo',
  idField: 'noInvoiceUangJaminan',
  filters: { noWorkOrder: 'noWorkOrder', idHLODocument: 'idHLODocument' },
  create(g) {
    const hlo = g.unclaimed('unpaidhlo', 'idHLODocument', 'dphlo', 'idHLODocument');
    const parts = hlo ? (hlo.arrays.parts ?? []).map((p) => ({ ...p.fields })) : hloParts(g);
    const { yy, mm } = simYyMm(g.at);
    return {
      fields: {
        noInvoiceUangJaminan: g.docNo('UJ', 4),
        idHLODocument: hlo?.id ?? `PO/HLO/${g.dealer.dealerId}/${yy}${mm}/9${String(g.seq).padStart(3, '0')}`,
        tanggalPemesananHLO: str(hlo?.fields.tanggalPemesananHLO) || simDate(g.at),
        noWorkOrder: str(hlo?.fields.noWorkOrder),
        idCustomer: str(hlo?.fields.noKTP) || person(g.r, g.dealer.region).noKtp,
      },
      arrays: { parts },
    };
  },
  modify: payMore,
};

const pinb: SimModule = {
  module: 'pinb',
  idField: 'noPenerimaan',
  filters: { noPO: 'noPO' },
  create(g) {
    const noPO = `${g.dealer.dealerId}${g.r.digits(4)}`;
    return {
      fields: { noPenerimaan: g.docNo('RCV', 4), tglPenerimaan: simDate(g.at), noShippingList: g.docNo('SPL', 4) },
      arrays: {
        po: distinct(g, PARTS, g.r.int(2, 4)).map((p) => ({
          noPO,
          jenisOrder: g.r.pick(['1', '2', '2', '3', '4']),
          idWarehouse: `WH${g.r.int(1, 3)}`,
          partsNumber: p.number,
          kuantitas: g.r.pick([10, 20, 24, 50, 100]),
          uom: 'pcs',
        })),
      },
    };
  },
  modify(g, doc) {
    // Stock count correction after unpacking.
    const line = doc.arrays.po?.[0];
    if (!line) return;
    line.fields.kuantitas = Math.max(1, num(line.fields.kuantitas) - g.r.int(1, 3));
    g.touch(line);
  },
};

const prsl: SimModule = {
  module: 'prsl',
  idField: 'noSO',
  filters: { noPO: 'noSO' },
  create(g) {
    const c = person(g.r, g.dealer.region);
    const hlo = g.r.chance(0.3) ? g.related('unpaidhlo') : undefined;
    const parts = distinct(g, PARTS, g.r.int(1, 3)).map((p) => {
      const qty = g.r.int(1, 3);
      const dpp = Math.round(p.price / (1 + PPN_RATE));
      const disc = g.r.chance(0.2) ? 5_000 : 0;
      return {
        partsNumber: p.number,
        kuantitas: qty,
        hargaParts: dpp,
        promoIdParts: disc > 0 ? `PP${g.r.digits(4)}` : '',
        discAmount: disc,
        discPercentage: '0,0',
        ppn: (p.price - dpp) * qty,
        totalHargaParts: p.price * qty - disc,
        uangMuka: 0,
        bookingIdReference: hlo?.id ?? '',
      };
    });
    const total = parts.reduce((s, p) => s + p.totalHargaParts, 0);
    const discSO = total % 1_000;
    return {
      fields: { noSO: g.docNo('SO', 5), tglSO: simDate(g.at), idCustomer: c.noKtp, namaCustomer: c.nama, discSO, totalHargaSO: total - discSO },
      arrays: { parts },
    };
  },
  modify(g, doc) {
    const parts = doc.arrays.parts ?? [];
    if (parts.length > 1) parts.shift(); // a line returned before payment
    else {
      const line = parts[0];
      if (line) {
        line.fields.kuantitas = num(line.fields.kuantitas) + 1;
        g.touch(line);
      }
    }
    const total = parts.reduce((s, p) => s + num(p.fields.totalHargaParts), 0);
    doc.fields.discSO = total % 1_000;
    doc.fields.totalHargaSO = total - (total % 1_000);
  },
};

const mdinvh3: SimModule = {
  module: 'mdinvh3',
  idField: 'noInvoice',
  filters: { noPO: 'noPO' },
  create(g) {
    const receipt = g.related('pinb');
    const noPO = str(receipt?.arrays.po?.[0]?.fields.noPO) || `${g.dealer.dealerId}${g.r.digits(4)}`;
    const { yy, mm } = simYyMm(g.at);
    const parts = distinct(g, PARTS, g.r.int(2, 4)).map((p) => ({
      noPO,
      jenisOrder: '2',
      partsNumber: p.number,
      kuantitas: g.r.pick([10, 20, 50]),
      uom: 'pcs',
      hargaSatuanSebelumDiskon: Math.round(p.price * 0.7),
      diskonPerPartsNumber: Math.round(p.price * 0.02),
    }));
    const gross = parts.reduce((s, p) => s + p.hargaSatuanSebelumDiskon * p.kuantitas, 0);
    const disc = parts.reduce((s, p) => s + p.diskonPerPartsNumber * p.kuantitas, 0);
    const ppn = Math.round((gross - disc) * PPN_RATE);
    return {
      fields: {
        noInvoice: `INP/${g.dealer.mainDealerId}/${g.dealer.dealerId}/${yy}/${mm}/${String(g.seq).padStart(5, '0')}`,
        tglInvoice: simDate(g.at),
        tglJatuhTempo: simDate(g.at + 30 * DAY_MS),
        mainDealerId: g.dealer.mainDealerId,
        totalHargaSebelumDiskon: gross,
        totalDiskonPerPartsNumber: disc,
        potonganPerInvoice: 0,
        totalPPN: ppn,
        totalHarga: gross - disc + ppn,
      },
      arrays: { parts },
    };
  },
  modify(g, doc) {
    const cut = g.r.rupiah(10_000, 50_000, 5_000);
    doc.fields.potonganPerInvoice = num(doc.fields.potonganPerInvoice) + cut;
    const base = num(doc.fields.totalHargaSebelumDiskon) - num(doc.fields.totalDiskonPerPartsNumber) - num(doc.fields.potonganPerInvoice);
    doc.fields.totalPPN = Math.round(base * PPN_RATE);
    doc.fields.totalHarga = base + num(doc.fields.totalPPN);
  },
};

export const SIM_H23_MODULES: readonly SimModule[] = [pkb, inv2, unpaidhlo, dphlo, pinb, prsl, mdinvh3];
