import type { HttpClient, HttpClientFactory } from '../../http/http-client.js';
import type { UiLocatorConfig } from './ui-locator-config.js';
import type { RegionPair } from './region-pairs.js';

export const UPSTREAM = 'ui-locator';
const PATH = '/distributors/';

/** The locator through the shared HTTP layer: paced, retried, timed out, behind the `ui-locator` breaker. */
export interface LocatorClient {
  /** The HTML page (with `mainRegionsData`), as a browser gets it. */
  page(signal?: AbortSignal): Promise<string>;
  /** One pair's JSON, as the site's own XHR asks for it. */
  pair(p: RegionPair, signal?: AbortSignal): Promise<unknown>;
}

export function createLocatorClient(http: HttpClientFactory, config: UiLocatorConfig): LocatorClient {
  const client: HttpClient = http({
    upstream: UPSTREAM,
    baseUrl: config.base_url,
    rateLimit: { minIntervalMs: config.min_interval_ms },
    timeoutMs: config.timeout_ms,
    ...(config.retries === undefined ? {} : { retries: config.retries }),
    headers: { 'user-agent': 'Sluice distributor tracker (+https://github.com/sluice)' },
  });
  return {
    async page(signal) {
      const r = await client.request<string>({
        path: PATH,
        expect: 'text',
        headers: { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' },
        ...(signal ? { signal } : {}),
      });
      return r.body;
    },
    async pair(p, signal) {
      const r = await client.request<unknown>({
        path: PATH,
        query: { region: p.region, country_state: p.code },
        headers: { 'x-requested-with': 'XMLHttpRequest', accept: 'application/json, text/javascript, */*' },
        ...(signal ? { signal } : {}),
      });
      return r.body;
    },
  };
}
