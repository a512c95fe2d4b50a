/** The unifi-channels dashboard (PACKS.md §1 analytics), declared with src/dashboards/dashboard-spec.ts. */
const completeness = (field: string, title: string) => ({
  id: `complete-${field.replace(/_/g, '-')}`,
  title,
  type: 'metric' as const,
  width: 2,
  format: 'percent' as const,
  query: { kind: 'aggregate' as const, stream: 'distributors', metrics: [`count:${field}`, 'count'] },
  value: `count_${field}`,
  divideBy: 'count',
});

export const UNIFI_CHANNELS_DASHBOARD = {
  id: 'unifi-channels',
  title: 'UniFi distributors',
  description: "Ubiquiti's distributor network: where it is, who it is and how it changes",
  widgets: [
    { id: 'active', title: 'Active distributors', type: 'metric', width: 3, query: { kind: 'aggregate', stream: 'distributors', metrics: ['count'] } },
    { id: 'companies', title: 'Companies', type: 'metric', width: 3, query: { kind: 'aggregate', stream: 'companies', metrics: ['count'] } },
    { id: 'countries', title: 'Countries / states', type: 'metric', width: 3, query: { kind: 'aggregate', stream: 'distributors', metrics: ['count_distinct:country_state'] } },
    { id: 'removed', title: 'Removed distributors', type: 'metric', width: 3, query: { kind: 'aggregate', stream: 'distributors', metrics: ['count'], status: 'removed' } },
    { id: 'by-region', title: 'Distributors by region', type: 'bar', width: 6, query: { kind: 'aggregate', stream: 'distributors', by: ['region'], metrics: ['count'], sort: '-count' } },
    { id: 'partner-mix', title: 'Partner-type mix', type: 'pie', width: 6, query: { kind: 'aggregate', stream: 'distributors', by: ['partner_type'], metrics: ['count'] } },
    { id: 'by-country', title: 'Distributors by country / state', type: 'table', width: 6, query: { kind: 'aggregate', stream: 'distributors', by: ['country_state'], metrics: ['count'], sort: '-count', limit: 50 } },
    { id: 'top-companies', title: 'Top companies by locations', type: 'table', width: 6, query: { kind: 'records', stream: 'companies', fields: ['name', 'locations', 'distributors', 'regions'], sort: '-locations', pageSize: 20 },
      labels: { name: 'Company', locations: 'Locations', distributors: 'Distributors', regions: 'Regions' } },
    { id: 'changes-per-week', title: 'Changes per week', type: 'bar', width: 12, query: { kind: 'changes_aggregate', stream: 'distributors', by: ['at:week', 'kind'], metrics: ['count'], where: ['kind:in:created|updated|removed|restored'] } },
    completeness('phone', 'Phone'),
    completeness('email', 'E-mail'),
    completeness('website', 'Website'),
    completeness('address', 'Address'),
    completeness('city', 'City'),
    completeness('coordinates', 'Coordinates'),
    { id: 'map', title: 'Map of locations', type: 'map', width: 12, query: { mode: 'points', stream: 'distributors', lat: 'latitude', lon: 'longitude', label: 'name' } },
    { id: 'recent-changes', title: 'Recent changes', type: 'changes', width: 12, query: { kind: 'changes', streams: ['distributors', 'companies'], kinds: ['created', 'removed', 'restored', 'updated'], limit: 20 } },
  ],
};
