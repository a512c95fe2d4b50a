import type { ReadContext, SourceConnector, SourceMessage, StreamDef } from '../../core/connector.js';
import { nextActivitiesState, readActivities } from './ninjaone-activities.js';
import { nextBackupJobsState, readBackupJobs } from './ninjaone-backup-jobs.js';
import { ninjaAfterPages, ninjaApi, ninjaList } from './ninjaone-api.js';
import { checkNinjaOne } from './ninjaone-check.js';
import { ninjaoneConfigSchema, type NinjaOneConfig } from './ninjaone-config.js';
import { alertRecord, deviceRecord, organizationRecord } from './ninjaone-records.js';
import { ninjaActivitySchema, ninjaAlertSchema, ninjaBackupJobSchema, ninjaDeviceSchema, ninjaOrganizationSchema } from './ninjaone-schemas.js';

type Ctx = ReadContext<NinjaOneConfig>;

async function* readOrganizations(ctx: Ctx): AsyncIterable<SourceMessage> {
  const { client } = ninjaApi(ctx, ctx.config);
  for await (const page of ninjaAfterPages(client, '/v2/organizations', ctx.config.page_size, ctx.signal)) {
    for (const o of page) yield { type: 'record', data: organizationRecord(o) };
  }
}

async function* readDevices(ctx: Ctx): AsyncIterable<SourceMessage> {
  const { client } = ninjaApi(ctx, ctx.config);
  for await (const page of ninjaAfterPages(client, '/v2/devices-detailed', ctx.config.page_size, ctx.signal)) {
    for (const d of page) yield { type: 'record', data: deviceRecord(d) };
  }
}

/** Active alerts (not paginated): a full snapshot, so an alert that cleared is inferred removed. */
async function* readAlerts(ctx: Ctx): AsyncIterable<SourceMessage> {
  const { client } = ninjaApi(ctx, ctx.config);
  for (const a of await ninjaList(client, '/v2/alerts', ctx.signal)) yield { type: 'record', data: alertRecord(a) };
}

const STREAMS: readonly StreamDef<NinjaOneConfig>[] = [
  { name: 'ninjaone_organizations', primaryKey: ['id'], schema: ninjaOrganizationSchema, syncMode: 'full_snapshot', read: readOrganizations },
  { name: 'ninjaone_devices', primaryKey: ['id'], schema: ninjaDeviceSchema, syncMode: 'full_snapshot', read: readDevices },
  { name: 'ninjaone_alerts', primaryKey: ['uid'], schema: ninjaAlertSchema, syncMode: 'full_snapshot', read: readAlerts },
  {
    name: 'ninjaone_activities',
    primaryKey: ['id'],
    schema: ninjaActivitySchema,
    syncMode: 'incremental',
    cursorField: 'id',
    read: readActivities,
    nextState: nextActivitiesState,
  },
  {
    name: 'ninjaone_backup_jobs',
    primaryKey: ['jobId'],
    schema: ninjaBackupJobSchema,
    syncMode: 'incremental',
    cursorField: 'jobStartTime',
    read: readBackupJobs,
    nextState: nextBackupJobsState,
  },
];

/** NinjaOne RMM (public API v2): organizations, devices, active alerts, activities by id and backup jobs by start time. */
export const ninjaoneConnector: SourceConnector<NinjaOneConfig> = {
  manifest: {
    id: 'ninjaone',
    name: 'NinjaOne',
    description: 'Organizations, devices (detailed), active alerts, backup jobs and the activity log of a NinjaOne tenant (OAuth2 client credentials).',
    configSchema: ninjaoneConfigSchema,
    secrets: ['client_secret'],
    fields: [
      { name: 'base_url', label: 'Region host', description: 'https://app.ninjarmm.com (US), us2, eu, ca or oc' },
      { name: 'client_id', label: 'Client id', required: true },
      { name: 'client_secret', label: 'Client secret', secret: true, required: true },
      { name: 'scopes', label: 'Scopes', description: 'space-separated; default "monitoring" (read-only)' },
      { name: 'page_size', label: 'Page size', description: 'organizations and devices per page (default 500)' },
      { name: 'activities_page_size', label: 'Activities page size', description: '10–1000 (default 1000)' },
      { name: 'activities_lookback_days', label: 'Activities history on first sync (days)', description: 'default 7' },
      { name: 'backup_jobs_page_size', label: 'Backup jobs page size', description: '1–10,000 (default 1000)' },
      { name: 'backup_jobs_lookback_days', label: 'Backup jobs history on first sync (days)', description: 'default 3' },
      { name: 'backup_jobs_overlap_hours', label: 'Backup jobs re-read window (hours)', description: 'default 24: catches the final status of recent jobs' },
    ],
  },
  check: checkNinjaOne,
  streams: () => STREAMS,
};
