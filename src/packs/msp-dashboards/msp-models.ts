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
/** Both orientations of a pair (a review or a decision names two records, either may be the site). */
const bothWays = (t: string) => `cross join lateral (select ${t}.record_a as rid, ${t}.record_b as other union select ${t}.record_b, ${t}.record_a) e`;

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
  // Set-based: each input is read once. Organizations are looked up by resolution record id
  // (`ninjaone_organizations:<key>`) in one jsonb object built once, and each site's link, approval and reviews in one
  // object per kind keyed by the site's record id (`unifi_sites:<key>`): lookups rather than joins, so the plan does
  // not hang on estimates for the resolution tables (never analyzed after a small pass). Lookups are made in a
  // materialized step of their own, so no sort or aggregate carries an object along.
  sql: `with org as materialized (
    select 'ninjaone_organizations:' || o._key as rid, o.id, ${orgJson('o')} as j from data.ninjaone_organizations o where o._status = 'active'
  ),
  orgs as materialized (select jsonb_object_agg(rid, j) as by_rid, jsonb_object_agg(id::text, j) as by_id from org),
  -- The organization each organization record of a resolved entity names, then the first (lowest id) per entity.
  org_records as materialized (
    select r.entity_id, orgs.by_rid -> r.record_id as j from resolution_records r cross join orgs
     where r.entity_type = 'msp_customer' and r.entity_id is not null and orgs.by_rid ? r.record_id
  ),
  entity_org as materialized (
    select jsonb_object_agg(e.entity_id::text, e.j) as by_entity from (
      select distinct on (entity_id) entity_id, j from org_records order by entity_id, (j ->> 'id')::bigint
    ) e
  ),
  linked_rows as materialized (
    select r.record_id as rid, eo.by_entity -> r.entity_id::text as j from resolution_records r cross join entity_org eo
     where r.entity_type = 'msp_customer' and r.record_id like 'unifi_sites:%' and eo.by_entity ? r.entity_id::text
  ),
  -- The latest decision on a pair is the one that binds: an approval links the site to the organization on the other side.
  pair_latest as materialized (
    select distinct on (least(d.record_a, d.record_b), greatest(d.record_a, d.record_b)) d.id, d.kind, d.record_a, d.record_b
      from resolution_decisions d where d.entity_type = 'msp_customer'
     order by least(d.record_a, d.record_b), greatest(d.record_a, d.record_b), d.id desc
  ),
  approved_rows as materialized (
    select e.rid, p.id, orgs.by_rid -> e.other as j from pair_latest p ${bothWays('p')} cross join orgs
     where p.kind = 'approve' and orgs.by_rid ? e.other
  ),
  review_rows as materialized (
    select e.rid, v.id, jsonb_build_object('reviewId', v.id, 'cause', v.cause, 'organization', orgs.by_rid -> e.other) as item
      from resolution_reviews v ${bothWays('v')} cross join orgs
     where v.entity_type = 'msp_customer' and v.status = 'open' and orgs.by_rid ? e.other
  ),
  site_maps as materialized (
    select (select jsonb_object_agg(rid, j) from linked_rows) as linked,
      (select jsonb_object_agg(a.rid, a.j) from (select distinct on (rid) rid, j from approved_rows order by rid, id desc) a) as approved,
      (select jsonb_object_agg(g.rid, g.list) from (select rid, jsonb_agg(item order by id) as list from review_rows group by rid) g) as reviews
  )
  select s.siteid as site_id, s."desc" as site_desc, s.name as site_name, coalesce(l.manual_org, false) as manual,
    orgs.by_id -> l.organization_id::text as manual_org, m.linked -> x.rid as linked,
    m.approved -> x.rid as approved, coalesce(m.reviews -> x.rid, '[]'::jsonb) as reviews
  from data.unifi_sites s cross join lateral (select 'unifi_sites:' || s._key as rid) x
  cross join site_maps m cross join orgs
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
  // The sites as two lookups built once (display name by site, first site by host): the change rows' estimate is a
  // guess (a `?|` filter), so joins to them would be planned as nested loops.
  sql: `with sites as materialized (
    select (select jsonb_object_agg(siteid, coalesce(nullif("desc", ''), name)) from data.unifi_sites where siteid is not null) as display,
      (select jsonb_object_agg(h.hostid, h.siteid) from (select hostid, min(siteid) as siteid from data.unifi_sites
        where hostid is not null group by hostid) h) as first_of_host
  ),
  det as materialized (
    select c.id, c.stream, c.key, c.fields, c.at, d.name as device_name, d.model as device_model,
      -- A device without a site belongs to the first site of its host.
      coalesce(d.siteid, sites.first_of_host ->> d.hostid, case when c.stream = 'unifi_sites' then c.key end) as site_id
    from data._changes c
    left join data.unifi_devices d on c.stream = 'unifi_devices' and d._key = c.key
    cross join sites
    where c.stream in ('unifi_devices', 'unifi_sites') and c.kind = 'updated'
      and c.fields ?| array['version', 'model', 'name', 'adoptionTime', 'isManaged', 'desc', 'timezone', 'ipsMode', 'lanConfiguration', 'wanConfiguration', 'wifiConfiguration']
  )
  select null::text as change_id, 'detected' as source, det.id::text as row_id, det.stream, det.key, det.fields, ${iso('det.at')} as at,
    det.device_name, det.device_model, det.site_id, sites.display ->> det.site_id as site_name, null::jsonb as logged
  from det cross join sites
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
  // Set-based: each input is read once and grouped by organization or site (jsonb arrays the transform reads), then
  // joined to the sites; the order inside an array is fixed so a refresh sees the same input twice.
  sql: `with lk as materialized (select site_id, organization_id from data.msp_customer_links),
  jobs_from as materialized (select max(jobstarttime) - interval '40 days' as t from data.ninjaone_backup_jobs),
  dev as materialized (
    select d.organizationid as org, jsonb_agg(coalesce(d.offline, false) order by d._key) as list
      from data.ninjaone_devices d where d._status = 'active' and d.organizationid is not null group by 1
  ),
  iss as materialized (
    select a.organization_id as org,
      jsonb_agg(jsonb_build_object('device', a.device, 'issueType', a.issue_type, 'severity', a.severity, 'created', a.created) order by a._key) as list
      from data.msp_alerts a where a.status <> 'resolved' and a.organization_id is not null group by 1
  ),
  jobs as materialized (
    select j.organizationid as org, jsonb_agg(jsonb_build_object('status', j.jobstatus, 'startTime', ${iso('j.jobstarttime')}) order by j._key) as list
      from data.ninjaone_backup_jobs j, jobs_from where j.jobstarttime > jobs_from.t and j.organizationid is not null group by 1
  ),
  det as materialized (
    select c.site_id, jsonb_agg(jsonb_build_object('siteId', c.site_id, 'device', c.device, 'category', c.category, 'detectedAt', ${iso('c.timestamp')}) order by c._key) as list
      from data.msp_config_changes c where c.source = 'detected' and c.site_id is not null group by 1
  ),
  logged as materialized (
    select l.site_id, jsonb_agg(jsonb_build_object('siteId', l.site_id, 'device', l.device, 'category', l.category, 'loggedAt', ${iso('l.logged_at')}) order by l.id) as list
      from msp_logged_changes l where l.site_id is not null group by 1
  )
  select null::text as id, 'input' as row_kind, s.siteid as site_id, coalesce(nullif(s."desc", ''), s.name) as site_name, s.timezone,
    s.totaldevice, s.offlinedevice, s.wificlient, s.offlinewifidevice, s.wifidevice, lk.organization_id,
    coalesce(dev.list, '[]'::jsonb) as ninja_offline, coalesce(iss.list, '[]'::jsonb) as issues, coalesce(jobs.list, '[]'::jsonb) as jobs,
    coalesce(det.list, '[]'::jsonb) as detected, coalesce(logged.list, '[]'::jsonb) as logged,
    ${syncedAt('unifi-site-manager')} as unifi_synced_at, ${syncedAt('ninjaone')} as ninjaone_synced_at,
    null::jsonb as computed
  from data.unifi_sites s left join lk on lk.site_id = s.siteid
  left join dev on dev.org = lk.organization_id
  left join iss on iss.org = lk.organization_id
  left join jobs on jobs.org = lk.organization_id
  left join det on det.site_id = s.siteid
  left join logged on logged.site_id = s.siteid
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
  // Set-based: the latest health per site, NinjaOne devices and open tickets per organization, each computed once.
  sql: `with latest as materialized (
    select distinct on (h.site_id) h.site_id, h.health_score, h.band, h.date from data.msp_daily_health h
     where h._status = 'active' order by h.site_id, h.date desc
  ),
  nd as materialized (
    select d.organizationid as org, count(*)::int as n from data.ninjaone_devices d where d._status = 'active' group by 1
  ),
  tickets as materialized (
    select a.organization_id as org, count(distinct a.psa_ticket_id)::int as n from data.msp_alerts a
     where a.status <> 'resolved' and a.psa_ticket_id is not null group by 1
  ),
  -- Deployment Status as a person last set it in Notion (pulled back into this model's own records).
  notion_set as materialized (
    select distinct on (r.key) r.key, e.value -> 'Deployment Status' ->> 'value' as value, e.value -> 'Deployment Status' ->> 'at' as at
      from records r join streams st on st.id = r.stream_id cross join lateral jsonb_each(r.annotations) e
     where st.name = 'msp_customer_status' and r.annotations is not null and jsonb_typeof(e.value) = 'object' and e.value ? 'Deployment Status'
     order by r.key, e.value -> 'Deployment Status' ->> 'at' desc
  )
  select s.siteid as customer_id, coalesce(nullif(s."desc", ''), s.name) as site_name, lk.organization_id, lk.organization_name,
    lk.organization_description, lk.match_status, coalesce(s.totaldevice, 0) as unifi_devices,
    coalesce(nd.n, 0) as ninja_devices, coalesce(tickets.n, 0) as open_tickets,
    latest.health_score, latest.band, to_char(latest.date, 'YYYY-MM-DD') as last_health_check, cl.deployment_override,
    ${iso('cl.decided_at')} as deployment_decided_at, ns.value as notion_deployment, ns.at as notion_deployment_at
  from data.unifi_sites s
  left join data.msp_customer_links lk on lk.site_id = s.siteid
  left join latest on latest.site_id = s.siteid
  left join nd on nd.org = lk.organization_id
  left join tickets on tickets.org = lk.organization_id
  left join msp_customer_decisions cl on cl.site_id = s.siteid
  left join notion_set ns on ns.key = s.siteid
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
