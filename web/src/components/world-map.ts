import type { FeatureCollection } from 'geojson';
import countries from 'i18n-iso-countries';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json';

let registered = false;

/**
 * Registers the world's country shapes with ECharts once, from the world-atlas package (Natural Earth, bundled: no
 * tile server, nothing fetched). Each country is named by its ISO 3166-1 alpha-2 code so data joins on codes.
 */
export async function ensureWorldMap(echarts: { registerMap: (name: string, geo: never) => void }): Promise<void> {
  if (registered) return;
  const topo = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const geo = feature(topo, topo.objects.countries) as unknown as FeatureCollection;
  for (const f of geo.features) {
    const code = countries.numericToAlpha2(String(f.id ?? '')) ?? String((f.properties as { name?: string } | null)?.name ?? f.id);
    f.properties = { ...(f.properties ?? {}), name: code };
  }
  echarts.registerMap('world', geo as never);
  registered = true;
}
