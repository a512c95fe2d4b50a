/**
 * The msp-dashboards models: SQL over the stream views (`data.*`) and the pack's tables, with the pack's pure rules
 * registered as transforms (msp-transforms.ts). Timestamps leave SQL as ISO text; the transforms do the rest.
 */
const iso = (col: string) => `to_char((${col}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/** When a source's streams last completed a sync (rows that depend on a source older than this say they are stale). */
const syncedAt = (connector: string) =>
  `(select ${iso('max(st.last_complete_run_at)')} from stream_state st join streams sx on sx.id = st.stream_id where sx.connector = '${connector}')`;

const f = (name: string, type: string, extra: Record<string, unknown> = {}) => ({ name, type, ...extra });

const orgJson = (o: string) => `jsonb_build_object('id', ${o}.id, 'name', ${o}.name, 'description', ${o}.description)`;
/** The organization a resolution record id (`ninjaone_organizations:<key>`) names, if it is one and still active. */
const orgOfRecord = (o: string, rid: string) =>
  `${o}._status = 'active' and ${rid} like 'ninjaone_organizations:%' and ${o}._key = substr(${rid}, length('ninjaone_organizations:') + 1)`;
const other = (t: string) => `(case when ${t}.record_a = x.rid then ${t}.record_b else ${t}.record_a end)`;

/**
 * Site ↔ NinjaOne organization (msp.customer_match): entity resolution of type `msp_customer` links them by name
 * (the pack's `entities`), its review queue holds the ambiguous pairs; a person's mapping, then a reviewer's approval,
 * win.
 */
export const CUSTOMER_LINKS_MODEL = {
  name: 'msp_customer_links',
  title: 'Customer links',
  description: 'Each UniFi site and the NinjaOne organization it belongs to (entity resolution on names, the review queue, or a person\'s mapping)',
  inputs: ['unifi_sites', 'ninjaone_organizations'],
  primaryKey: ['site_id'],
  transforms: ['msp.customer_match'],
  sql: `select s.siteid as site_id, s."desc" as site_desc, s.name as site_name, coalesce(l.manual_org, false) as manual,
    (select ${orgJson('o')} from data.ninjaone_organizations o where o.id = l.organization_id and o._status = 'active') as manual_org,
    (select ${orgJson('o')} from resolution_records rs
       join resolution_records ro on ro.entity_type = rs.entity_type and ro.entity_id = rs.entity_id and ro.source = 'ninjaone_organizations'
       join data.ninjaone_organizations o on ${orgOfRecord('o', 'ro.record_id')}
      where rs.entity_type = 'msp_customer' and rs.record_id = x.rid order by o.id limit 1) as linked,
    (select ${orgJson('o')} from resolution_decisions d join data.ninjaone_organizations o on ${orgOfRecord('o', other('d'))}
      where d.entity_type = 'msp_customer' and x.rid in (d.record_a, d.record_b) and d.kind = 'approve'
        and not exists (select 1 from resolution_decisions d2 where d2.entity_type = d.entity_type and d2.id > d.id
          and least(d2.record_a, d2.record_b) = least(d.record_a, d.record_b) and greatest(d2.record_a, d2.record_b) = greatest(d.record_a, d.record_b))
      order by d.id desc limit 1) as approved,
    (select coalesce(jsonb_agg(jsonb_build_object('reviewId', v.id, 'cause', v.cause, 'organization', ${orgJson('o')}) order by v.id), '[]'::jsonb)
       from resolution_reviews v join data.ninjaone_organizations o on ${orgOfRecord('o', other('v'))}
      where v.entity_type = 'msp_customer' and v.status = 'open' and x.rid in (v.record_a, v.record_b)) as reviews
  from data.unifi_sites s cross join lateral (select 'unifi_sites:' || s._key as rid) x
  left join msp_customer_decisions l on l.site_id = s.siteid
  where s._status = 'active'`,
  schema: {
    fields: [
      f('site_id', 'string', { required: true }), f('site_name', 'string'), f('organization_id', 'integer'), f('organization_name', 'string'),
      f('organization_description', 'string'),
      f('match_method', 'string', { enum: ['manual', 'review', 'exact', 'fuzzy', 'none'] }), f('match_status', 'string', { enum: ['linked', 'review', 'unmatched'] }),
      f('match_score', 'number'), f('candidates', 'json'),
    ],
  },
} as const;

/** One row per NinjaOne alert uid, active or cleared (msp.alert_rules: issue type, severity, priority, status). */
export const ALERTS_MODEL = {
  name: 'msp_alerts',
  title: 'Alerts / Device Issues',
  description: 'NinjaOne alerts with issue type, severity and priority from the latest activity of their series; cleared alerts are resolved',
  inputs: ['ninjaone_alerts', 'ninjaone_activities', 'ninjaone_devices', 'ninjaone_organizations'],
  primaryKey: ['uid'],
  transforms: ['msp.alert_rules'],
  sql: `with act as (
    select distinct on (seriesuid) seriesuid, id, ${iso('activitytime')} as activity_time, severity, priority, statuscode, status
      from data.ninjaone_activities where seriesuid is not null
     order by seriesuid, activitytime desc nulls last, id desc
  )
  select a.uid, coalesce(d.displayname, a.devicename, d.systemname, a.deviceid::text) as device,
    coalesce(d.organizationid, a.organizationid) as organization_id, o.name as organization,
    a.sourcetype as source_type, a.subject, a.message, a.data, a.psaticketid as psa_ticket_id,
    coalesce(d.offline, false) as device_offline, (a._status = 'active') as active,
    ${iso('a.createtime')} as created, ${iso("case when a._status = 'active' then coalesce(a.updatetime, a.createtime) else a._updated_at end")} as last_seen,
    act.id as activity_id, act.activity_time, act.severity as activity_severity, act.priority as activity_priority,
    act.statuscode as activity_status_code, act.status as activity_status,
    ${syncedAt('ninjaone')} as ninjaone_synced_at
  from data.ninjaone_alerts a
  left join data.ninjaone_devices d on d.id = a.deviceid
  left join data.ninjaone_organizations o on o.id = coalesce(d.organizationid, a.organizationid)
  left join act on act.seriesuid = a.uid`,
  schema: {
    fields: [
      f('uid', 'string', { required: true }), f('device', 'string'), f('organization', 'string'), f('organization_id', 'integer'),
      f('issue_type', 'string', { enum: ['disk_space', 'memory', 'disk_io', 'offline', 'backup_failed', 'cpu', 'service_down'] }),
      f('severity', 'string', { enum: ['critical', 'warning'] }), f('severity_reason', 'string'), f('priority', 'string'),
      f('details', 'text'), f('status', 'string', { enum: ['new', 'acknowledged', 'resolved'] }), f('psa_ticket_id', 'string'),
      f('created', 'datetime'), f('last_seen', 'datetime'), f('stale', 'boolean'),
    ],
  },
} as const;

/** Detected (field-level UniFi history) and logged config changes, with risk (msp.config_changes). */
export const CONFIG_CHANGES_MODEL = {
  name: 'msp_config_changes',
  title: 'Config Changes',
  description: 'Configuration changes detected in the UniFi history (firmware, model, name, adoption, site settings) and changes logged by people and tools',
  inputs: ['unifi_devices', 'unifi_sites'],
  primaryKey: ['change_id'],
  transforms: ['msp.config_changes'],
  sql: `with site as (
    select siteid, hostid, coalesce(nullif("desc", ''), name) as display from data.unifi_sites
  ),
  det as (
    select c.id, c.stream, c.key, c.fields, c.at, d.name as device_name, d.model as device_model,
      coalesce(d.siteid, (select s2.siteid from site s2 where s2.hostid = d.hostid order by s2.siteid limit 1),
        case when c.stream = 'unifi_sites' then c.key end) as site_id
    from data._changes c
    left join data.unifi_devices d on c.stream = 'unifi_devices' and d._key = c.key
    where c.stream in ('unifi_devices', 'unifi_sites') and c.kind = 'updated'
      and c.fields ?| array['version', 'model', 'name', 'adoptionTime', 'isManaged', 'desc', 'timezone', 'ipsMode', 'lanConfiguration', 'wanConfiguration', 'wifiConfiguration']
  )
  select null::text as change_id, 'detected' as source, det.id::text as row_id, det.stream, det.key, det.fields, ${iso('det.at')} as at,
    det.device_name, det.device_model, det.site_id, site.display as site_name, null::jsonb as logged
  from det left join site on site.siteid = det.site_id
  union all
  select null, 'logged', null, null, null, null, null, null, null, l.site_id, null,
    jsonb_build_object('change_id', l.change_id, 'site', l.site, 'device', l.device, 'tool', l.tool, 'vendor', l.vendor,
      'category', l.category, 'action', l.action, 'summary', l.summary, 'details', l.details, 'engineer', l.engineer,
      'ticket_id', l.ticket_id, 'rollback_plan', l.rollback_plan, 'risk_level', l.risk_level, 'at', ${iso('l.logged_at')})
  from msp_logged_changes l`,
  schema: {
    fields: [
      f('change_id', 'string', { required: true }), f('source', 'string', { enum: ['detected', 'logged'] }), f('site', 'string'),
      f('site_id', 'string'), f('device', 'string'), f('tool', 'string'), f('vendor', 'string'), f('category', 'string'),
      f('action', 'string'), f('summary', 'text'), f('details', 'text'), f('engineer', 'string'), f('timestamp', 'datetime'),
      f('risk_level', 'string', { enum: ['low', 'medium', 'high', 'critical'] }), f('ticket_id', 'string'), f('rollback_plan', 'text'),
    ],
  },
} as const;

/**
 * One row per site per health date (msp.daily_health). Each refresh hands the transform every site's current inputs
 * and the rows already computed (read back from the model's own records): a day's row is computed once, at the first
 * refresh after 06:00 site-local, and kept as it was; `--health-date` recomputes a given day from the current data.
 */
export const DAILY_HEALTH_MODEL = {
  name: 'msp_daily_health',
  title: 'Daily Health',
  description: 'Per site per day at 06:00 site-local: devices, availability, Wi-Fi, alerts, backups, config drift and the Health Score',
  inputs: ['msp_customer_links', 'msp_alerts', 'msp_config_changes', 'ninjaone_backup_jobs', 'ninjaone_devices', 'unifi_sites'],
  primaryKey: ['id'],
  transforms: ['msp.daily_health'],
  removal: { misses: 3 },
  sql: `with lk as (select site_id, organization_id from data.msp_customer_links),
  jobs_from as (select max(jobstarttime) - interval '40 days' as t from data.ninjaone_backup_jobs)
  select null::text as id, 'input' as row_kind, s.siteid as site_id, coalesce(nullif(s."desc", ''), s.name) as site_name, s.timezone,
    s.totaldevice, s.offlinedevice, s.wificlient, s.offlinewifidevice, s.wifidevice, lk.organization_id,
    (select coalesce(jsonb_agg(coalesce(d.offline, false)), '[]'::jsonb) from data.ninjaone_devices d
      where d._status = 'active' and d.organizationid = lk.organization_id) as ninja_offline,
    (select coalesce(jsonb_agg(jsonb_build_object('device', a.device, 'issueType', a.issue_type, 'severity', a.severity, 'created', a.created)), '[]'::jsonb)
       from data.msp_alerts a where a.organization_id = lk.organization_id and a.status <> 'resolved') as issues,
    (select coalesce(jsonb_agg(jsonb_build_object('status', j.jobstatus, 'startTime', ${iso('j.jobstarttime')})), '[]'::jsonb)
       from data.ninjaone_backup_jobs j, jobs_from where j.organizationid = lk.organization_id and j.jobstarttime > jobs_from.t) as jobs,
    (select coalesce(jsonb_agg(jsonb_build_object('siteId', c.site_id, 'device', c.device, 'category', c.category, 'detectedAt', ${iso('c.timestamp')})), '[]'::jsonb)
       from data.msp_config_changes c where c.site_id = s.siteid and c.source = 'detected') as detected,
    (select coalesce(jsonb_agg(jsonb_build_object('siteId', l.site_id, 'device', l.device, 'category', l.category, 'loggedAt', ${iso('l.logged_at')})), '[]'::jsonb)
       from msp_logged_changes l where l.site_id = s.siteid) as logged,
    ${syncedAt('unifi-site-manager')} as unifi_synced_at, ${syncedAt('ninjaone')} as ninjaone_synced_at,
    null::jsonb as computed
  from data.unifi_sites s left join lk on lk.site_id = s.siteid
  where s._status = 'active'
  union all
  select null, 'computed', r.data->>'site_id', null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, r.data
  from records r join streams st on st.id = r.stream_id
  where st.name = 'msp_daily_health' and r.status = 'active'`,
  schema: {
    fields: [
      f('id', 'string', { required: true, description: 'site id and date' }), f('site_id', 'string', { required: true }),
      f('site_name', 'string'), f('date', 'date', { required: true }), f('evaluated_at', 'datetime'),
      f('devices_online', 'integer'), f('devices_offline', 'integer'), f('devices_total', 'integer'), f('availability_pct', 'number'),
      f('wifi_clients', 'integer'), f('signal_warnings', 'integer'), f('weak_wifi_share', 'number'), f('active_alerts', 'integer'),
      f('critical_alerts', 'integer'), f('warning_alerts', 'integer'), f('alert_summary', 'text'), f('config_drift', 'boolean'),
      f('backup_status', 'string', { enum: ['ok', 'partial', 'failed', 'unknown'] }), f('health_score', 'integer'),
      f('band', 'string', { enum: ['healthy', 'warning', 'critical'] }), f('needs_review', 'boolean'), f('previous_score', 'integer'),
      f('health_drop', 'boolean'), f('notes', 'text'),
    ],
  },
} as const;

/** One row per site: the latest health, device count, stack, deployment status (msp.customer_status). */
export const CUSTOMER_STATUS_MODEL = {
  name: 'msp_customer_status',
  title: 'Customer Status',
  description: 'One row per UniFi site: organization, devices, stack, latest Health Score and Deployment Status',
  inputs: ['msp_customer_links', 'msp_daily_health', 'msp_alerts', 'unifi_sites', 'ninjaone_devices'],
  primaryKey: ['customer_id'],
  transforms: ['msp.customer_status'],
  sql: `with latest as (
    select distinct on (h.site_id) h.site_id, h.health_score, h.band, h.date from data.msp_daily_health h
     where h._status = 'active' order by h.site_id, h.date desc
  )
  select s.siteid as customer_id, coalesce(nullif(s."desc", ''), s.name) as site_name, lk.organization_id, lk.organization_name,
    lk.organization_description, lk.match_status, coalesce(s.totaldevice, 0) as unifi_devices,
    (select count(*)::int from data.ninjaone_devices d where d._status = 'active' and d.organizationid = lk.organization_id) as ninja_devices,
    (select count(distinct a.psa_ticket_id)::int from data.msp_alerts a
      where a.organization_id = lk.organization_id and a.status <> 'resolved' and a.psa_ticket_id is not null) as open_tickets,
    latest.health_score, latest.band, to_char(latest.date, 'YYYY-MM-DD') as last_health_check, cl.deployment_override
  from data.unifi_sites s
  left join data.msp_customer_links lk on lk.site_id = s.siteid
  left join latest on latest.site_id = s.siteid
  left join msp_customer_decisions cl on cl.site_id = s.siteid
  where s._status = 'active'`,
  schema: {
    fields: [
      f('customer_id', 'string', { required: true }), f('site_name', 'string'), f('organization', 'string'), f('state', 'string'),
      f('device_count', 'integer'), f('stack_type', 'string'),
      f('deployment_status', 'string', { enum: ['onboarding', 'active', 'maintenance', 'needs attention', 'offboarding'] }),
      f('health_score', 'integer'), f('band', 'string'), f('last_health_check', 'date'), f('open_tickets', 'integer'),
      f('match_status', 'string'),
    ],
  },
} as const;

export const MSP_MODELS = [CUSTOMER_LINKS_MODEL, ALERTS_MODEL, CONFIG_CHANGES_MODEL, DAILY_HEALTH_MODEL, CUSTOMER_STATUS_MODEL];
