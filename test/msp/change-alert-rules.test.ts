import { describe, expect, it } from 'vitest';
import { alertPriority, alertSeverity, alertStatus, diskFreePercent, issueType, latestActivity, memoryUsePercent } from '../../src/packs/msp-dashboards/alert-rules.js';
import { compareVersions, detectConfigChanges, type ChangeRow, type DeviceContext, type SiteContext } from '../../src/packs/msp-dashboards/config-change-detect.js';
import { assessRisk, highRiskReason, isRiskLevel, judgeLoggedChange, needsRollbackPlan } from '../../src/packs/msp-dashboards/config-risk.js';
import { decideCustomerLink, siteDisplayName } from '../../src/packs/msp-dashboards/customer-match.js';
import { resolveRecords } from '../../src/resolve/resolve-records.js';
import type { PairDecision, ResolvableRecord } from '../../src/resolve/resolve-types.js';
import { normaliseCustomerName } from '../../src/resolve/rules/customer-name.js';
import { MSP_ORG_SOURCE, MSP_SITE_SOURCE, mspCustomerRules } from '../../src/resolve/rules/msp-customer.rules.js';

describe('alert rules', () => {
  it('classifies the issue type from sourceType, then subject and message', () => {
    expect(issueType({ sourceType: 'AGENT_OFFLINE' })).toBe('offline');
    expect(issueType({ sourceType: 'CONDITION_AGENT_CPU' })).toBe('cpu');
    expect(issueType({ sourceType: 'CONDITION_AGENT_MEMORY' })).toBe('memory');
    expect(issueType({ sourceType: 'CONDITION_AGENT_DISK_FREE_SPACE' })).toBe('disk_space');
    expect(issueType({ sourceType: 'CONDITION_AGENT_DISK_IO' })).toBe('disk_io');
    expect(issueType({ sourceType: 'CONDITION_WINDOWS_SERVICE_STATE_CHANGED' })).toBe('service_down');
    expect(issueType({ sourceType: 'CONDITION_SCRIPT_RESULT', subject: 'Backup job failed' })).toBe('backup_failed');
    expect(issueType({ sourceType: 'CONDITION_CUSTOM', message: 'Host unreachable' })).toBe('offline');
    expect(issueType({ message: 'Volume D: low disk space' })).toBe('disk_space');
    expect(issueType({ subject: 'Disk I/O latency high' })).toBe('disk_io');
    expect(issueType({ subject: 'RAM pressure' })).toBe('memory');
    expect(issueType({ subject: 'Processor queue' })).toBe('cpu');
    expect(issueType({ subject: 'Print Spooler stopped' })).toBe('service_down');
    expect(issueType({ subject: 'Something odd' })).toBe('service_down');
  });

  it('reads disk free and memory use from data, else from the message', () => {
    expect(diskFreePercent({ data: { message: { params: { freePercent: 7 } } } })).toBe(7);
    expect(diskFreePercent({ message: 'Volume C: has 12% free space on X' })).toBe(12);
    expect(diskFreePercent({ message: 'nothing' })).toBeNull();
    expect(memoryUsePercent({ data: { message: { params: { memoryPercent: '96' } } } })).toBe(96);
    expect(memoryUsePercent({ message: 'Memory utilization is 94% on X' })).toBe(94);
  });

  it('severity: every critical rule, and warning otherwise', () => {
    const disk = (free: number) => ({ sourceType: 'CONDITION_AGENT_DISK_FREE_SPACE', data: { message: { params: { freePercent: free } } } });
    expect(alertSeverity(disk(10), null)).toEqual({ severity: 'critical', reason: 'disk_free_le_10' });
    expect(alertSeverity(disk(11), null)).toEqual({ severity: 'warning', reason: null });
    const mem = (p: number) => ({ sourceType: 'CONDITION_AGENT_MEMORY', data: { message: { params: { memoryPercent: p } } } });
    expect(alertSeverity(mem(95), null).reason).toBe('memory_ge_95');
    expect(alertSeverity(mem(94), null).severity).toBe('warning');
    expect(alertSeverity({ sourceType: 'AGENT_OFFLINE' }, null).reason).toBe('device_offline');
    expect(alertSeverity({ sourceType: 'CONDITION_AGENT_CPU' }, null, true).reason).toBe('device_offline');
    expect(alertSeverity({ subject: 'Backup job failed' }, null).reason).toBe('backup_failed');
    expect(alertSeverity({ sourceType: 'CONDITION_AGENT_CPU' }, { severity: 'MAJOR' }).reason).toBe('activity_severity');
    expect(alertSeverity({ sourceType: 'CONDITION_AGENT_CPU' }, { severity: 'critical' }).reason).toBe('activity_severity');
    expect(alertSeverity({ sourceType: 'CONDITION_AGENT_CPU' }, { severity: 'MODERATE' }).severity).toBe('warning');
    expect(alertSeverity(mem(99), { severity: 'MINOR' }).severity).toBe('critical');
  });

  it('priority and status come from the latest activity of the series', () => {
    const acts = [
      { id: 1, activityTime: '2026-06-01T10:00:00Z', priority: 'HIGH', statusCode: 'TRIGGERED' },
      { id: 3, activityTime: '2026-06-01T11:00:00Z', priority: 'LOW', statusCode: 'ACKNOWLEDGED' },
      { id: 2, activityTime: '2026-06-01T11:00:00Z', priority: 'MEDIUM', statusCode: 'TRIGGERED' },
    ];
    expect(latestActivity(acts)?.id).toBe(3);
    expect(latestActivity([])).toBeNull();
    expect(alertPriority(latestActivity(acts))).toBe('LOW');
    expect(alertPriority(null)).toBe('NONE');
    expect(alertStatus(true, null)).toBe('new');
    expect(alertStatus(true, acts[0]!)).toBe('new');
    expect(alertStatus(true, acts[1]!)).toBe('acknowledged');
    expect(alertStatus(true, { status: 'Acknowledged' })).toBe('acknowledged');
    expect(alertStatus(false, acts[1]!)).toBe('resolved');
  });
});

describe('config change detection', () => {
  const devices = new Map<string, DeviceContext>([['AABB', { name: 'AP Lobby', model: 'U6-Lite', siteId: 's1' }]]);
  const sites = new Map<string, SiteContext>([['s1', { siteId: 's1', displayName: 'Harbor Dental' }]]);
  const row = (stream: ChangeRow['stream'], key: string, fields: ChangeRow['fields'], kind = 'updated'): ChangeRow => ({ id: 7, stream, key, kind, fields, at: '2026-06-02T08:00:00Z' });

  it('device firmware, model, name, adoption and managed state', () => {
    const [fw] = detectConfigChanges(row('unifi_devices', 'AABB', { version: { op: 'changed', old: '7.0.23', new: '7.0.25' } }), devices, sites);
    expect(fw).toMatchObject({
      changeId: '7:version', siteId: 's1', siteName: 'Harbor Dental', device: 'AP Lobby', tool: 'Sluice', vendor: 'Ubiquiti',
      category: 'firmware', action: 'update', summary: 'Firmware 7.0.23 → 7.0.25 on AP Lobby', details: 'Firmware: 7.0.23 → 7.0.25',
      timestamp: '2026-06-02T08:00:00Z',
    });
    const down = detectConfigChanges(row('unifi_devices', 'AABB', { version: { op: 'changed', old: '7.0.25', new: '7.0.9' } }), devices, sites);
    expect(down[0]!.action).toBe('downgrade');
    const many = detectConfigChanges(row('unifi_devices', 'AABB', {
      model: { op: 'changed', old: 'U6-Lite', new: 'U6-Pro' },
      name: { op: 'changed', old: 'AP Old', new: 'AP Lobby' },
      adoptionTime: { op: 'added', old: null, new: '2026-06-02T07:00:00Z' },
      isManaged: { op: 'changed', old: true, new: false },
      status: { op: 'changed', old: 'online', new: 'offline' },
    }), devices, sites);
    expect(many.map((c) => [c.category, c.action, c.summary])).toEqual([
      ['hardware', 'replace', 'Model U6-Lite → U6-Pro on AP Lobby'],
      ['device', 'rename', 'Renamed AP Old → AP Lobby'],
      ['adoption', 'adopt', 'Adopted AP Lobby'],
      ['management', 'unmanage', 'AP Lobby is no longer managed'],
    ]);
    const un = detectConfigChanges(row('unifi_devices', 'AABB', {
      adoptionTime: { op: 'removed', old: '2026-06-01T00:00:00Z', new: null }, isManaged: { op: 'changed', old: false, new: true },
    }), devices, sites);
    expect(un.map((c) => c.summary)).toEqual(['Unadopted AP Lobby', 'AP Lobby is now managed']);
    const re = detectConfigChanges(row('unifi_devices', 'CCDD', { adoptionTime: { op: 'changed', old: 'a', new: 'b' } }), devices, sites);
    expect(re[0]).toMatchObject({ action: 'readopt', summary: 'Re-adopted CCDD', siteId: null, siteName: null });
  });

  it('site name, description, time zone, IPS mode and configuration counts; nothing else', () => {
    const out = detectConfigChanges(row('unifi_sites', 's1', {
      desc: { op: 'changed', old: 'Harbor Dental Old', new: 'Harbor Dental' },
      name: { op: 'changed', old: 'default', new: 'hd' },
      timezone: { op: 'changed', old: 'America/Chicago', new: 'America/New_York' },
      ipsMode: { op: 'changed', old: 'disabled', new: 'ips' },
      lanConfiguration: { op: 'changed', old: 2, new: 3 },
      wanConfiguration: { op: 'changed', old: 2, new: 1 },
      wifiConfiguration: { op: 'changed', old: 1, new: 2 },
      wifiClient: { op: 'changed', old: 10, new: 12 },
    }), devices, sites);
    expect(out.map((c) => [c.category, c.action, c.summary])).toEqual([
      ['site', 'rename', 'Site renamed Harbor Dental Old → Harbor Dental'],
      ['site', 'rename', 'Site name default → hd on Harbor Dental'],
      ['site', 'update', 'Time zone America/Chicago → America/New_York on Harbor Dental'],
      ['security', 'update', 'Gateway IPS mode disabled → ips on Harbor Dental'],
      ['network', 'add', 'LAN configurations 2 → 3 on Harbor Dental'],
      ['network', 'remove', 'WAN configurations 2 → 1 on Harbor Dental'],
      ['wifi', 'add', 'Wi-Fi configurations 1 → 2 on Harbor Dental'],
    ]);
    expect(out.every((c) => c.device === null && c.siteId === 's1')).toBe(true);
  });

  it('created and removed records are inventory, not configuration', () => {
    expect(detectConfigChanges(row('unifi_devices', 'AABB', null, 'created'), devices, sites)).toEqual([]);
    expect(detectConfigChanges(row('unifi_sites', 's1', null, 'removed'), devices, sites)).toEqual([]);
    expect(compareVersions('10.0.1', '9.9')).toBeGreaterThan(0);
  });
});

describe('config risk', () => {
  const c = { summary: 'Firmware 7.0.23 → 7.0.25 on AP Lobby', action: 'update', tool: 'Sluice' };
  it('high for keywords and delete / rollback actions, else the tool default (medium when unset)', () => {
    for (const w of ['firewall', 'VPN', 'ipsec', 'delete', 'removed', 'production', 'critical']) expect(assessRisk({ ...c, summary: `x ${w} y` })).toBe('high');
    expect(assessRisk({ ...c, details: 'touches the IPsec tunnel' })).toBe('high');
    expect(assessRisk({ ...c, action: 'Delete' })).toBe('high');
    expect(assessRisk({ ...c, action: 'rollback' })).toBe('high');
    expect(assessRisk(c)).toBe('medium');
    expect(assessRisk({ ...c, tool: 'ansible' }, { Ansible: 'low' })).toBe('low');
    expect(assessRisk({ ...c, tool: 'terraform', summary: 'firewall rule' }, { terraform: 'critical' })).toBe('critical');
    expect(assessRisk({ ...c, summary: 'unremovable' })).toBe('medium');
    expect(highRiskReason({ ...c, action: 'rollback' })).toBe('action is rollback');
    expect(isRiskLevel('high')).toBe(true);
    expect(isRiskLevel('severe')).toBe(false);
    expect([needsRollbackPlan('medium'), needsRollbackPlan('high'), needsRollbackPlan('critical')]).toEqual([false, true, true]);
  });
  it('refuses a high or critical change without a rollback plan', () => {
    expect(judgeLoggedChange({ ...c, summary: 'Open VPN port' })).toMatchObject({ ok: false, risk: 'high', code: 'rollback_plan_required' });
    expect(judgeLoggedChange({ ...c, summary: 'Open VPN port', rollbackPlan: '  ' }).ok).toBe(false);
    expect(judgeLoggedChange({ ...c, summary: 'Open VPN port', rollbackPlan: 'close it' })).toEqual({ ok: true, risk: 'high' });
    expect(judgeLoggedChange(c, { sluice: 'critical' })).toMatchObject({ ok: false, risk: 'critical' });
    expect(judgeLoggedChange(c)).toEqual({ ok: true, risk: 'medium' });
  });
});

describe('customer match (entity resolution msp_customer + decideCustomerLink)', () => {
  const orgs = [
    { id: 1, name: 'Harbor Family Dental, LLC' }, { id: 2, name: 'Cedar Logistics Inc.' }, { id: 3, name: 'Summit Law Group' },
    { id: 4, name: 'Summit Law Group' }, { id: 5, name: 'Blue Ridge Pediatrics' }, { id: 6, name: 'Blue Ridge Pediatric' },
    { id: 7, name: 'Oakwood Realty' }, { id: 8, name: 'Meridian Storage' }, { id: 9, name: 'Oakwood Realtors' },
  ];
  const sites = [
    { siteId: 'a', desc: 'Harbor Family Dental', name: 'default' },
    { siteId: 'b', desc: 'Cedar Logistcs', name: 'default' },
    { siteId: 'c', desc: 'Summit Law Group' },
    { siteId: 'd', desc: 'Blue Ridge Pediatrix' },
    { siteId: 'e', desc: 'Granite Storage' },
    { siteId: 'f', desc: '', name: 'Oakwood Realty' },
    { siteId: 'g', desc: 'Granite Storage' },
    { siteId: 'h', desc: 'Harbor Family Dental' },
    { siteId: 'i', desc: 'Meridian Self Storage' },
    { siteId: 'j', desc: 'Harbor Family Dental - Mobile Annex' },
  ];
  const rec = (source: string, key: string, name: string): ResolvableRecord => ({
    id: `${source}:${key}`, source, sourceKey: key, memberIndex: null, scope: '', name, emails: [], phones: [], attributes: {}, observedAt: '2026-01-01T00:00:00Z',
  });
  const records = [
    ...sites.map((s) => rec(MSP_SITE_SOURCE, s.siteId, siteDisplayName(s))),
    ...orgs.map((o) => rec(MSP_ORG_SOURCE, String(o.id), o.name)),
  ];
  const orgOf = (rid: string) => orgs.find((o) => `${MSP_ORG_SOURCE}:${o.id}` === rid) ?? null;
  const decide = (decisions: PairDecision[] = [], manual = new Map<string, number | null>()) => {
    const res = resolveRecords(records, decisions, mspCustomerRules);
    const approvedBy = new Map(decisions.filter((d) => d.kind === 'approve').map((d) => [d.a.startsWith(MSP_SITE_SOURCE) ? d.a : d.b, orgOf(d.a.startsWith(MSP_SITE_SOURCE) ? d.b : d.a)]));
    return new Map(sites.map((s) => {
      const rid = `${MSP_SITE_SOURCE}:${s.siteId}`;
      const cluster = res.clusters.find((c) => c.members.includes(rid))!;
      const linked = cluster.members.map(orgOf).find((o) => o !== null) ?? null;
      const reviews = res.review.filter((r) => r.a === rid || r.b === rid).map((r, i) => ({ reviewId: i + 1, cause: r.cause, organization: orgOf(r.a === rid ? r.b : r.a)! }));
      const m = decideCustomerLink({
        site: s, manual: manual.has(s.siteId), manualOrganization: orgs.find((o) => o.id === manual.get(s.siteId)) ?? null,
        approved: approvedBy.get(rid) ?? null, linked, reviews,
      });
      return [s.siteId, m];
    }));
  };

  it('normalises names', () => {
    expect(normaliseCustomerName('The Harbor Family Dental, L.L.C.')).toBe('harbor family dental l l c');
    expect(normaliseCustomerName('Café & Co')).toBe('cafe and');
    expect(normaliseCustomerName('Harbor Family Dental, LLC')).toBe('harbor family dental');
    expect(siteDisplayName({ siteId: 'x', desc: ' ', name: 'default' })).toBe('default');
    expect(siteDisplayName({ siteId: 'x', desc: 'Shop', name: 'default' })).toBe('Shop');
  });

  it('links exact and confident fuzzy matches, sends ambiguous ones to review, and never puts two organizations in one customer', () => {
    const by = decide();
    expect(by.get('a')).toMatchObject({ organizationId: 1, method: 'exact', status: 'linked', score: 1 });
    expect(by.get('h')).toMatchObject({ organizationId: 1, method: 'exact', status: 'linked' });
    expect(by.get('b')).toMatchObject({ organizationId: 2, method: 'fuzzy', status: 'linked' });
    // Two organizations of the same name: the site is in question until someone decides.
    expect(by.get('c')).toMatchObject({ organizationId: null, status: 'review' });
    expect(by.get('c')!.candidates.map((x) => x.id)).toEqual([3, 4]);
    expect(by.get('d')).toMatchObject({ organizationId: null, status: 'review' });
    expect(by.get('d')!.candidates.map((x) => x.id).sort()).toEqual([5, 6]);
    expect(by.get('e')).toMatchObject({ organizationId: null, method: 'none', status: 'unmatched' });
    // An exact match beats a near one (Oakwood Realtors): linked, the other pair stays in the queue for a reviewer.
    expect(by.get('f')).toMatchObject({ organizationId: 7, method: 'exact', status: 'linked' });
    // A close name alone: review, not linked.
    expect(by.get('i')).toMatchObject({ organizationId: null, status: 'review' });
    expect(by.get('i')!.candidates).toEqual([expect.objectContaining({ id: 8, review_id: expect.any(Number) })]);
    // A second site of a customer ("… - Mobile Annex") belongs to it.
    expect(by.get('j')).toMatchObject({ organizationId: 1, method: 'fuzzy', status: 'linked' });
    // Names that only share a first word are no match at all (no review noise): Meridian Self Storage has one item.
    expect(resolveRecords(records, [], mspCustomerRules).review.filter((r) => r.a.endsWith(':i') || r.b.endsWith(':i'))).toHaveLength(1);
    expect(resolveRecords([rec(MSP_SITE_SOURCE, 'x', 'Harbor Family Dental'), rec(MSP_ORG_SOURCE, '1', 'Harbor Pediatrics'), rec(MSP_ORG_SOURCE, '2', 'Harbor Eye Care')], [], mspCustomerRules).review).toEqual([]);
    const res = resolveRecords(records, [], mspCustomerRules);
    for (const c of res.clusters) expect(c.members.filter((m) => m.startsWith(MSP_ORG_SOURCE)).length).toBeLessThanOrEqual(1);
  });

  it('a reviewer\'s decision binds: approve links, reject keeps apart; a person\'s mapping wins over both', () => {
    const site = (k: string) => `${MSP_SITE_SOURCE}:${k}`;
    const org = (id: number) => `${MSP_ORG_SOURCE}:${id}`;
    const by = decide([
      { kind: 'approve', a: site('c'), b: org(4) },
      { kind: 'reject', a: org(5), b: site('d') },
      { kind: 'approve', a: org(8), b: site('i') },
    ], new Map([['g', 7], ['h', null]]));
    expect(by.get('c')).toMatchObject({ organizationId: 4, method: 'review', status: 'linked' });
    expect(by.get('d')).toMatchObject({ organizationId: 6, status: 'linked' });
    expect(by.get('i')).toMatchObject({ organizationId: 8, method: 'review', status: 'linked' });
    expect(by.get('g')).toMatchObject({ organizationId: 7, method: 'manual', status: 'linked' });
    expect(by.get('h')).toMatchObject({ organizationId: null, method: 'manual', status: 'unmatched' });
  });
});
