import { toSluiceError } from '../../core/errors.js';
import type { LocatorClient } from './locator-client.js';
import { parseRegionsPage } from './parse-regions-page.js';
import { FALLBACK_PAIRS, type RegionPair } from './region-pairs.js';

export interface DiscoveredPairs {
  readonly pairs: readonly RegionPair[];
  /** `discovered`: read from the live page; `fallback`: the static list (discovery off, failed or unreadable). */
  readonly source: 'discovered' | 'fallback';
  /** Why discovery did not give the pairs, when it did not. */
  readonly problem?: string;
}

/** The pairs to read: from the page's `mainRegionsData`, or the static fallback when that cannot be had. */
export async function discoverPairs(client: LocatorClient, opts: { discover: boolean; signal?: AbortSignal }): Promise<DiscoveredPairs> {
  if (!opts.discover) return { pairs: FALLBACK_PAIRS, source: 'fallback', problem: 'discovery is switched off' };
  let html: string;
  try {
    html = await client.page(opts.signal);
  } catch (err) {
    const e = toSluiceError(err, 'source_read_failed');
    if (e.code === 'cancelled') throw e;
    return { pairs: FALLBACK_PAIRS, source: 'fallback', problem: `the locator page could not be read: ${e.message}` };
  }
  const pairs = parseRegionsPage(html);
  if (!pairs) return { pairs: FALLBACK_PAIRS, source: 'fallback', problem: 'the locator page has no readable mainRegionsData' };
  return { pairs, source: 'discovered' };
}

export function filterRegions(pairs: readonly RegionPair[], regions: readonly string[] | undefined): RegionPair[] {
  return regions ? pairs.filter((p) => regions.includes(p.region)) : [...pairs];
}
