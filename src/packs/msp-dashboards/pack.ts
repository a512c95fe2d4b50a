import { definePack } from '../pack-spec.js';
import { MSP_MODELS } from './msp-models.js';
import './msp-transforms.js';

const notion = (stream: string, title: string, key: string) => ({
  token: '{{notion.token}}',
  parent_page_id: '{{notion.parent_page_id}}',
  base_url: '{{notion.base_url}}',
  rate_per_second: '{{notion.rate_per_second}}',
  model: stream,
  database_title: title,
  key_property: key,
  map_all_fields: false,
  on_removed: 'mark',
});

const n = (name: string, type = 'number') => ({ name, type });

/**
 * msp-dashboards (PACKS.md §2, seed 001, issue #12): four live Notion dashboards — Customer Status, Daily Health,
 * Config Changes, Alerts / Device Issues — from UniFi Site Manager and NinjaOne, with the Health Score, config-change
 * detection and risk, the alert lifecycle and customer matching as pure rules (this folder).
 */
export const mspDashboardsPack = definePack({
  id: 'msp-dashboards',
  name: 'MSP dashboards',
  description: 'Customer Status, Daily Health, Config Changes and Alerts in Notion from UniFi Site Manager and NinjaOne, with a Health Score per site and day.',
  version: '1.0.0',
  settings: {
    unifi: {
      base_url: { type: 'url', description: 'UniFi Site Manager API', default: 'https://api.ui.com', sandbox: { url: 'unifi' } },
      api_key: { type: 'secret', description: 'Site Manager API key (read-only)', required: true, sandbox: { credential: 'unifi-site-manager.api_key' } },
    },
    ninjaone: {
      base_url: { type: 'url', description: 'NinjaOne region host', default: 'https://app.ninjarmm.com', sandbox: { url: 'ninjaone' } },
      client_id: { type: 'string', description: 'OAuth client id (client credentials)', required: true, sandbox: { credential: 'ninjaone.client_id' } },
      client_secret: { type: 'secret', description: 'OAuth client secret', required: true, sandbox: { credential: 'ninjaone.client_secret' } },
    },
    notion: {
      token: { type: 'secret', description: 'Notion integration token', required: true, sandbox: { credential: 'notion.token' } },
      parent_page_id: { type: 'string', description: 'The page the four databases are created under', required: true, sandbox: { credential: 'notion.parent_page_id' } },
      base_url: { type: 'url', description: 'Notion API base URL', default: 'https://api.notion.com', sandbox: { url: 'notion' } },
      rate_per_second: { type: 'number', description: 'Requests per second for this token', default: 3, min: 0.1, max: 1000, sandbox: { value: 50 } },
    },
    schedule: {
      cron: { type: 'cron', description: 'Status, alerts and changes (every 15 minutes; as often as every 5); daily health is computed at the first run after 06:00 site-local', default: '*/15 * * * *', min: 5 },
      paused: { type: 'boolean', description: 'Install the schedule paused', default: false },
    },
    changes: {
      tool_risk: { type: 'list', description: 'Default risk per tool, e.g. ansible=low,terraform=high (medium when unset)', default: [] },
    },
    alerts: {
      webhook_url: { type: 'url', description: 'Where health_drop notifications are posted (optional)' },
      secret: { type: 'secret', description: 'Signing secret of the notifications (generated when not given)', generate: 'random' },
    },
  },
  connections: [
    { id: 'unifi', connector: 'unifi-site-manager', config: { base_url: '{{unifi.base_url}}', api_key: '{{unifi.api_key}}' } },
    {
      id: 'ninjaone',
      connector: 'ninjaone',
      config: { base_url: '{{ninjaone.base_url}}', client_id: '{{ninjaone.client_id}}', client_secret: '{{ninjaone.client_secret}}' },
      // Alerts clear often: a cleared alert is removed (resolved) at once, however many clear together.
      pipeline: { removal_guard_min: 1000 },
    },
  ],
  models: [...MSP_MODELS],
  destinations: [
    {
      id: 'customers',
      kind: 'notion',
      pull: true,
      config: {
        ...notion('msp_customer_status', 'Customer Status', 'Customer ID'),
        properties: {
          site_name: { name: 'Site Name', type: 'title' },
          customer_id: { name: 'Customer ID', type: 'rich_text' },
          state: { name: 'State', type: 'rich_text' },
          device_count: n('Device Count'),
          stack_type: { name: 'Stack Type', type: 'select', options: ['UniFi', 'UniFi + NinjaOne'] },
          deployment_status: { name: 'Deployment Status', type: 'select', options: ['onboarding', 'active', 'maintenance', 'needs attention', 'offboarding'] },
          health_score: n('Health Score'),
          last_health_check: { name: 'Last Health Check', type: 'date' },
          open_tickets: n('Open Tickets'),
        },
        extra_properties: { 'Contract Renewal': 'date', 'Primary Contact': 'rich_text', Notes: 'rich_text' },
        human_owned: ['Contract Renewal', 'Primary Contact', 'Notes'],
        // Sluice sets Deployment Status from the health band; a person setting onboarding or offboarding in Notion wins.
        human_values: { 'Deployment Status': ['onboarding', 'offboarding'] },
      },
    },
    {
      id: 'health',
      kind: 'notion',
      pull: true,
      config: {
        ...notion('msp_daily_health', 'Daily Health', 'Health ID'),
        properties: {
          site_name: { name: 'Name', type: 'title', template: '{site_name} {date}' },
          id: { name: 'Health ID', type: 'rich_text' },
          date: { name: 'Date', type: 'date' },
          site_id: { name: 'Site', type: 'relation', relation: '{{destination:customers}}' },
          devices_online: n('Devices Online'),
          devices_offline: n('Devices Offline'),
          devices_total: n('Devices Total'),
          availability_pct: n('Availability %'),
          wifi_clients: n('WiFi Clients'),
          signal_warnings: n('Signal Warnings'),
          active_alerts: n('Active Alerts'),
          alert_summary: { name: 'Alert Summary', type: 'rich_text' },
          config_drift: { name: 'Config Drift', type: 'checkbox' },
          backup_status: { name: 'Backup Status', type: 'select', options: ['ok', 'partial', 'failed', 'unknown'] },
          health_score: n('Health Score'),
          needs_review: { name: 'Needs Review', type: 'checkbox' },
          notes: { name: 'Notes', type: 'rich_text' },
        },
      },
    },
    {
      id: 'changes',
      kind: 'notion',
      config: {
        ...notion('msp_config_changes', 'Config Changes', 'Change ID'),
        properties: {
          summary: { name: 'Summary', type: 'title' },
          change_id: { name: 'Change ID', type: 'rich_text' },
          site: { name: 'Site', type: 'rich_text' },
          tool: { name: 'Tool', type: 'select' },
          vendor: { name: 'Vendor', type: 'select' },
          category: { name: 'Category', type: 'select' },
          action: { name: 'Action', type: 'select' },
          details: { name: 'Details', type: 'rich_text' },
          engineer: { name: 'Engineer', type: 'rich_text' },
          timestamp: { name: 'Timestamp', type: 'date' },
          risk_level: { name: 'Risk Level', type: 'select', options: ['low', 'medium', 'high', 'critical'] },
          ticket_id: { name: 'Ticket ID', type: 'rich_text' },
          rollback_plan: { name: 'Rollback Plan', type: 'rich_text' },
        },
      },
    },
    {
      id: 'alerts',
      kind: 'notion',
      config: {
        ...notion('msp_alerts', 'Alerts', 'Alert UID'),
        properties: {
          device: { name: 'Device', type: 'title' },
          organization: { name: 'Organization', type: 'rich_text' },
          issue_type: { name: 'Issue Type', type: 'select', options: ['disk_space', 'memory', 'disk_io', 'offline', 'backup_failed', 'cpu', 'service_down'] },
          severity: { name: 'Severity', type: 'select', options: ['critical', 'warning'] },
          priority: { name: 'Priority', type: 'select', options: ['NONE', 'LOW', 'MEDIUM', 'HIGH'] },
          details: { name: 'Details', type: 'rich_text' },
          status: { name: 'Status', type: 'select', options: ['new', 'acknowledged', 'resolved'] },
          uid: { name: 'Alert UID', type: 'rich_text' },
          created: { name: 'Created', type: 'date' },
          last_seen: { name: 'Last Seen', type: 'date' },
        },
      },
    },
    {
      id: 'health_drop',
      kind: 'webhook',
      optional: true,
      config: {
        url: '{{alerts.webhook_url}}',
        secret: '{{alerts.secret}}',
        streams: ['msp_daily_health'],
        kinds: ['created', 'updated'],
        where: { health_drop: true },
      },
    },
  ],
  schedules: [{ id: 'cycle', target: 'pack:{{pack}}', cron: '{{schedule.cron}}', paused: '{{schedule.paused}}' }],
  // Customer = UniFi site; its NinjaOne organization by entity resolution on normalised names (msp-customer.rules.ts):
  // ambiguous pairs go to the review queue (`sluice review list --type msp_customer`), decisions bind later runs.
  entities: [
    { type: 'msp_customer', stream: 'unifi_sites', name: ['desc', 'name'], attributes: ['timezone'] },
    { type: 'msp_customer', stream: 'ninjaone_organizations', name: 'name', attributes: ['description'] },
  ],
  indexes: [
    { stream: 'msp_alerts', fields: ['organization_id'] },
    { stream: 'msp_config_changes', fields: ['site_id'] },
    { stream: 'msp_daily_health', fields: ['site_id'] },
  ],
});
