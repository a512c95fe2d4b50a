/** Flattens Site Manager bodies into stream records (typed views want one column per field). */
type Obj = Record<string, unknown>;

function obj(v: unknown): Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}

export function hostRecord(h: Obj): Obj {
  const rs = obj(h.reportedState);
  const hw = obj(rs.hardware);
  const ud = obj(h.userData);
  return {
    id: h.id,
    hardwareId: h.hardwareId,
    type: h.type,
    ipAddress: h.ipAddress,
    owner: h.owner,
    isBlocked: h.isBlocked,
    registrationTime: h.registrationTime,
    lastConnectionStateChange: h.lastConnectionStateChange,
    latestBackupTime: h.latestBackupTime,
    // reportedState's shape depends on the host type (console, network-server, ucore).
    hostname: rs.hostname,
    name: rs.name ?? rs.hostname,
    state: rs.state,
    version: rs.version,
    hardwareShortname: hw.shortname,
    firmwareVersion: hw.firmwareVersion,
    ownerEmail: ud.email,
    reportedState: h.reportedState ?? null,
    userData: h.userData ?? null,
  };
}

export function siteRecord(s: Obj): Obj {
  const meta = obj(s.meta);
  const stats = obj(s.statistics);
  const counts = obj(stats.counts);
  const gateway = obj(stats.gateway);
  const isp = obj(stats.ispInfo);
  const pct = obj(stats.percentages);
  return {
    siteId: s.siteId,
    hostId: s.hostId,
    name: meta.name,
    desc: meta.desc,
    timezone: meta.timezone,
    gatewayMac: meta.gatewayMac,
    permission: s.permission,
    isOwner: s.isOwner,
    totalDevice: counts.totalDevice,
    offlineDevice: counts.offlineDevice,
    offlineGatewayDevice: counts.offlineGatewayDevice,
    offlineWifiDevice: counts.offlineWifiDevice,
    offlineWiredDevice: counts.offlineWiredDevice,
    pendingUpdateDevice: counts.pendingUpdateDevice,
    gatewayDevice: counts.gatewayDevice,
    wifiDevice: counts.wifiDevice,
    wiredDevice: counts.wiredDevice,
    wifiClient: counts.wifiClient,
    wiredClient: counts.wiredClient,
    guestClient: counts.guestClient,
    criticalNotification: counts.criticalNotification,
    lanConfiguration: counts.lanConfiguration,
    wanConfiguration: counts.wanConfiguration,
    wifiConfiguration: counts.wifiConfiguration,
    gatewayShortname: gateway.shortname,
    ipsMode: gateway.ipsMode,
    ispName: isp.name,
    ispOrganization: isp.organization,
    wanUptime: pct.wanUptime,
    internetIssues: stats.internetIssues ?? null,
  };
}

/** MAC in the API's device-id form: upper-case hex without separators. */
export function macKey(mac: unknown): string {
  return typeof mac === 'string' ? mac.replace(/[^0-9a-fA-F]/g, '').toUpperCase() : '';
}

/** Which site a device belongs to; the devices endpoint groups by host only. */
export interface SiteIndex {
  readonly byGatewayMac: ReadonlyMap<string, string>;
  readonly byHost: ReadonlyMap<string, readonly string[]>;
}

export function buildSiteIndex(sites: readonly Obj[]): SiteIndex {
  const byGatewayMac = new Map<string, string>();
  const byHost = new Map<string, string[]>();
  for (const s of sites) {
    const siteId = typeof s.siteId === 'string' ? s.siteId : undefined;
    const hostId = typeof s.hostId === 'string' ? s.hostId : undefined;
    if (!siteId) continue;
    const gw = macKey(obj(s.meta).gatewayMac);
    if (gw) byGatewayMac.set(gw, siteId);
    if (hostId) byHost.set(hostId, [...(byHost.get(hostId) ?? []), siteId]);
  }
  return { byGatewayMac, byHost };
}

/**
 * A device from its host group: the gateway of a site by its MAC, otherwise the host's only site. Devices of a
 * self-hosted Network server running several sites cannot be placed from this endpoint and keep siteId null.
 */
export function deviceRecord(d: Obj, group: Obj, index: SiteIndex): Obj {
  const hostId = group.hostId;
  const hostSites = typeof hostId === 'string' ? index.byHost.get(hostId) ?? [] : [];
  const siteId = index.byGatewayMac.get(macKey(d.mac)) ?? (hostSites.length === 1 ? hostSites[0] : null);
  return {
    id: d.id,
    mac: d.mac,
    name: d.name,
    model: d.model,
    shortname: d.shortname,
    ip: d.ip,
    productLine: d.productLine,
    status: d.status,
    version: d.version,
    firmwareStatus: d.firmwareStatus,
    updateAvailable: d.updateAvailable,
    isConsole: d.isConsole,
    isManaged: d.isManaged,
    // Empty while the device is offline.
    startupTime: d.startupTime === '' ? null : d.startupTime,
    adoptionTime: d.adoptionTime,
    note: d.note,
    uidb: d.uidb ?? null,
    hostId,
    hostName: group.hostName,
    siteId,
  };
}
