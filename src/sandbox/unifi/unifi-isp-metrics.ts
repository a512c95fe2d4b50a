import { createHash } from 'node:crypto';
import type { SimSite } from './unifi-fleet-types.js';
import { DAY_MS } from '../../core/day-ms.js';

export type MetricType = '5m' | '1h';

export const METRIC_STEP_MS: Record<MetricType, number> = { '5m': 300_000, '1h': 3_600_000 };
/** How far back each resolution is kept (the docs: 5-minute ≥ 24 h, hourly ≥ 30 days). */
export const METRIC_RETENTION_MS: Record<MetricType, number> = { '5m': 24 * 3_600_000, '1h': 30 * DAY_MS };
export const DURATIONS: Record<MetricType, Record<string, number>> = {
  '5m': { '24h': 24 * 3_600_000 },
  '1h': { '7d': 7 * DAY_MS, '30d': 30 * DAY_MS },
};

const ASNS: Record<string, string> = {
  'AT&T': '7018', 'Comcast Business': '7922', Spectrum: '20115', 'Cox Business': '22773', Lumen: '209', Frontier: '5650',
};

/** A number in [0, 1) fixed by the inputs: the same site and period always report the same values. */
function unit(...parts: (string | number)[]): number {
  return createHash('sha256').update(parts.join('|')).digest().readUInt32BE(0) / 4294967296;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The WAN metrics one site reports for the periods between `fromMs` and `toMs` (inclusive, aligned to the type). */
export function siteMetrics(seed: number, site: SimSite, type: MetricType, fromMs: number, toMs: number, version: string): Record<string, unknown> {
  const step = METRIC_STEP_MS[type];
  const periods: Record<string, unknown>[] = [];
  const down = unit(seed, site.siteId, 'plan') * 200_000;
  for (let t = Math.ceil(fromMs / step) * step; t <= toMs; t += step) {
    const r = unit(seed, site.siteId, type, t);
    const outage = r < 0.01;
    const latency = 4 + Math.floor(unit(seed, site.siteId, t, 'lat') * 30);
    periods.push({
      data: {
        wan: {
          avgLatency: latency,
          download_kbps: outage ? 0 : Math.round(50_000 + down + r * 20_000),
          downtime: outage ? Math.round(step / 1000) : 0,
          ispAsn: ASNS[site.isp.name] ?? '0',
          ispName: site.isp.name,
          maxLatency: latency + Math.floor(r * 20),
          packetLoss: outage ? 100 : r > 0.97 ? 1 : 0,
          upload_kbps: outage ? 0 : Math.round(10_000 + down / 4 + r * 5_000),
          uptime: outage ? 0 : 100,
        },
      },
      metricTime: iso(t),
      version,
    });
  }
  return { metricType: type, periods, hostId: site.hostId, siteId: site.siteId };
}
