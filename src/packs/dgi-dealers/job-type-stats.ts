/**
 * Summary statistics for each of the 15 DGI job types, as aggregate queries in the shape the models branch's
 * aggregation engine takes (`by` / `metric` / `where` as the records endpoint), so each becomes a dashboard widget
 * when the pack's dashboards are declared. Money is Rupiah, shown in id-ID format. Child rows count where they carry
 * the amounts (HLO parts, NJB/NSC lines, SPK units, …); every child row carries its `dealerId`, so the dealer filter
 * applies to them as to their documents.
 */

export type StatMetric = 'count' | `count_distinct:${string}` | `sum:${string}` | `avg:${string}` | `min:${string}` | `max:${string}`;
export type StatFormat = 'integer' | 'number' | 'idr';

export interface JobTypeStat {
  readonly id: string;
  readonly label: string;
  /** The stream the figure is computed over: the job type's own or one of its child streams. */
  readonly stream: string;
  readonly metric: StatMetric;
  /** Group-by fields: a breakdown (chart or table) rather than one number. */
  readonly by?: readonly string[];
  /** Records-endpoint filters, `field:op:value`. */
  readonly where?: readonly string[];
  readonly format: StatFormat;
}

export interface JobTypeStats {
  readonly jobType: string;
  readonly stream: string;
  readonly title: string;
  /** The business date a page's date-range filter applies to. */
  readonly dateField: string;
  /** Fields offered as status filters on the job type's page. */
  readonly statusFields: readonly string[];
  readonly stats: readonly JobTypeStat[];
}

const count = (id: string, label: string, stream: string, extra: Partial<JobTypeStat> = {}): JobTypeStat => ({ id, label, stream, metric: 'count', format: 'integer', ...extra });
const money = (id: string, label: string, stream: string, field: string, extra: Partial<JobTypeStat> = {}): JobTypeStat => ({ id, label, stream, metric: `sum:${field}`, format: 'idr', ...extra });

export const DGI_JOB_TYPE_STATS: readonly JobTypeStats[] = [
  {
    jobType: 'prospect', stream: 'dgi_prospect', title: 'Prospects', dateField: 'tanggalProspect',
    statusFields: ['statusProspect', 'statusFollowUpProspecting', 'sumberProspect'],
    stats: [
      count('prospects', 'Prospects', 'dgi_prospect'),
      count('by_status', 'Prospects by status', 'dgi_prospect', { by: ['statusProspect'] }),
      count('by_source', 'Prospects by source', 'dgi_prospect', { by: ['sumberProspect'] }),
      count('test_rides', 'Test ride wanted', 'dgi_prospect', { where: ['testRidePreference:eq:1'] }),
      count('units', 'Unit types of interest', 'dgi_prospect_units'),
    ],
  },
  {
    jobType: 'spk', stream: 'dgi_spk', title: 'SPK (sales orders)', dateField: 'tanggalPesanan', statusFields: ['statusSPK'],
    stats: [
      count('orders', 'SPK', 'dgi_spk'),
      count('by_status', 'SPK by status', 'dgi_spk', { by: ['statusSPK'] }),
      { id: 'units', label: 'Units ordered', stream: 'dgi_spk_units', metric: 'sum:quantity', format: 'integer' },
      money('sales', 'Selling price of the units', 'dgi_spk_units', 'hargaJual'),
      money('discount', 'Discounts', 'dgi_spk_units', 'diskon'),
      money('booking_fees', 'Booking fees (tanda jadi)', 'dgi_spk_units', 'jumlahTandaJadi'),
      { id: 'units_by_payment', label: 'Units by payment type', stream: 'dgi_spk_units', metric: 'sum:quantity', by: ['tipePembayaran'], format: 'integer' },
    ],
  },
  {
    jobType: 'bast_read', stream: 'dgi_bast', title: 'Deliveries (BASTK)', dateField: 'tanggalPengiriman', statusFields: ['statusDeliveryDocument'],
    stats: [
      count('deliveries', 'Delivery documents', 'dgi_bast'),
      count('by_status', 'Deliveries by status', 'dgi_bast', { by: ['statusDeliveryDocument'] }),
      count('units', 'Units delivered', 'dgi_bast_details'),
      { id: 'drivers', label: 'Drivers', stream: 'dgi_bast', metric: 'count_distinct:idDriver', format: 'integer' },
    ],
  },
  {
    jobType: 'inv1_read', stream: 'dgi_inv1', title: 'Billing (unit payments)', dateField: 'createdTime', statusFields: ['status', 'tipePembayaran', 'caraBayar'],
    stats: [
      count('invoices', 'Billing documents', 'dgi_inv1'),
      money('amount', 'Amount billed', 'dgi_inv1', 'amount'),
      money('by_payment_type', 'Amount by payment type', 'dgi_inv1', 'amount', { by: ['tipePembayaran'] }),
      money('by_method', 'Amount by payment method', 'dgi_inv1', 'amount', { by: ['caraBayar'] }),
      count('by_status', 'Billing documents by status', 'dgi_inv1', { by: ['status'] }),
    ],
  },
  {
    jobType: 'leasing', stream: 'dgi_leasing', title: 'Leasing', dateField: 'tanggalPengajuan', statusFields: ['namaFinanceCompany'],
    stats: [
      count('applications', 'Leasing applications', 'dgi_leasing'),
      money('down_payment', 'Down payment total', 'dgi_leasing', 'jumlahDP'),
      { id: 'avg_tenor', label: 'Average tenor (months)', stream: 'dgi_leasing', metric: 'avg:tenor', format: 'number' },
      { id: 'avg_installment', label: 'Average instalment', stream: 'dgi_leasing', metric: 'avg:jumlahCicilan', format: 'idr' },
      count('by_finance_company', 'Applications by finance company', 'dgi_leasing', { by: ['namaFinanceCompany'] }),
      money('dp_by_finance_company', 'Down payment by finance company', 'dgi_leasing', 'jumlahDP', { by: ['namaFinanceCompany'] }),
    ],
  },
  {
    jobType: 'doch_read', stream: 'dgi_doch', title: 'Document handling (STNK / BPKB)', dateField: 'createdTime', statusFields: [],
    stats: [
      count('documents', 'Sales orders in document handling', 'dgi_doch'),
      count('units', 'Units', 'dgi_doch_units'),
      count('stnk_pending', 'STNK pending', 'dgi_doch_units', { where: ['tanggalTerimaSTNKOlehKonsumen:null'] }),
      count('stnk_handed_over', 'STNK handed over', 'dgi_doch_units', { where: ['tanggalTerimaSTNKOlehKonsumen:notnull'] }),
      count('bpkb_pending', 'BPKB pending', 'dgi_doch_units', { where: ['tanggalTerimaBPKBOlehKonsumen:null'] }),
      count('bpkb_handed_over', 'BPKB handed over', 'dgi_doch_units', { where: ['tanggalTerimaBPKBOlehKonsumen:notnull'] }),
      count('by_faktur_status', 'Units by STNK faktur status', 'dgi_doch_units', { by: ['statusFakturSTNK'] }),
    ],
  },
  {
    jobType: 'uinb_read', stream: 'dgi_uinb', title: 'Unit inbound', dateField: 'tanggalTerima', statusFields: ['statusShippingList'],
    stats: [
      count('shipping_lists', 'Shipping lists', 'dgi_uinb'),
      count('by_status', 'Shipping lists by status', 'dgi_uinb', { by: ['statusShippingList'] }),
      { id: 'units_shipped', label: 'Units shipped', stream: 'dgi_uinb_units', metric: 'sum:kuantitasTerkirim', format: 'integer' },
      { id: 'units_received', label: 'Units received', stream: 'dgi_uinb_units', metric: 'sum:kuantitasDiterima', format: 'integer' },
      count('by_rfs', 'Units by ready-for-sale status', 'dgi_uinb_units', { by: ['statusRFS'] }),
    ],
  },
  {
    jobType: 'mdinvh1_read', stream: 'dgi_mdinvh1', title: 'Unit invoices (MD to dealer)', dateField: 'tanggalInvoice', statusFields: [],
    stats: [
      count('invoices', 'Invoices', 'dgi_mdinvh1'),
      money('total', 'Invoice total', 'dgi_mdinvh1', 'totalHarga'),
      money('discount', 'Unit discounts', 'dgi_mdinvh1', 'totalDiskonPerUnit'),
      money('ppn', 'PPN', 'dgi_mdinvh1', 'totalPPN'),
      { id: 'units', label: 'Units invoiced', stream: 'dgi_mdinvh1_units', metric: 'sum:kuantitas', format: 'integer' },
    ],
  },
  {
    jobType: 'pkb', stream: 'dgi_pkb', title: 'Work orders (PKB)', dateField: 'tanggalServis', statusFields: ['statusWorkOrder', 'tipeComingCustomer'],
    stats: [
      count('work_orders', 'Work orders', 'dgi_pkb'),
      count('by_status', 'Work orders by status', 'dgi_pkb', { by: ['statusWorkOrder'] }),
      money('service_total', 'Service total', 'dgi_pkb', 'totalBiayaService'),
      money('services', 'Service lines total', 'dgi_pkb_services', 'totalHargaServis'),
      money('parts', 'Parts total', 'dgi_pkb_parts', 'totalHargaParts'),
      { id: 'mechanics', label: 'Mechanics', stream: 'dgi_pkb', metric: 'count_distinct:hondaIdMekanik', format: 'integer' },
    ],
  },
  {
    jobType: 'inv2_read', stream: 'dgi_inv2', title: 'Workshop invoices (NJB / NSC)', dateField: 'tanggalNJB', statusFields: [],
    stats: [
      count('invoices', 'Invoices', 'dgi_inv2'),
      money('njb_total', 'NJB total (services)', 'dgi_inv2', 'totalHargaNJB'),
      money('nsc_total', 'NSC total (parts)', 'dgi_inv2', 'totalHargaNSC'),
      money('njb_lines', 'NJB lines total', 'dgi_inv2_njb', 'totalHargaServis'),
      money('nsc_lines', 'NSC lines total', 'dgi_inv2_nsc', 'totalHargaParts'),
      money('nsc_discount', 'NSC parts discounts', 'dgi_inv2_nsc', 'discPartsAmount'),
    ],
  },
  {
    jobType: 'unpaidhlo_read', stream: 'dgi_unpaidhlo', title: 'Unpaid HLO orders', dateField: 'tanggalPemesananHLO', statusFields: [],
    stats: [
      count('documents', 'Documents', 'dgi_unpaidhlo'),
      money('value', 'Value', 'dgi_unpaidhlo_parts', 'totalHargaParts'),
      money('down_payment', 'Down payment', 'dgi_unpaidhlo_parts', 'uangMuka'),
      money('remaining', 'Remaining', 'dgi_unpaidhlo_parts', 'sisaBayar'),
    ],
  },
  {
    jobType: 'dphlo_read', stream: 'dgi_dphlo', title: 'HLO down payments', dateField: 'tanggalPemesananHLO', statusFields: [],
    stats: [
      count('invoices', 'Down-payment invoices', 'dgi_dphlo'),
      money('value', 'Order value', 'dgi_dphlo_parts', 'totalHargaParts'),
      money('down_payment', 'Down payment', 'dgi_dphlo_parts', 'uangMuka'),
      money('remaining', 'Remaining', 'dgi_dphlo_parts', 'sisaBayar'),
    ],
  },
  {
    jobType: 'parts_inbound', stream: 'dgi_parts_inbound', title: 'Parts inbound', dateField: 'tglPenerimaan', statusFields: [],
    stats: [
      count('receipts', 'Receipts', 'dgi_parts_inbound'),
      count('lines', 'PO lines received', 'dgi_parts_inbound_po'),
      { id: 'quantity', label: 'Quantity received', stream: 'dgi_parts_inbound_po', metric: 'sum:kuantitas', format: 'integer' },
      { id: 'by_order_type', label: 'Quantity by order type', stream: 'dgi_parts_inbound_po', metric: 'sum:kuantitas', by: ['jenisOrder'], format: 'integer' },
    ],
  },
  {
    jobType: 'prsl_read', stream: 'dgi_prsl', title: 'Parts sales', dateField: 'tglSO', statusFields: [],
    stats: [
      count('orders', 'Orders', 'dgi_prsl'),
      money('total', 'Total', 'dgi_prsl', 'totalHargaSO'),
      money('discount', 'Order discounts', 'dgi_prsl', 'discSO'),
      { id: 'quantity', label: 'Parts sold', stream: 'dgi_prsl_parts', metric: 'sum:kuantitas', format: 'integer' },
      money('line_discount', 'Line discounts', 'dgi_prsl_parts', 'discAmount'),
    ],
  },
  {
    jobType: 'mdinvh3_read', stream: 'dgi_mdinvh3', title: 'Parts invoices (MD to dealer)', dateField: 'tglInvoice', statusFields: [],
    stats: [
      count('invoices', 'Invoices', 'dgi_mdinvh3'),
      money('total', 'Invoice total', 'dgi_mdinvh3', 'totalHarga'),
      money('discount', 'Parts discounts', 'dgi_mdinvh3', 'totalDiskonPerPartsNumber'),
      money('ppn', 'PPN', 'dgi_mdinvh3', 'totalPPN'),
      { id: 'quantity', label: 'Parts invoiced', stream: 'dgi_mdinvh3_parts', metric: 'sum:kuantitas', format: 'integer' },
    ],
  },
];

const rupiah = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0, minimumFractionDigits: 0 });
const plain = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 });

/** A statistic's value as a person in Indonesia reads it: `Rp 1.250.000`, `12,5`. */
export function formatStatValue(value: number | null, format: StatFormat): string {
  if (value === null) return '–';
  return format === 'idr' ? rupiah.format(value) : format === 'integer' ? plain.format(Math.round(value)) : plain.format(value);
}
