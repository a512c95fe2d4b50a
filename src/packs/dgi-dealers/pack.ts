import { DGI_MODULES } from '../../connectors/dgi/dgi-streams.js';
import { definePack } from '../pack-spec.js';
import { DGI_DEALERS_DASHBOARDS, DGI_DEALERS_INDEXES, DGI_DEALERS_ROLLUPS } from './dgi-dealers.dashboards.js';

const override = (key: string) => `{{dealer.${key} ?? api.${key}}}`;

/**
 * dgi-dealers (PACKS.md §4, seed 003): Honda dealers' business data from the AHM DGI API — one connection per dealer
 * (added with `sluice pack add dgi-dealers dealer <name> --set dealer.dealer_id=… …`), one schedule per dealer × job
 * type, the main dealer's API configuration shared by its dealers (each may override it), and the analytics pages.
 */
export const dgiDealersPack = definePack({
  id: 'dgi-dealers',
  name: 'DGI dealers',
  description: 'Honda dealers on the AHM DGI API: per-dealer × job-type schedules, manual range runs, job history and one analytics page per job type with Rupiah statistics and export.',
  version: '1.0.0',
  settings: {
    api: {
      base_url: { type: 'url', description: 'The main dealer’s DGI host (without /dgi-api/v1.3)', required: true, sandbox: { url: 'dgi' } },
      timeout_ms: { type: 'integer', description: 'Request timeout (ms)', default: 30_000, min: 1_000, max: 300_000 },
      retries: { type: 'integer', description: 'Retries of timeouts, 5xx and 429', default: 3, min: 0, max: 10 },
      requests_per_second: { type: 'number', description: 'Requests per second per API key (shared by the key’s dealers)', default: 5, min: 0.1, max: 100, sandbox: { value: 100 } },
      window_days: { type: 'integer', description: 'Days per request (the DGI API serves at most 7)', default: 7, min: 1, max: 7 },
      overlap_minutes: { type: 'integer', description: 'How far before the last high-water mark a run starts again', default: 60, min: 0, max: 1440 },
      time_zone: { type: 'timezone', description: 'The main dealer’s clock', default: 'Asia/Jakarta' },
    },
    schedule: {
      timezone: { type: 'timezone', description: 'Time zone of the schedules', default: 'Asia/Jakarta' },
      paused: { type: 'boolean', description: 'Install the dealers’ schedules paused', default: false },
      every_minutes: {
        type: 'integer',
        description: 'Minutes between two runs of each dealer × job type (divides an hour, or whole hours dividing a day); the runs are spread over this period across all dealers, and dealers sharing an API key at one host never start together',
        default: 60, min: 5, max: 1440,
      },
    },
    retention: {
      raw_run_days: { type: 'integer', description: 'Days raw runs and their logs are kept (changes are kept forever)', default: 90, min: 1, max: 3650 },
    },
  },
  instances: {
    dealer: {
      description: 'A dealer: its DGI connection (ODA code, keys) and one schedule per job type, staggered across dealers',
      settings: {
        dealer_id: { type: 'string', description: 'The dealer’s ODA code (at most 10 letters or digits)', required: true },
        dealer_name: { type: 'string', description: 'The dealer’s name', required: true },
        api_key: { type: 'secret', description: 'DGI API key of the dealer’s group', required: true },
        secret_key: { type: 'secret', description: 'DGI secret key of the dealer’s group', required: true },
        base_url: { type: 'url', description: 'This dealer’s DGI host, when not the pack’s api.base_url' },
        timeout_ms: { type: 'integer', description: 'Overrides api.timeout_ms', min: 1_000, max: 300_000 },
        retries: { type: 'integer', description: 'Overrides api.retries', min: 0, max: 10 },
        requests_per_second: { type: 'number', description: 'Overrides api.requests_per_second (keep it equal for dealers sharing a key)', min: 0.1, max: 100 },
        window_days: { type: 'integer', description: 'Overrides api.window_days', min: 1, max: 7 },
        overlap_minutes: { type: 'integer', description: 'Overrides api.overlap_minutes', min: 0, max: 1440 },
      },
      connections: [
        {
          id: 'dgi',
          connector: 'dgi',
          name: '{{instance.name}}',
          config: {
            dealer_id: '{{dealer.dealer_id}}',
            dealer_name: '{{dealer.dealer_name}}',
            api_key: '{{dealer.api_key}}',
            secret_key: '{{dealer.secret_key}}',
            base_url: override('base_url'),
            timeout_ms: override('timeout_ms'),
            retries: override('retries'),
            requests_per_second: override('requests_per_second'),
            window_days: override('window_days'),
            overlap_minutes: override('overlap_minutes'),
            time_zone: '{{api.time_zone}}',
          },
        },
      ],
      // Staggered over every dealer: one dealer's job types a share of the period apart, dealers of one key between.
      stagger: { every_minutes: '{{schedule.every_minutes}}', group: '{{dealer.base_url ?? api.base_url}} {{dealer.api_key}}' },
      schedules: DGI_MODULES.map((m) => ({
        id: m.jobType.replace(/_/g, '-'),
        target: `sync:{{connection:dgi}}/${m.stream}`,
        cron: '{{stagger.cron}}',
        timezone: '{{schedule.timezone}}',
        paused: '{{schedule.paused}}',
      })),
    },
  },
  dashboards: DGI_DEALERS_DASHBOARDS,
  indexes: DGI_DEALERS_INDEXES,
  rollups: DGI_DEALERS_ROLLUPS,
  retention_days: '{{retention.raw_run_days}}',
});
