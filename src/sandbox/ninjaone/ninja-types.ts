import type { AlertSource, NodeClass, Priority, Severity } from './ninja-catalog.js';

export interface NinjaOrganization {
  id: number;
  name: string;
  description: string;
  nodeApprovalMode: 'AUTOMATIC' | 'MANUAL' | 'REJECT';
  userData: Record<string, unknown>;
  tags: string[];
  fields: Record<string, unknown>;
}

export interface NinjaLocation {
  id: number;
  organizationId: number;
  name: string;
  address: string;
  description: string;
}

/** A device as `/v2/devices-detailed` returns it (Device schema); `/v2/devices` serves the basic subset. */
export interface NinjaDevice {
  id: number;
  uid: string;
  parentDeviceId?: number;
  organizationId: number;
  locationId: number;
  nodeClass: NodeClass;
  nodeRoleId: number;
  rolePolicyId: number;
  policyId: number;
  approvalStatus: 'PENDING' | 'APPROVED';
  offline: boolean;
  displayName: string;
  systemName: string;
  dnsName: string;
  netbiosName: string;
  /** Epoch seconds with milliseconds as decimals, as the API sends them. */
  created: number;
  lastContact: number;
  lastUpdate: number;
  tags: string[];
  fields: Record<string, unknown>;
  maintenance?: { status: 'PENDING' | 'IN_MAINTENANCE' | 'FAILED'; start: number; end: number };
  ipAddresses: string[];
  macAddresses: string[];
  publicIP: string;
  notes: { text: string }[];
  deviceType: string;
}

export interface NinjaAlert {
  uid: string;
  deviceId: number;
  message: string;
  createTime: number;
  updateTime: number;
  sourceType: AlertSource;
  sourceConfigUid: string;
  sourceName: string;
  subject: string;
  data: { message: { code: string; params: Record<string, unknown> } };
  psaTicketId?: string;
}

export interface NinjaActivity {
  id: number;
  activityTime: number;
  deviceId?: number;
  severity: Severity;
  priority: Priority;
  seriesUid?: string;
  activityType: string;
  statusCode: string;
  status: string;
  activityResult?: 'SUCCESS' | 'FAILURE' | 'UNSUPPORTED' | 'UNCOMPLETED';
  sourceConfigUid?: string;
  sourceName?: string;
  subject?: string;
  userId?: number;
  message: string;
  type: string;
  data: Record<string, unknown>;
}

/** Activity class for the `class` filter (not a field of the body). */
export type ActivityClass = 'SYSTEM' | 'DEVICE' | 'USER';

export interface EstateChange {
  readonly step: number;
  readonly entity: 'device' | 'alert';
  readonly id: string;
  readonly kind: 'created' | 'updated' | 'removed';
  readonly field?: string;
}

/** Epoch seconds with a millisecond fraction (1779487391.064). */
export function epochSeconds(ms: number): number {
  return Math.round(ms) / 1000;
}
