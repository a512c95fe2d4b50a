import type { HttpClientFactory } from '../../http/http-client.js';
import type { Database } from '../../store/database.js';
import { discoverPairs } from './discover-pairs.js';
import { createLocatorClient } from './locator-client.js';
import { applyDiscoveredMapping, recordFailedRefresh, type MappingChange } from './region-mapping-store.js';
import type { UiLocatorConfig } from './ui-locator-config.js';

export type RefreshOutcome =
  | ({ readonly ok: true; readonly discovered: number } & MappingChange)
  | { readonly ok: false; readonly problem: string };

/**
 * Discovers the site's pairs and applies them to the stored mapping. A failed discovery changes nothing (the static
 * fallback is never taken as evidence that a pair vanished); it is only recorded.
 */
export async function refreshRegionMapping(
  db: Database,
  http: HttpClientFactory,
  config: UiLocatorConfig,
  opts: { signal?: AbortSignal; now?: Date } = {},
): Promise<RefreshOutcome> {
  const client = createLocatorClient(http, config);
  const found = await discoverPairs(client, { discover: true, ...(opts.signal ? { signal: opts.signal } : {}) });
  if (found.source !== 'discovered') {
    const problem = found.problem ?? 'discovery failed';
    await recordFailedRefresh(db, config.base_url, problem, opts.now);
    return { ok: false, problem };
  }
  const change = await applyDiscoveredMapping(db, found.pairs, { baseUrl: config.base_url, ...(opts.now ? { now: opts.now } : {}) });
  return { ok: true, discovered: found.pairs.length, ...change };
}
