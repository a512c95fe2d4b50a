import type { SimDevice, SimHost, SimSite } from './unifi-fleet-types.js';

/** A site as `/v1/sites` returns it; the counts are derived from the site's devices at the time of the request. */
export function siteBody(site: SimSite, devices: readonly SimDevice[], gatewayShortname: string): Record<string, unknown> {
  const mine = devices.filter((d) => d.siteId === site.siteId);
  const offline = mine.filter((d) => d.body.status === 'offline');
  const isGateway = (d: SimDevice) => d.role === 'console' || d.role === 'gateway';
  const counts = {
    criticalNotification: offline.some(isGateway) ? 1 : 0,
    gatewayDevice: mine.filter(isGateway).length,
    guestClient: site.guestClients,
    lanConfiguration: 1 + (site.siteId.charCodeAt(0) % 3),
    offlineDevice: offline.length,
    offlineGatewayDevice: offline.filter(isGateway).length,
    offlineWifiDevice: offline.filter((d) => d.role === 'ap').length,
    offlineWiredDevice: offline.filter((d) => d.role === 'switch').length,
    pendingUpdateDevice: mine.filter((d) => d.body.updateAvailable !== null).length,
    totalDevice: mine.length,
    wanConfiguration: 1 + (site.siteId.charCodeAt(1) % 2),
    wifiClient: site.wifiClients,
    wifiConfiguration: 1 + (site.siteId.charCodeAt(2) % 3),
    wifiDevice: mine.filter((d) => d.role === 'ap').length,
    wiredClient: site.wiredClients,
    wiredDevice: mine.filter((d) => d.role === 'switch').length,
  };
  const gatewayDown = counts.offlineGatewayDevice > 0;
  return {
    siteId: site.siteId,
    hostId: site.hostId,
    meta: { ...site.meta },
    statistics: {
      counts,
      gateway: {
        hardwareId: site.gatewayHardwareId,
        inspectionState: 'off',
        ipsMode: 'disabled',
        ipsSignature: { rulesCount: 53031, type: 'ET' },
        shortname: gatewayShortname,
      },
      internetIssues: gatewayDown ? [{ index: 0, highLatency: false, wanDowntime: true }] : [],
      ispInfo: { ...site.isp },
      percentages: { wanUptime: gatewayDown ? 0 : site.wanUptime },
    },
    permission: site.permission,
    isOwner: site.isOwner,
  };
}

/** A host group as `/v1/devices` returns it. */
export function deviceGroupBody(host: SimHost, devices: readonly SimDevice[]): Record<string, unknown> {
  return {
    hostId: host.id,
    hostName: host.name,
    devices: devices.filter((d) => d.hostId === host.id).map((d) => ({ ...d.body, uidb: { ...d.body.uidb, images: { ...d.body.uidb.images } } })),
    updatedAt: host.updatedAt,
  };
}

export function hostBody(host: SimHost): Record<string, unknown> {
  return structuredClone(host.body);
}
