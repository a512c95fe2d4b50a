import type { DeviceRole } from './unifi-catalog.js';

/** A device exactly as `/v1/devices` returns it inside its host group. */
export interface UnifiDeviceBody {
  id: string;
  mac: string;
  name: string;
  model: string;
  shortname: string;
  ip: string;
  productLine: string;
  status: 'online' | 'offline';
  version: string;
  firmwareStatus: 'upToDate' | 'updateAvailable';
  updateAvailable: string | null;
  isConsole: boolean;
  isManaged: boolean;
  /** Empty when the device is offline, as the API does. */
  startupTime: string;
  adoptionTime: string | null;
  note: string | null;
  uidb: { guid: string | null; iconId: string; id: string; images: Record<string, string> };
}

/** A device plus what the simulator needs to keep about it (not served). */
export interface SimDevice {
  readonly body: UnifiDeviceBody;
  readonly role: DeviceRole;
  readonly hostId: string;
  /** The site the device belongs to (undefined for Protect devices on UniFi OS hosts without a Network site). */
  readonly siteId: string | undefined;
}

export interface SimSite {
  readonly siteId: string;
  readonly hostId: string;
  readonly meta: { desc: string; gatewayMac: string; name: string; timezone: string };
  readonly permission: string;
  readonly isOwner: boolean;
  readonly isp: { name: string; organization: string };
  readonly gatewayHardwareId: string;
  readonly customerName: string;
  wifiClients: number;
  wiredClients: number;
  guestClients: number;
  wanUptime: number;
}

export interface SimHost {
  readonly id: string;
  readonly type: 'console' | 'network-server' | 'ucore';
  readonly body: Record<string, unknown>;
  readonly name: string;
  /** Time of the last change to any of the host's devices: the group's `updatedAt`. */
  updatedAt: string;
}

/** One change the simulator made when the clock stepped; tests compare a connector's second read against these. */
export interface FleetChange {
  readonly step: number;
  readonly entity: 'device' | 'host';
  readonly id: string;
  readonly kind: 'created' | 'updated' | 'removed';
  readonly field?: string;
  readonly from?: unknown;
  readonly to?: unknown;
}
