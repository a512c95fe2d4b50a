import type { DgiModuleDef } from './dgi-module.js';

/** H1 (unit sales) pull endpoints, field names and nesting as in the spec's JSON examples (DGI v1.3). */
export const DGI_H1_MODULES: readonly DgiModuleDef[] = [
  {
    jobType: 'prospect',
    stream: 'dgi_prospect',
    endpoint: 'prsp/read',
    title: 'Prospects',
    idField: 'idProspect',
    fields: `idProspect! sumberProspect tanggalProspect:d taggingProspect namaLengkap noKontak noKtp alamat kodePropinsi
      kodeKota kodeKecamatan kodeKelurahan kodePos latitude longitude alamatKantor kodePropinsiKantor kodeKotaKantor
      kodeKecamatanKantor kodeKelurahanKantor kodePosKantor kodePekerjaan noKontakKantor tanggalAppointment:d
      waktuAppointment metodeFollowUp testRidePreference statusFollowUpProspecting statusProspect idSalesPeople idEvent`,
    children: [
      // A prospect may list the same unit type twice; the type alone is not unique, so the position is part of the key.
      { path: 'unit', stream: 'dgi_prospect_units', fields: 'kodeTipeUnit salesProgramId', keyFields: ['kodeTipeUnit'], withIndex: true },
    ],
  },
  {
    jobType: 'spk',
    stream: 'dgi_spk',
    endpoint: 'spk/read',
    title: 'SPK (sales orders)',
    idField: 'idSpk',
    fields: `idSpk! idProspect namaCustomer noKtp alamat kodePropinsi kodeKota kodeKecamatan kodeKelurahan kodePos noKontak
      namaBPKB noKTPBPKB alamatBPKB kodePropinsiBPKB kodeKotaBPKB kodeKecamatanBPKB kodeKelurahanBPKB kodePosBPKB
      latitude longitude NPWP noKK alamatKK kodePropinsiKK kodeKotaKK kodeKecamatanKK kodeKelurahanKK kodePosKK fax
      email idSalesPeople idEvent tanggalPesanan:d statusSPK`,
    children: [
      {
        path: 'unit',
        stream: 'dgi_spk_units',
        fields: `kodeTipeUnit kodeWarna quantity:i hargaJual:n diskon:n amountPPN:n fakturPajak tipePembayaran
          jumlahTandaJadi:n tanggalPengiriman:d idSalesProgram idApparel`,
        keyFields: ['kodeTipeUnit', 'kodeWarna'],
        withIndex: true,
      },
      { path: 'dataAnggotaKeluarga', stream: 'dgi_spk_family_members', fields: 'anggotaKK', keyFields: ['anggotaKK'] },
    ],
  },
  {
    jobType: 'bast_read',
    stream: 'dgi_bast',
    endpoint: 'bast/read',
    title: 'Delivery (BASTK)',
    idField: 'deliveryDocumentId',
    fields: 'deliveryDocumentId! tanggalPengiriman:d idDriver statusDeliveryDocument',
    children: [
      {
        path: 'detail',
        stream: 'dgi_bast_details',
        fields: `noSO idSPK noMesin noRangka idCustomer waktuPengiriman checklistKelengkapan lokasiPengiriman latitude
          longitude namaPenerima noKontakPenerima`,
        keyFields: ['noRangka'],
      },
    ],
  },
  {
    jobType: 'inv1_read',
    stream: 'dgi_inv1',
    endpoint: 'inv1/read',
    title: 'Billing (unit payments)',
    idField: 'idInvoice',
    // `status` here is the invoice's own status (1 New … 4 Close), not the envelope's.
    fields: 'idInvoice! idSPK idCustomer amount:n tipePembayaran caraBayar status note',
    children: [],
  },
  {
    jobType: 'leasing',
    stream: 'dgi_leasing',
    endpoint: 'lsng/read',
    title: 'Leasing',
    idField: 'idDokumenPengajuan',
    fields: `idDokumenPengajuan! idSPK jumlahDP:n tenor:i jumlahCicilan:n tanggalPengajuan:d idFinanceCompany
      namaFinanceCompany idPOFinanceCompany tanggalPembuatanPO:d tanggalPengirimanPOFinanceCompany:d`,
    children: [],
  },
  {
    jobType: 'doch_read',
    stream: 'dgi_doch',
    endpoint: 'doch/read',
    title: 'Document handling (STNK / BPKB)',
    idField: 'idSO',
    fields: 'idSO! idSPK',
    children: [
      {
        path: 'unit',
        stream: 'dgi_doch_units',
        fields: `nomorRangka nomorFakturSTNK tanggalPengajuanSTNKKeBiro:d statusFakturSTNK nomorSTNK
          tanggalPenerimaanSTNKDariBiro:d platNomor nomorBPKB tanggalPenerimaanBPKBDariBiro:d
          tanggalTerimaSTNKOlehKonsumen:d tanggalTerimaBPKBOlehKonsumen:d namaPenerimaBPKB namaPenerimaSTNK
          jenisIdPenerimaBPKB jenisIdPenerimaSTNK noIdPenerimaBPKB noIdPenerimaSTNK`,
        keyFields: ['nomorRangka'],
      },
    ],
  },
  {
    jobType: 'uinb_read',
    stream: 'dgi_uinb',
    endpoint: 'uinb/read',
    title: 'Unit inbound',
    idField: 'noShippingList',
    fields: 'noShippingList! tanggalTerima:d mainDealerId noInvoice statusShippingList',
    children: [
      {
        path: 'unit',
        stream: 'dgi_uinb_units',
        fields: `kodeTipeUnit kodeWarna kuantitasTerkirim:i kuantitasDiterima:i noMesin noRangka statusRFS poId
          kelengkapanUnit noGoodsReceipt docNRFSId`,
        keyFields: ['noRangka'],
      },
    ],
  },
  {
    jobType: 'mdinvh1_read',
    stream: 'dgi_mdinvh1',
    endpoint: 'mdinvh1/read',
    title: 'Unit invoices (MD to dealer)',
    idField: 'noInvoice',
    fields: `noInvoice! tanggalInvoice:d tanggalJatuhTempo:d mainDealerId totalHargaSebelumDiskon:n totalDiskonPerUnit:n
      potonganPerInvoice:n totalPPN:n totalHarga:n`,
    children: [
      // Frame and engine numbers are still empty when the MD invoices (spec example), so type + colour + PO + position.
      {
        path: 'unit',
        stream: 'dgi_mdinvh1_units',
        fields: 'kodeTipeUnit kodeWarna kuantitas:i noMesin noRangka hargaSatuanSebelumDiskon:n diskonPerUnit:n poId',
        keyFields: ['kodeTipeUnit', 'kodeWarna', 'poId'],
        withIndex: true,
      },
    ],
  },
];
