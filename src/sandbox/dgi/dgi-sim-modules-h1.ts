import { COLOURS, FINANCE_COMPANIES, PPN_RATE, UNIT_TYPES } from './dgi-sim-catalog.js';
import { SIM_H1_STOCK_MODULES } from './dgi-sim-modules-h1-stock.js';
import { engineNumber, frameNumber, hondaId, office, person, personName, plate } from './dgi-sim-people.js';
import { simClock, simDate, simYyMm } from './dgi-sim-time.js';
import { nextStatus, type GenContext, type SimDoc, type SimModule } from './dgi-sim-types.js';
import { DAY_MS } from '../../core/day-ms.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function salesProgram(g: GenContext): string {
  const { yy, mm } = simYyMm(g.at);
  return `PRM/${g.dealer.mainDealerId}/${yy}/${mm}/${String(g.r.int(1, 40)).padStart(4, '0')}`;
}

const prospect: SimModule = {
  module: 'prsp',
  idField: 'idProspect',
  filters: { idProspect: 'idProspect', idSalesPeople: 'idSalesPeople' },
  create(g) {
    const p = person(g.r, g.dealer.region);
    const source = g.r.pick(['0001', '0002', '0004', '0004', '0005', '0007', '0008', '0011']);
    const { yy, mm } = simYyMm(g.at);
    const works = g.r.chance(0.5);
    const units = Array.from({ length: g.r.int(1, 2) }, () => ({
      kodeTipeUnit: g.r.pick(UNIT_TYPES).code,
      salesProgramId: g.r.chance(0.6) ? salesProgram(g) : '',
    }));
    return {
      fields: {
        idProspect: `${g.dealer.mainDealerId}/${g.dealer.dealerId}/${yy}/${mm}/PSP/${source}/${String(g.seq).padStart(5, '0')}`,
        sumberProspect: source,
        tanggalProspect: simDate(g.at),
        taggingProspect: g.r.chance(0.3) ? 'Yes' : 'No',
        namaLengkap: p.nama,
        noKontak: p.noKontak,
        noKtp: p.noKtp,
        alamat: p.alamat,
        kodePropinsi: p.kodePropinsi,
        kodeKota: p.kodeKota,
        kodeKecamatan: p.kodeKecamatan,
        kodeKelurahan: p.kodeKelurahan,
        kodePos: p.kodePos,
        latitude: p.latitude,
        longitude: p.longitude,
        alamatKantor: works ? office(g.r) : '',
        kodePropinsiKantor: works ? p.kodePropinsi : '',
        kodeKotaKantor: works ? p.kodeKota : '',
        kodeKecamatanKantor: works ? p.kodeKecamatan : '',
        kodeKelurahanKantor: works ? p.kodeKelurahan : '',
        kodePosKantor: works ? p.kodePos : '',
        kodePekerjaan: String(g.r.int(1, 9)),
        noKontakKantor: works ? `021${g.r.digits(7)}` : '',
        tanggalAppointment: simDate(g.at + g.r.int(1, 7) * DAY_MS),
        waktuAppointment: `${String(g.r.int(9, 17)).padStart(2, '0')}:${g.r.pick(['00', '30'])}`,
        metodeFollowUp: String(g.r.int(1, 4)),
        testRidePreference: g.r.chance(0.4) ? '1' : '0',
        statusFollowUpProspecting: '1',
        statusProspect: String(g.r.int(1, 3)),
        idSalesPeople: hondaId(g.r),
        idEvent: source === '0001' || source === '0002' ? `EV/E/${g.dealer.mainDealerId}/${g.dealer.dealerId}/${yy}/${mm}/${String(g.r.int(1, 30)).padStart(3, '0')}` : '',
      },
      arrays: { unit: units },
    };
  },
  modify(g, doc) {
    doc.fields.statusFollowUpProspecting = '2';
    doc.fields.statusProspect = nextStatus(doc.fields.statusProspect, ['1', '2', '3', g.r.chance(0.7) ? '4' : '5']);
    // Interest in another model is recorded as one more unit line.
    if (g.r.chance(0.4)) doc.arrays.unit?.push(g.item({ kodeTipeUnit: g.r.pick(UNIT_TYPES).code, salesProgramId: salesProgram(g) }));
  },
};

const spk: SimModule = {
  module: 'spk',
  idField: 'idSpk',
  filters: { idProspect: 'idProspect', idSalesPeople: 'idSalesPeople' },
  create(g) {
    const from = g.related('prsp');
    const p = person(g.r, g.dealer.region);
    const name = str(from?.fields.namaLengkap) || p.nama;
    const ktp = str(from?.fields.noKtp) || p.noKtp;
    const credit = g.r.chance(0.7);
    const units = Array.from({ length: g.r.chance(0.15) ? 2 : 1 }, () => {
      const t = g.r.pick(UNIT_TYPES);
      const diskon = g.r.rupiah(0, 1_500_000, 50_000);
      return {
        kodeTipeUnit: t.code,
        kodeWarna: g.r.pick(COLOURS),
        quantity: 1,
        hargaJual: t.price,
        diskon,
        amountPPN: Math.round(((t.price - diskon) / (1 + PPN_RATE)) * PPN_RATE),
        fakturPajak: `010.${g.r.digits(3)}-${simYyMm(g.at).yy}.${g.r.digits(8)}`,
        tipePembayaran: credit ? '2' : '1',
        jumlahTandaJadi: g.r.rupiah(500_000, 2_000_000, 100_000),
        tanggalPengiriman: simDate(g.at + g.r.int(2, 10) * DAY_MS),
        idSalesProgram: g.r.chance(0.5) ? salesProgram(g) : '',
        idApparel: g.r.chance(0.3) ? '86100H04 FA00INBO' : '',
      };
    });
    const family = Array.from({ length: g.r.int(1, 3) }, () => ({ anggotaKK: personName(g.r) }));
    return {
      fields: {
        idSpk: g.docNo('SPK'),
        idProspect: from?.id ?? '',
        namaCustomer: name,
        noKtp: ktp,
        alamat: p.alamat,
        kodePropinsi: p.kodePropinsi,
        kodeKota: p.kodeKota,
        kodeKecamatan: p.kodeKecamatan,
        kodeKelurahan: p.kodeKelurahan,
        kodePos: p.kodePos,
        noKontak: str(from?.fields.noKontak) || p.noKontak,
        namaBPKB: name,
        noKTPBPKB: ktp,
        alamatBPKB: p.alamat,
        kodePropinsiBPKB: p.kodePropinsi,
        kodeKotaBPKB: p.kodeKota,
        kodeKecamatanBPKB: p.kodeKecamatan,
        kodeKelurahanBPKB: p.kodeKelurahan,
        kodePosBPKB: p.kodePos,
        latitude: p.latitude,
        longitude: p.longitude,
        NPWP: g.r.chance(0.3) ? `${g.r.digits(2)}.${g.r.digits(3)}.${g.r.digits(3)}.${g.r.digits(1)}-${g.r.digits(3)}.${g.r.digits(3)}` : '',
        noKK: `${p.kodeKecamatan}${g.r.digits(10)}`,
        alamatKK: p.alamat,
        kodePropinsiKK: p.kodePropinsi,
        kodeKotaKK: p.kodeKota,
        kodeKecamatanKK: p.kodeKecamatan,
        kodeKelurahanKK: p.kodeKelurahan,
        kodePosKK: p.kodePos,
        fax: '',
        email: g.r.chance(0.6) ? `${name.toLowerCase().replace(/[^a-z]+/g, '.')}${g.r.int(1, 99)}@gmail.com` : '',
        idSalesPeople: str(from?.fields.idSalesPeople) || hondaId(g.r),
        idEvent: '',
        tanggalPesanan: simDate(g.at),
        statusSPK: '1',
      },
      arrays: { unit: units, dataAnggotaKeluarga: family },
    };
  },
  modify(g, doc) {
    doc.fields.statusSPK = g.r.chance(0.1) ? '4' : nextStatus(doc.fields.statusSPK, ['1', '2', '3']);
    const unit = doc.arrays.unit?.[0];
    if (unit) {
      unit.fields.tanggalPengiriman = simDate(g.at + g.r.int(1, 5) * DAY_MS);
      g.touch(unit);
    }
  },
};

const bast: SimModule = {
  module: 'bast',
  idField: 'deliveryDocumentId',
  filters: { deliveryDocumentId: 'deliveryDocumentId', idSPK: 'idSPK', idCustomer: 'idCustomer' },
  create(g) {
    const sale = g.related('spk');
    const { yy, mm } = simYyMm(g.at);
    const details = Array.from({ length: g.r.chance(0.2) ? 2 : 1 }, (_, i) => {
      const t = g.r.pick(UNIT_TYPES);
      const p = person(g.r, g.dealer.region);
      return {
        noSO: `SO/${g.dealer.dealerId}/${yy}/${mm}/${String(g.seq * 3 + i).padStart(5, '0')}`,
        idSPK: sale?.id ?? g.docNo('SPK'),
        noMesin: engineNumber(g.r, t.engine),
        noRangka: frameNumber(g.r, t.engine),
        idCustomer: `${g.dealer.dealerId}/${yy}/${mm}/CUS/${String(g.seq).padStart(5, '0')}`,
        waktuPengiriman: `${String(g.r.int(9, 16)).padStart(2, '0')}.00`,
        checklistKelengkapan: 'Manual Book,Helm,Kartu Service,Toolkit',
        lokasiPengiriman: p.alamat,
        latitude: p.latitude,
        longitude: p.longitude,
        namaPenerima: str(sale?.fields.namaCustomer) || p.nama,
        noKontakPenerima: str(sale?.fields.noKontak) || p.noKontak,
      };
    });
    const d = new Date(g.at + 7 * 3_600_000);
    const ddmmyy = `${String(d.getUTCDate()).padStart(2, '0')}${mm}${yy}`;
    return {
      fields: {
        deliveryDocumentId: `DO/${g.dealer.dealerId}/${ddmmyy}/${1000 + g.seq}`,
        tanggalPengiriman: simDate(g.at),
        idDriver: hondaId(g.r),
        statusDeliveryDocument: '1',
      },
      arrays: { detail: details },
    };
  },
  modify(g, doc) {
    doc.fields.statusDeliveryDocument = nextStatus(doc.fields.statusDeliveryDocument, ['1', '2', '4']);
    const line = doc.arrays.detail?.[0];
    if (line) {
      line.fields.waktuPengiriman = simClock(g.at).replace(':', '.');
      g.touch(line);
    }
  },
};

const inv1: SimModule = {
  module: 'inv1',
  idField: 'idInvoice',
  filters: { idSPK: 'idSPK', idCustomer: 'idCustomer' },
  create(g) {
    const sale = g.related('spk');
    const { yy, mm } = simYyMm(g.at);
    const kind = g.r.pick(['TJ', 'DP', 'PL']);
    return {
      fields: {
        idInvoice: `${kind}/${g.dealer.dealerId}/${yy}/${mm}/${String(g.seq).padStart(5, '0')}`,
        idSPK: sale?.id ?? g.docNo('SPK'),
        idCustomer: `${g.dealer.dealerId}/${yy}/${mm}/CUS/${String(g.seq).padStart(5, '0')}`,
        amount: kind === 'TJ' ? g.r.rupiah(500_000, 2_000_000, 100_000) : kind === 'DP' ? g.r.rupiah(2_000_000, 6_000_000, 250_000) : g.r.pick(UNIT_TYPES).price,
        tipePembayaran: kind === 'PL' ? '2' : '1',
        caraBayar: g.r.chance(0.5) ? '1' : '2',
        status: '1',
        note: kind === 'PL' ? 'pembayaran penuh oleh konsumen' : kind === 'DP' ? 'pembayaran uang muka' : 'tanda jadi',
      },
    };
  },
  modify(_g, doc) {
    doc.fields.status = nextStatus(doc.fields.status, ['1', '2', '3', '4']);
  },
};

const leasing: SimModule = {
  module: 'lsng',
  idField: 'idDokumenPengajuan',
  filters: { idSPK: 'idSPK' },
  create(g) {
    const sale = g.related('spk');
    const fc = g.r.pick(FINANCE_COMPANIES);
    const { yy, mm } = simYyMm(g.at);
    const price = g.r.pick(UNIT_TYPES).price;
    const dp = g.r.rupiah(price * 0.1, price * 0.3, 100_000);
    const tenor = g.r.pick([11, 17, 23, 29, 35]);
    return {
      fields: {
        idDokumenPengajuan: `${fc.code}/${g.dealer.dealerId}/${yy}/${mm}/${String(g.seq).padStart(5, '0')}`,
        idSPK: sale?.id ?? g.docNo('SPK'),
        jumlahDP: dp,
        tenor,
        jumlahCicilan: Math.round(((price - dp) * 1.32) / tenor / 1_000) * 1_000,
        tanggalPengajuan: simDate(g.at),
        idFinanceCompany: fc.id,
        namaFinanceCompany: fc.name,
        idPOFinanceCompany: `PO/${fc.id}/${yy}/${mm}/${String(g.seq).padStart(4, '0')}`,
        tanggalPembuatanPO: simDate(g.at),
        tanggalPengirimanPOFinanceCompany: '',
      },
    };
  },
  modify(g, doc) {
    doc.fields.tanggalPengirimanPOFinanceCompany = simDate(g.at);
  },
};

const doch: SimModule = {
  module: 'doch',
  idField: 'idSO',
  filters: { idSPK: 'idSPK' },
  create(g) {
    const sale = g.related('spk');
    const { yy, mm } = simYyMm(g.at);
    const t = g.r.pick(UNIT_TYPES);
    return {
      fields: { idSO: `SO/${g.dealer.dealerId}/${yy}/${mm}/${String(g.seq).padStart(5, '0')}`, idSPK: sale?.id ?? g.docNo('SPK') },
      arrays: {
        unit: [
          {
            nomorRangka: frameNumber(g.r, t.engine),
            nomorFakturSTNK: `FH/${g.r.letters(2)}/${g.r.digits(7)}/${g.r.letters(1)}`,
            tanggalPengajuanSTNKKeBiro: simDate(g.at),
            statusFakturSTNK: '2',
            nomorSTNK: '',
            tanggalPenerimaanSTNKDariBiro: '',
            platNomor: '',
            nomorBPKB: '',
            tanggalPenerimaanBPKBDariBiro: '',
            tanggalTerimaSTNKOlehKonsumen: '',
            tanggalTerimaBPKBOlehKonsumen: '',
            namaPenerimaBPKB: '',
            namaPenerimaSTNK: '',
            jenisIdPenerimaBPKB: '',
            jenisIdPenerimaSTNK: '',
            noIdPenerimaBPKB: '',
            noIdPenerimaSTNK: '',
          },
        ],
      },
    };
  },
  modify(g, doc: SimDoc) {
    const unit = doc.arrays.unit?.[0];
    if (!unit) return;
    const f = unit.fields;
    f.statusFakturSTNK = nextStatus(f.statusFakturSTNK, ['1', '2', '3', '4', '5', '6', '7', '8']);
    const status = Number(f.statusFakturSTNK);
    if (status >= 3 && !f.nomorSTNK) {
      f.nomorSTNK = `${g.r.digits(8)}/${g.r.letters(2)}`;
      f.tanggalPenerimaanSTNKDariBiro = simDate(g.at);
      f.platNomor = plate(g.r, g.dealer.region).replace(/ /g, '');
    }
    if (status >= 4 && !f.tanggalTerimaSTNKOlehKonsumen) {
      f.tanggalTerimaSTNKOlehKonsumen = simDate(g.at);
      f.namaPenerimaSTNK = personName(g.r);
      f.jenisIdPenerimaSTNK = '1';
      f.noIdPenerimaSTNK = person(g.r, g.dealer.region).noKtp;
    }
    if (status >= 5 && !f.nomorBPKB) {
      f.nomorBPKB = `${g.r.letters(1)}-${g.r.digits(8)}`;
      f.tanggalPenerimaanBPKBDariBiro = simDate(g.at);
    }
    if (status >= 6 && !f.tanggalTerimaBPKBOlehKonsumen) {
      f.tanggalTerimaBPKBOlehKonsumen = simDate(g.at);
      f.namaPenerimaBPKB = f.namaPenerimaSTNK || personName(g.r);
      f.jenisIdPenerimaBPKB = '1';
      f.noIdPenerimaBPKB = f.noIdPenerimaSTNK || person(g.r, g.dealer.region).noKtp;
    }
    g.touch(unit);
  },
};

export const SIM_H1_MODULES: readonly SimModule[] = [prospect, spk, leasing, inv1, doch, bast, ...SIM_H1_STOCK_MODULES];
