import { REGION_NAMES } from './ui-geography.js';
import { geoOf } from './ui-world.js';
import type { SimDistributor } from './ui-entry.js';

/** JS object-literal text as the site writes it (unquoted keys, single quotes), not JSON. */
function jsString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * The locator's HTML page (what a browser gets without `X-Requested-With`): the region/country menu as the
 * `mainRegionsData` variable and the map markers for the current query as `mapInit`.
 */
export function renderLocatorPage(listedPairs: readonly string[], markers: readonly SimDistributor[]): string {
  const byRegion = new Map<string, string[]>();
  for (const key of listedPairs) {
    const [region = '', code = ''] = key.split('/');
    const list = byRegion.get(region) ?? [];
    list.push(code);
    byRegion.set(region, list);
  }
  const regions = [...byRegion].map(([region, codes]) => {
    const items = codes.map((c) => `{s:${jsString(c)},n:${jsString(geoOf(`${region}/${c}`).countryName)}}`).join(',');
    return `\n    {s:${jsString(region)},n:${jsString(REGION_NAMES[region] ?? region)},i:[${items}]}`;
  });
  const mapInit = markers.map(
    (d) => `{id:${d.entry.id},name:${jsString(d.entry.name)},location:{lat:${Number(d.entry.latitude) || 0},lng:${Number(d.entry.longitude) || 0}}}`,
  );
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Where to Buy | Ubiquiti</title></head>
<body>
<div id="distributors-app" class="distributors">
  <form class="distributors-filter"><select name="region" id="region"></select><select name="country_state" id="country_state"></select></form>
  <div id="map"></div>
</div>
<script type="text/javascript">
  var mainRegionsData = [${regions.join(',')}
  ];
  var mapInit = [${mapInit.join(',')}];
</script>
</body>
</html>
`;
}
