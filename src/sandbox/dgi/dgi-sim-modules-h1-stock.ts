import { COLOURS, KELENGKAPAN, PPN_RATE, UNIT_TYPES } from './dgi-sim-catalog.js';
import { engineNumber, frameNumber } from './dgi-sim-people.js';
import { simDate, simYyMm } from './dgi-sim-time.js';
import type { GenContext, SimDoc, SimModule } from './dgi-sim-types.js';
import { DAY_MS } from '../../core/day-ms.js';

/** H1 stock endpoints: units arriving from the main dealer (uinb) and the MD's unit invoices (mdinvh1). */


function unitLines(g: GenContext, poId: string, count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, () => {
    const t = g.r.pick(UNIT_TYPES);
    return { t, colour: g.r.pick(COLOURS), poId };
  }).map(({ t, colour }) => ({
    kodeTipeUnit: t.code,
    kodeWarna: colour,
    kuantitasTerkirim: 1,
    kuantitasDiterima: 1,
    noMesin: engineNumber(g.r, t.engine),
    noRangka: frameNumber(g.r, t.engine),
    statusRFS: '1',
    poId,
    kelengkapanUnit: KELENGKAPAN,
    noGoodsReceipt: `${g.dealer.dealerId}/${simYyMm(g.at).yy}/${simYyMm(g.at).mm}/${String(g.seq).padStart(3, '0')}`,
    docNRFSId: '',
  }));
}

const uinb: SimModule = {
  module: 'uinb',
  idField: 'noShippingList',
  filters: { poId: 'poId', noShippingList: 'noShippingList' },
  create(g) {
    const { yy, mm } = simYyMm(g.at);
    const poId = `PO/${g.dealer.dealerId}/${yy}/${mm}/${String(g.seq).padStart(3, '0')}`;
    const units = unitLines(g, poId, g.r.int(2, 4));
    const nrfs = units[units.length - 1];
    if (nrfs && g.r.chance(0.2)) {
      nrfs.statusRFS = '0';
      nrfs.docNRFSId = `NRFS/${g.dealer.dealerId}/${yy}${mm}/${String(g.seq).padStart(3, '0')}`;
    }
    return {
      fields: {
        noShippingList: `SL/${g.dealer.mainDealerId}/${g.dealer.dealerId}/${yy}/${mm}/${String(g.seq).padStart(3, '0')}`,
        tanggalTerima: simDate(g.at),
        mainDealerId: g.dealer.mainDealerId,
        noInvoice: `IN/${g.dealer.dealerId}/${yy}/${mm}/${String(g.seq).padStart(5, '0')}`,
        statusShippingList: '0',
      },
      arrays: { unit: units },
    };
  },
  modify(g, doc) {
    doc.fields.statusShippingList = '1';
    const nrfs = doc.arrays.unit?.find((u) => u.fields.statusRFS === '0');
    if (nrfs) {
      nrfs.fields.statusRFS = '1';
      g.touch(nrfs);
    }
  },
};

function recomputeMdinvh1(doc: SimDoc): void {
  const lines = doc.arrays.unit ?? [];
  const gross = lines.reduce((s, u) => s + Number(u.fields.hargaSatuanSebelumDiskon) * Number(u.fields.kuantitas), 0);
  const disc = lines.reduce((s, u) => s + Number(u.fields.diskonPerUnit) * Number(u.fields.kuantitas), 0);
  const cut = Number(doc.fields.potonganPerInvoice);
  const ppn = Math.round((gross - disc - cut) * PPN_RATE);
  Object.assign(doc.fields, { totalHargaSebelumDiskon: gross, totalDiskonPerUnit: disc, totalPPN: ppn, totalHarga: gross - disc - cut + ppn });
}

const mdinvh1: SimModule = {
  module: 'mdinvh1',
  idField: 'noInvoice',
  filters: { poId: 'poId' },
  create(g) {
    const { yy, mm } = simYyMm(g.at);
    const poId = `PO/${g.dealer.dealerId}/${yy}/${mm}/${String(g.seq).padStart(3, '0')}`;
    const lines = Array.from({ length: g.r.int(1, 3) }, () => {
      const t = g.r.pick(UNIT_TYPES);
      // Dealer buying price from the MD: on-the-road price less margin and BBN, before PPN.
      const dpp = Math.round((t.price * 0.78) / 1_000) * 1_000;
      return { kodeTipeUnit: t.code, kodeWarna: g.r.pick(COLOURS), kuantitas: g.r.int(1, 5), noMesin: '', noRangka: '', hargaSatuanSebelumDiskon: dpp, diskonPerUnit: g.r.rupiah(0, 300_000, 50_000), poId };
    });
    const doc: SimDoc = {
      id: '',
      createdAt: g.at,
      modifiedAt: g.at,
      fields: {
        noInvoice: `INV/${g.dealer.mainDealerId}/${g.dealer.dealerId}/${yy}/${mm}/${String(g.seq).padStart(5, '0')}`,
        tanggalInvoice: simDate(g.at),
        tanggalJatuhTempo: simDate(g.at + 30 * DAY_MS),
        mainDealerId: g.dealer.mainDealerId,
        totalHargaSebelumDiskon: 0,
        totalDiskonPerUnit: 0,
        potonganPerInvoice: 0,
        totalPPN: 0,
        totalHarga: 0,
      },
      arrays: { unit: lines.map((f) => g.item(f)) },
    };
    recomputeMdinvh1(doc);
    return { fields: doc.fields, arrays: { unit: lines } };
  },
  modify(g, doc) {
    // A program discount credited on the invoice after issue.
    doc.fields.potonganPerInvoice = Number(doc.fields.potonganPerInvoice) + g.r.rupiah(100_000, 500_000, 50_000);
    recomputeMdinvh1(doc);
  },
};

export const SIM_H1_STOCK_MODULES: readonly SimModule[] = [uinb, mdinvh1];
