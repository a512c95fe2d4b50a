import { UI_REGIONS } from '../../connectors/ui-distributor-locator/region-pairs.js';
import { definePack } from '../pack-spec.js';
import { COMPANIES_MODEL } from './companies.model.js';
import { UNIFI_CHANNELS_DASHBOARD } from './unifi-channels.dashboard.js';

/**
 * unifi-channels (PACKS.md §1, seed 000): Ubiquiti's distributor network from the ui.com locator, grouped into
 * companies, mirrored two-way into the Notion database "UniFi Distributors", with a change digest and a dashboard.
 */
export const unifiChannelsPack = definePack({
  id: 'unifi-channels',
  name: 'UniFi channels',
  description: "Track Ubiquiti's distributor network: every change, companies, a two-way Notion database, a change digest and a dashboard.",
  version: '1.0.0',
  settings: {
    ui: {
      base_url: { type: 'url', description: 'The locator site', default: 'https://www.ui.com', sandbox: { url: 'ui' } },
      min_interval_ms: { type: 'integer', description: 'Pause between requests (politeness)', default: 250, min: 0, max: 60_000, sandbox: { value: 0 } },
      regions: { type: 'list', description: 'Only these regions (default all)', options: [...UI_REGIONS] },
      removal_misses: { type: 'integer', description: 'Complete runs a distributor must be missing from before it reads removed', default: 2, min: 1, max: 30 },
    },
    schedule: {
      cron: { type: 'cron', description: 'When the scrape + Notion push runs (daily by default)', default: '0 6 * * *' },
      timezone: { type: 'timezone', description: 'Time zone the cron is read in', default: 'UTC' },
      paused: { type: 'boolean', description: 'Install the schedule paused', default: false },
    },
    retention: {
      raw_run_days: { type: 'integer', description: 'Days raw runs and their logs are kept (changes are kept forever)', default: 90, min: 1, max: 3650 },
    },
    notion: {
      token: { type: 'secret', description: 'Notion integration token', required: true, sandbox: { credential: 'notion.token' } },
      parent_page_id: { type: 'string', description: 'The page the database is created under', required: true, sandbox: { credential: 'notion.parent_page_id' } },
      base_url: { type: 'url', description: 'Notion API base URL', default: 'https://api.notion.com', sandbox: { url: 'notion' } },
      database_title: { type: 'string', description: 'Title of the database', default: 'UniFi Distributors' },
      rate_per_second: { type: 'number', description: 'Requests per second for this token', default: 3, min: 0.1, max: 1000, sandbox: { value: 50 } },
    },
    digest: {
      webhook_url: { type: 'url', description: 'Where the change digest is posted (optional)', sandbox: { url: 'hooks', path: '/unifi-channels' } },
      secret: { type: 'secret', description: 'Signing secret of the digest (generated when not given)', generate: 'random' },
    },
  },
  connections: [
    {
      id: 'ui',
      connector: 'ui-distributor-locator',
      config: { base_url: '{{ui.base_url}}', min_interval_ms: '{{ui.min_interval_ms}}', regions: '{{ui.regions}}' },
      pipeline: { removal_misses: '{{ui.removal_misses}}' },
    },
  ],
  entities: [
    {
      type: 'company',
      stream: 'distributors',
      name: 'name',
      emails: ['email'],
      phones: ['phone'],
      attributes: ['website', 'contact_url'],
    },
  ],
  models: [COMPANIES_MODEL],
  destinations: [
    {
      id: 'notion',
      kind: 'notion',
      pull: true,
      config: {
        token: '{{notion.token}}',
        parent_page_id: '{{notion.parent_page_id}}',
        base_url: '{{notion.base_url}}',
        rate_per_second: '{{notion.rate_per_second}}',
        stream: 'distributors',
        database_title: '{{notion.database_title}}',
        key_property: 'Unifi ID',
        map_all_fields: false,
        on_removed: 'mark',
        properties: {
          name: { name: 'Company Name', type: 'title' },
          partner_type: { name: 'Partner Type', type: 'select' },
          address: { name: 'Address', type: 'rich_text' },
          city: { name: 'City', type: 'rich_text' },
          region: { name: 'Region', type: 'select', options: [...UI_REGIONS] },
          country_state: { name: 'Country/State', type: 'rich_text' },
          phone: { name: 'Phone', type: 'phone_number' },
          email: { name: 'Email', type: 'email' },
          website: { name: 'Website', type: 'url' },
          coordinates: { name: 'Coordinates', type: 'rich_text', template: '{latitude}, {longitude}' },
          sunmax: { name: 'SunMax', type: 'checkbox' },
          _status: { name: 'Status', type: 'select', options: ['active', 'removed'] },
          _first_seen_at: { name: 'First Discovered', type: 'date' },
          _last_seen_at: { name: 'Last Verified', type: 'date' },
          id: { name: 'Unifi ID', type: 'number' },
        },
        extra_properties: {
          'Analysis Status': { type: 'select', options: ['Not started', 'In progress', 'Done'] },
          Priority: { type: 'select', options: ['High', 'Medium', 'Low'] },
          Notes: 'rich_text',
        },
        human_owned: ['Analysis Status', 'Priority', 'Notes'],
      },
    },
    {
      id: 'digest',
      kind: 'webhook',
      optional: true,
      config: {
        url: '{{digest.webhook_url}}',
        secret: '{{digest.secret}}',
        streams: ['distributors'],
        kinds: ['created', 'updated', 'removed', 'restored'],
        format: 'digest',
        digest_title: 'UniFi distributors: what changed',
        label_field: 'name',
      },
    },
  ],
  schedules: [
    { id: 'daily', target: 'pack:{{pack}}', cron: '{{schedule.cron}}', timezone: '{{schedule.timezone}}', paused: '{{schedule.paused}}' },
  ],
  dashboards: [UNIFI_CHANNELS_DASHBOARD],
  indexes: [
    { stream: 'distributors', fields: ['region'] },
    { stream: 'distributors', fields: ['country_state'] },
    { stream: 'distributors', fields: ['partner_type'] },
    { stream: 'companies', fields: ['name'] },
  ],
  retention_days: '{{retention.raw_run_days}}',
});
