import type { ReadContext, SourceConnector, SourceMessage, StreamDef } from '../../core/connector.js';
import { unifiClient, unifiPages } from './unifi-api.js';
import { checkUnifi } from './unifi-check.js';
import { unifiConfigSchema, type UnifiConfig } from './unifi-config.js';
import { buildSiteIndex, deviceRecord, hostRecord, siteRecord } from './unifi-records.js';
import { unifiDeviceSchema, unifiHostSchema, unifiSiteSchema } from './unifi-schemas.js';

type Ctx = ReadContext<UnifiConfig>;

async function* readHosts(ctx: Ctx): AsyncIterable<SourceMessage> {
  const client = unifiClient(ctx, ctx.config);
  for await (const page of unifiPages(client, '/v1/hosts', ctx.config.page_size, ctx.signal)) {
    for (const h of page) yield { type: 'record', data: hostRecord(h) };
  }
}

async function* readSites(ctx: Ctx): AsyncIterable<SourceMessage> {
  const client = unifiClient(ctx, ctx.config);
  for await (const page of unifiPages(client, '/v1/sites', ctx.config.page_size, ctx.signal)) {
    for (const s of page) yield { type: 'record', data: siteRecord(s) };
  }
}

/** Devices come grouped by host; each becomes one record with its host and (where knowable) its site. */
async function* readDevices(ctx: Ctx): AsyncIterable<SourceMessage> {
  const client = unifiClient(ctx, ctx.config);
  const sites: Record<string, unknown>[] = [];
  for await (const page of unifiPages(client, '/v1/sites', ctx.config.page_size, ctx.signal)) sites.push(...page);
  const index = buildSiteIndex(sites);
  for await (const page of unifiPages(client, '/v1/devices', ctx.config.page_size, ctx.signal)) {
    for (const group of page) {
      const devices = Array.isArray(group.devices) ? group.devices : [];
      for (const d of devices) {
        if (d === null || typeof d !== 'object') {
          yield { type: 'invalid', raw: d, reasons: ['device entry is not an object'] };
          continue;
        }
        yield { type: 'record', data: deviceRecord(d as Record<string, unknown>, group, index) };
      }
    }
  }
}

const STREAMS: readonly StreamDef<UnifiConfig>[] = [
  { name: 'unifi_hosts', primaryKey: ['id'], schema: unifiHostSchema, syncMode: 'full_snapshot', read: readHosts },
  { name: 'unifi_sites', primaryKey: ['siteId'], schema: unifiSiteSchema, syncMode: 'full_snapshot', read: readSites },
  { name: 'unifi_devices', primaryKey: ['id'], schema: unifiDeviceSchema, syncMode: 'full_snapshot', read: readDevices },
];

/** UniFi Site Manager (api.ui.com): hosts, sites and devices as full snapshots, every nextToken followed. */
export const unifiSiteManagerConnector: SourceConnector<UnifiConfig> = {
  manifest: {
    id: 'unifi-site-manager',
    name: 'UniFi Site Manager',
    description: 'Hosts (consoles), sites and devices of a UI account from the UniFi Site Manager API, as full snapshots.',
    configSchema: unifiConfigSchema,
    secrets: ['api_key'],
    fields: [
      { name: 'api_key', label: 'API key', secret: true, required: true, description: 'unifi.ui.com → API; read-only' },
      { name: 'base_url', label: 'API host', description: 'default https://api.ui.com' },
      { name: 'page_size', label: 'Page size', description: 'items per page, 1–500 (default 100)' },
    ],
  },
  check: checkUnifi,
  streams: () => STREAMS,
};
