import type { StreamSchema } from '../../core/stream-schema.js';

export const unifiHostSchema: StreamSchema = {
  fields: [
    { name: 'id', type: 'string', required: true },
    { name: 'hardwareId', type: 'string' },
    { name: 'type', type: 'string', description: 'console, network-server or ucore' },
    { name: 'ipAddress', type: 'string' },
    { name: 'owner', type: 'boolean' },
    { name: 'isBlocked', type: 'boolean' },
    { name: 'registrationTime', type: 'datetime' },
    { name: 'lastConnectionStateChange', type: 'datetime' },
    { name: 'latestBackupTime', type: 'datetime' },
    { name: 'hostname', type: 'string' },
    { name: 'name', type: 'string' },
    { name: 'state', type: 'string', description: 'reportedState.state (connected, disconnected)' },
    { name: 'version', type: 'string', description: 'UniFi OS or Network server version' },
    { name: 'hardwareShortname', type: 'string' },
    { name: 'firmwareVersion', type: 'string' },
    { name: 'ownerEmail', type: 'string' },
    { name: 'reportedState', type: 'json' },
    { name: 'userData', type: 'json' },
  ],
};

const count = (name: string) => ({ name, type: 'integer' as const });

export const unifiSiteSchema: StreamSchema = {
  fields: [
    { name: 'siteId', type: 'string', required: true },
    { name: 'hostId', type: 'string', required: true },
    { name: 'name', type: 'string', description: 'meta.name (often "default")' },
    { name: 'desc', type: 'string', description: 'meta.desc, the display name' },
    { name: 'timezone', type: 'string' },
    { name: 'gatewayMac', type: 'string' },
    { name: 'permission', type: 'string' },
    { name: 'isOwner', type: 'boolean' },
    count('totalDevice'), count('offlineDevice'), count('offlineGatewayDevice'), count('offlineWifiDevice'),
    count('offlineWiredDevice'), count('pendingUpdateDevice'), count('gatewayDevice'), count('wifiDevice'),
    count('wiredDevice'), count('wifiClient'), count('wiredClient'), count('guestClient'), count('criticalNotification'),
    count('lanConfiguration'), count('wanConfiguration'), count('wifiConfiguration'),
    { name: 'gatewayShortname', type: 'string' },
    { name: 'ipsMode', type: 'string', description: 'statistics.gateway.ipsMode (disabled, ids, ips)' },
    { name: 'ispName', type: 'string' },
    { name: 'ispOrganization', type: 'string' },
    { name: 'wanUptime', type: 'number' },
    { name: 'internetIssues', type: 'json' },
  ],
};

export const unifiDeviceSchema: StreamSchema = {
  fields: [
    { name: 'id', type: 'string', required: true, description: 'MAC without separators' },
    { name: 'mac', type: 'string' },
    { name: 'name', type: 'string' },
    { name: 'model', type: 'string' },
    { name: 'shortname', type: 'string' },
    { name: 'ip', type: 'string' },
    { name: 'productLine', type: 'string' },
    { name: 'status', type: 'string', description: 'online or offline' },
    { name: 'version', type: 'string', description: 'firmware version' },
    { name: 'firmwareStatus', type: 'string' },
    { name: 'updateAvailable', type: 'string' },
    { name: 'isConsole', type: 'boolean' },
    { name: 'isManaged', type: 'boolean' },
    { name: 'startupTime', type: 'datetime' },
    { name: 'adoptionTime', type: 'datetime' },
    { name: 'note', type: 'text' },
    { name: 'uidb', type: 'json' },
    { name: 'hostId', type: 'string', required: true },
    { name: 'hostName', type: 'string' },
    { name: 'siteId', type: 'string', description: 'null when the host runs several sites and the device is not a gateway' },
  ],
};
