import type { ReadContext, SourceMessage } from '../../core/connector.js';
import { SluiceError, toSluiceError } from '../../core/errors.js';
import { buildDistributorRecord } from './build-distributor-record.js';
import { discoverPairs, filterRegions } from './discover-pairs.js';
import { createLocatorClient } from './locator-client.js';
import { parseLocatorResponse, type LocatorEntry } from './locator-response.js';
import { isListingState, storedPairIds } from './listing-state.js';
import { pairId, type RegionPair } from './region-pairs.js';
import type { UiLocatorConfig } from './ui-locator-config.js';

/**
 * Reads every pair (sequentially, paced by the HTTP layer), merges the listings of each distributor into one record,
 * and yields the records in id order. A pair that fails after retries does not fail the run: it is reported as
 * `incomplete`, and stored distributors listed only under failed pairs are protected from removal inference.
 */
export async function* readDistributors(ctx: ReadContext<UiLocatorConfig>): AsyncIterable<SourceMessage> {
  const log = ctx.logger.child({ connector: 'ui-distributor-locator' });
  const client = createLocatorClient(ctx.http, ctx.config);
  const found = await discoverPairs(client, { discover: ctx.config.discover, signal: ctx.signal });
  if (found.problem && ctx.config.discover) log.warn({ problem: found.problem }, 'region discovery failed; using the static pair list');
  const pairs = filterRegions(found.pairs, ctx.config.regions);
  const byId = new Map<number, { entry: LocatorEntry; pairs: RegionPair[] }>();
  const failed: { pair: RegionPair; reason: string }[] = [];
  // Ids of entries that were quarantined: being unreadable is no evidence that the distributor left the site.
  const unreadableIds = new Set<number>();

  for (const p of pairs) {
    let body: unknown;
    try {
      body = await client.pair(p, ctx.signal);
    } catch (err) {
      const e = toSluiceError(err, 'source_read_failed');
      if (e.code === 'cancelled' || ctx.signal.aborted) throw e;
      log.warn({ pair: pairId(p), code: e.code, err: e.message }, 'pair failed after retries');
      failed.push({ pair: p, reason: `${e.code}: ${e.message}` });
      continue;
    }
    const parsed = parseLocatorResponse(body);
    if (!parsed) {
      failed.push({ pair: p, reason: 'unexpected response: not the {resellers, master_resellers} envelope' });
      continue;
    }
    for (const bad of parsed.invalid) {
      const id = Number((bad.raw as { id?: unknown } | null)?.id);
      if (Number.isInteger(id)) unreadableIds.add(id);
      yield { type: 'invalid', raw: bad.raw, reasons: bad.reasons.map((r) => `${pairId(p)}: ${r}`) };
    }
    for (const entry of parsed.entries) {
      const known = byId.get(entry.id);
      if (known) {
        if (!known.pairs.some((x) => pairId(x) === pairId(p))) known.pairs.push(p);
      } else {
        byId.set(entry.id, { entry, pairs: [p] });
      }
    }
  }
  if (pairs.length > 0 && failed.length === pairs.length) {
    throw new SluiceError('source_read_failed', `all ${pairs.length} region/country pairs failed; first: ${failed[0]?.reason ?? ''}`, {
      details: { failed: failed.slice(0, 10).map((f) => ({ pair: pairId(f.pair), reason: f.reason })) },
    });
  }

  // Listings under pairs that were not read this time are kept as of the last complete run (see listing-state.ts).
  const failedIds = new Set(failed.map((f) => pairId(f.pair)));
  const readIds = new Set(pairs.map(pairId));
  const inScope = (id: string) => !ctx.config.regions || ctx.config.regions.some((r) => id.startsWith(`${r}/`));
  const unread = (id: string) => inScope(id) && (failedIds.has(id) || (found.source === 'fallback' && !readIds.has(id)));
  const prior = isListingState(ctx.state) && (failedIds.size > 0 || found.source === 'fallback') ? ctx.state.listings : {};
  for (const id of [...byId.keys()].sort((a, b) => a - b)) {
    const v = byId.get(id);
    if (!v) continue;
    const kept = (prior[String(id)] ?? []).filter((p) => unread(p) && !v.pairs.some((x) => pairId(x) === p));
    const extra = kept.map((p) => {
      const [region = '', code = ''] = p.split('/');
      return { region, code };
    });
    yield { type: 'record', data: buildDistributorRecord(v.entry, [...v.pairs, ...extra]) };
  }

  if (failed.length > 0) {
    yield {
      type: 'incomplete',
      reason: `${failed.length} of ${pairs.length} region/country pairs could not be read (${[...failedIds].slice(0, 10).join(', ')}${
        failedIds.size > 10 ? ', …' : ''}): ${failed[0]?.reason ?? ''}`,
      // A distributor seen under no pair that was read cannot be told removed.
      protect: (stored) => storedPairIds(stored).every((id) => failedIds.has(id)),
    };
  }
  if (unreadableIds.size > 0) {
    yield {
      type: 'incomplete',
      reason: `${unreadableIds.size} distributor entr${unreadableIds.size === 1 ? 'y was' : 'ies were'} quarantined (ids ${[...unreadableIds].slice(0, 10).join(', ')})`,
      protect: (stored) => unreadableIds.has(Number(stored.id)),
    };
  }
  if (found.source === 'fallback' && ctx.config.discover) {
    yield {
      type: 'incomplete',
      reason: `region discovery failed (${found.problem ?? 'unknown'}); read the static list of ${pairs.length} pairs instead`,
      // Pairs the site added since the static list was written were not read: keep what was only listed there.
      protect: (stored) => !storedPairIds(stored).some((id) => readIds.has(id)),
    };
  }
}
