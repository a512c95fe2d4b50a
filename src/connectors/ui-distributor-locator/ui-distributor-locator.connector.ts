import type { CheckResult, SourceConnector, StreamDef } from '../../core/connector.js';
import { toSluiceError } from '../../core/errors.js';
import { DISTRIBUTORS_SCHEMA, LOCATIONS_SCHEMA } from './distributors.schema.js';
import { createLocatorClient } from './locator-client.js';
import { parseLocatorResponse } from './locator-response.js';
import { parseRegionsPage } from './parse-regions-page.js';
import { nextListingState } from './listing-state.js';
import { readDistributors } from './read-distributors.js';
import { FALLBACK_PAIRS, pairId } from './region-pairs.js';
import { uiLocatorConfigSchema, type UiLocatorConfig } from './ui-locator-config.js';

function describeFailure(what: string, base: string, err: unknown): CheckResult {
  const e = toSluiceError(err, 'source_read_failed');
  const status = (e.details as { status?: number } | undefined)?.status;
  const reason =
    e.code === 'upstream_timeout' ? 'it did not answer in time'
      : e.code === 'malformed_response' ? 'it sent a body that is not JSON'
        : status ? `it answered HTTP ${status}` : e.message;
  return { ok: false, message: `cannot read ${what} at ${base}: ${reason}`, details: { code: e.code, ...(status ? { status } : {}) } };
}

/** Ubiquiti's public distributor and reseller locator (ui.com): one full-snapshot stream, no credentials. */
export const uiDistributorLocatorConnector: SourceConnector<UiLocatorConfig> = {
  manifest: {
    id: 'ui-distributor-locator',
    name: 'Ubiquiti distributor locator (ui.com)',
    description:
      'Every distributor and reseller listed on ui.com/distributors, one record per company with all the region and ' +
      'country/state pairs it is listed under. Pairs are discovered from the page (static fallback of 131).',
    configSchema: uiLocatorConfigSchema,
    secrets: [],
    fields: [
      { name: 'base_url', label: 'Site URL', description: 'default https://www.ui.com' },
      { name: 'min_interval_ms', label: 'Pause between requests (ms)', description: 'default 250; be polite' },
      { name: 'timeout_ms', label: 'Request timeout (ms)', description: 'default 30000' },
      { name: 'retries', label: 'Retries per request' },
      { name: 'regions', label: 'Regions', description: 'comma-separated subset of af, as, aus-nzl, can, eur, lat-a, mid-e, usa' },
      { name: 'discover', label: 'Discover pairs from the page', description: 'default true' },
    ],
  },

  async check(config, ctx): Promise<CheckResult> {
    const client = createLocatorClient(ctx.http, config);
    let html: string;
    try {
      html = await client.page(ctx.signal);
    } catch (err) {
      return describeFailure('the locator page', config.base_url, err);
    }
    const pairs = parseRegionsPage(html);
    if (!pairs) {
      return {
        ok: false,
        message: `unexpected response from ${config.base_url}/distributors/: the page has no readable mainRegionsData (the site may have changed)`,
        details: { length: html.length },
      };
    }
    const probe = pairs.find((p) => p.region === 'usa' && p.code === 'CA') ?? pairs[0] ?? FALLBACK_PAIRS[0];
    if (!probe) return { ok: false, message: 'no region/country pair to probe' };
    let body: unknown;
    try {
      body = await client.pair(probe, ctx.signal);
    } catch (err) {
      return describeFailure(`the JSON for ${pairId(probe)}`, config.base_url, err);
    }
    const parsed = parseLocatorResponse(body);
    if (!parsed) {
      return { ok: false, message: `unexpected response for ${pairId(probe)}: not the {resellers, master_resellers} JSON envelope` };
    }
    return {
      ok: true,
      message: `${pairs.length} region/country pairs discovered; ${pairId(probe)} lists ${parsed.entries.length} distributors`,
      details: { pairs: pairs.length, probe: pairId(probe), entries: parsed.entries.length, invalid: parsed.invalid.length },
    };
  },

  streams(): StreamDef<UiLocatorConfig>[] {
    return [
      {
        name: 'distributors',
        primaryKey: ['id'],
        schema: DISTRIBUTORS_SCHEMA,
        syncMode: 'full_snapshot',
        children: [
          {
            name: 'distributor_locations',
            path: 'locations',
            schema: LOCATIONS_SCHEMA,
            key: (item) => `${String(item.region)}/${String(item.country_state)}`,
          },
        ],
        read: readDistributors,
        nextState: nextListingState,
      },
    ];
  },
};
