import type { DgiModuleDef } from './dgi-module.js';

const HLO_PARTS = 'partsNumber kuantitas:i hargaParts:n totalHargaParts:n uangMuka:n sisaBayar:n';

/** H23 (workshop and parts) pull endpoints, field names and nesting as in the spec's JSON examples (DGI v1.3). */
export const DGI_H23_MODULES: readonly DgiModuleDef[] = [
  {
    jobType: 'pkb',
    stream: 'dgi_pkb',
    endpoint: 'pkb/read',
    title: 'Work orders (PKB)',
    idField: 'noWorkOrder',
    fields: `noWorkOrder! noSAForm tanggalServis:d waktuPKB:dt noPolisi noRangka noMesin kodeTipeUnit tahunMotor
      informasiBensin kmTerakhir:i tipeComingCustomer namaPemilik alamatPemilik kodePropinsiPemilik kodeKotaPemilik
      kodeKecamatanPemilik kodeKelurahanPemilik kodePosPemilik alamatPembawa kodePropinsiPembawa kodeKotaPembawa
      kodeKecamatanPembawa kodeKelurahanPembawa kodePosPembawa namaPembawa noTelpPembawa hubunganDenganPemilik
      keluhanKonsumen rekomendasiSA hondaIdSA hondaIdMekanik saranMekanik asalUnitEntry idPIT jenisPIT
      waktuPendaftaran:dt waktuSelesai:dt totalFRT setUpPembayaran catatanTambahan konfirmasiPekerjaanTambahan
      noBukuClaimC2 noWorkOrderJobReturn totalBiayaService:n waktuPekerjaan statusWorkOrder`,
    children: [
      {
        path: 'services',
        stream: 'dgi_pkb_services',
        fields: `idJob namaPekerjaan jenisPekerjaan biayaService:n promoIdJasa discServiceAmount:n
          discServicePercentage:pct totalHargaServis:n`,
        keyFields: ['idJob'],
      },
      {
        path: 'parts',
        stream: 'dgi_pkb_parts',
        fields: `idJob partsNumber kuantitas:i hargaParts:n promoIdParts discPartsAmount:n discPartsPercentage:pct ppn:n
          totalHargaParts:n uangMuka:n`,
        keyFields: ['idJob', 'partsNumber'],
      },
    ],
  },
  {
    jobType: 'inv2_read',
    stream: 'dgi_inv2',
    endpoint: 'inv2/read',
    title: 'Workshop invoices (NJB / NSC)',
    idField: 'noWorkOrder',
    fields: `noWorkOrder! noNJB tanggalNJB:dt totalHargaNJB:n noNSC tanggalNSC:dt totalHargaNSC:n hondaIdSA
      hondaIdMekanik`,
    children: [
      {
        path: 'njb',
        stream: 'dgi_inv2_njb',
        fields: 'idJob hargaServis:n promoIdJasa discServiceAmount:n discServicePercentage:pct totalHargaServis:n',
        keyFields: ['idJob'],
      },
      {
        path: 'nsc',
        stream: 'dgi_inv2_nsc',
        fields: `idJob partsNumber kuantitas:i hargaParts:n promoIdParts discPartsAmount:n discPartsPercentage:pct ppn:n
          totalHargaParts:n uangMuka:n`,
        keyFields: ['idJob', 'partsNumber'],
      },
    ],
  },
  {
    jobType: 'unpaidhlo_read',
    stream: 'dgi_unpaidhlo',
    endpoint: 'unpaidhlo/read',
    title: 'Unpaid HLO orders',
    idField: 'idHLODocument',
    fields: `idHLODocument! tanggalPemesananHLO:d noWorkOrder noBukuClaimC2 noKTP namaCustomer alamat kodePropinsi
      kodeKota kodeKecamatan kodeKelurahan kodePos noKontak kodeTipeUnit tahunMotor noMesin noRangka flagNumbering
      vehicleOffRoad jobReturn`,
    children: [{ path: 'parts', stream: 'dgi_unpaidhlo_parts', fields: HLO_PARTS, keyFields: ['partsNumber'] }],
  },
  {
    jobType: 'dphlo_read',
    stream: 'dgi_dphlo',
    endpoint: 'dphlo/read',
    title: 'HLO down payments',
    idField: 'noInvoiceUangJaminan',
    fields: 'noInvoiceUangJaminan! idHLODocument tanggalPemesananHLO:d noWorkOrder idCustomer',
    children: [{ path: 'parts', stream: 'dgi_dphlo_parts', fields: HLO_PARTS, keyFields: ['partsNumber'] }],
  },
  {
    jobType: 'parts_inbound',
    stream: 'dgi_parts_inbound',
    endpoint: 'pinb/read',
    title: 'Parts inbound',
    idField: 'noPenerimaan',
    fields: 'noPenerimaan! tglPenerimaan:d noShippingList',
    children: [
      {
        path: 'po',
        stream: 'dgi_parts_inbound_po',
        fields: 'noPO jenisOrder idWarehouse partsNumber kuantitas:i uom',
        keyFields: ['noPO', 'partsNumber'],
      },
    ],
  },
  {
    jobType: 'prsl_read',
    stream: 'dgi_prsl',
    endpoint: 'prsl/read',
    title: 'Parts sales',
    idField: 'noSO',
    fields: 'noSO! tglSO:d idCustomer namaCustomer discSO:n totalHargaSO:n',
    children: [
      {
        path: 'parts',
        stream: 'dgi_prsl_parts',
        fields: `partsNumber kuantitas:i hargaParts:n promoIdParts discAmount:n discPercentage:pct ppn:n totalHargaParts:n
          uangMuka:n bookingIdReference`,
        keyFields: ['partsNumber'],
      },
    ],
  },
  {
    jobType: 'mdinvh3_read',
    stream: 'dgi_mdinvh3',
    endpoint: 'mdinvh3/read',
    title: 'Parts invoices (MD to dealer)',
    idField: 'noInvoice',
    fields: `noInvoice! tglInvoice:d tglJatuhTempo:d mainDealerId totalHargaSebelumDiskon:n totalDiskonPerPartsNumber:n
      potonganPerInvoice:n totalPPN:n totalHarga:n`,
    children: [
      {
        path: 'parts',
        stream: 'dgi_mdinvh3_parts',
        fields: 'noPO jenisOrder partsNumber kuantitas:i uom hargaSatuanSebelumDiskon:n diskonPerPartsNumber:n',
        keyFields: ['noPO', 'partsNumber'],
      },
    ],
  },
];
