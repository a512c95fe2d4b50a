import type { StreamSchema } from '../../core/stream-schema.js';

export const ninjaOrganizationSchema: StreamSchema = {
  fields: [
    { name: 'id', type: 'integer', required: true },
    { name: 'name', type: 'string', required: true },
    { name: 'description', type: 'text' },
    { name: 'nodeApprovalMode', type: 'string' },
    { name: 'tags', type: 'string[]' },
    { name: 'userData', type: 'json' },
    { name: 'fields', type: 'json' },
  ],
};

export const ninjaDeviceSchema: StreamSchema = {
  fields: [
    { name: 'id', type: 'integer', required: true },
    { name: 'uid', type: 'string' },
    { name: 'organizationId', type: 'integer' },
    { name: 'organizationName', type: 'string' },
    { name: 'locationId', type: 'integer' },
    { name: 'locationName', type: 'string' },
    { name: 'parentDeviceId', type: 'integer' },
    { name: 'nodeClass', type: 'string' },
    { name: 'nodeRoleId', type: 'integer' },
    { name: 'roleName', type: 'string' },
    { name: 'policyId', type: 'integer' },
    { name: 'policyName', type: 'string' },
    { name: 'rolePolicyId', type: 'integer' },
    { name: 'approvalStatus', type: 'string' },
    { name: 'offline', type: 'boolean' },
    { name: 'displayName', type: 'string' },
    { name: 'systemName', type: 'string' },
    { name: 'dnsName', type: 'string' },
    { name: 'netbiosName', type: 'string' },
    { name: 'created', type: 'datetime' },
    // Agent check-ins move these on every sync: stored and queryable, never a change (DESIGN §9).
    { name: 'lastContact', type: 'datetime', volatile: true },
    { name: 'lastUpdate', type: 'datetime', volatile: true },
    { name: 'maintenanceStatus', type: 'string' },
    { name: 'maintenanceStart', type: 'datetime' },
    { name: 'maintenanceEnd', type: 'datetime' },
    { name: 'tags', type: 'string[]' },
    { name: 'fields', type: 'json' },
    { name: 'ipAddresses', type: 'string[]' },
    { name: 'macAddresses', type: 'string[]' },
    { name: 'publicIP', type: 'string' },
    { name: 'deviceType', type: 'string' },
    { name: 'notes', type: 'json' },
  ],
};

export const ninjaAlertSchema: StreamSchema = {
  fields: [
    { name: 'uid', type: 'string', required: true },
    { name: 'deviceId', type: 'integer' },
    { name: 'deviceName', type: 'string' },
    { name: 'organizationId', type: 'integer' },
    { name: 'message', type: 'text' },
    { name: 'subject', type: 'string' },
    { name: 'sourceType', type: 'string' },
    { name: 'sourceConfigUid', type: 'string' },
    { name: 'sourceName', type: 'string' },
    { name: 'createTime', type: 'datetime' },
    { name: 'updateTime', type: 'datetime' },
    { name: 'psaTicketId', type: 'string' },
    { name: 'data', type: 'json' },
  ],
};

export const ninjaActivitySchema: StreamSchema = {
  fields: [
    { name: 'id', type: 'integer', required: true },
    { name: 'activityTime', type: 'datetime' },
    { name: 'deviceId', type: 'integer' },
    { name: 'severity', type: 'string' },
    { name: 'priority', type: 'string' },
    { name: 'seriesUid', type: 'string', description: 'the alert series (alert uid) this activity belongs to' },
    { name: 'activityType', type: 'string' },
    { name: 'statusCode', type: 'string' },
    { name: 'status', type: 'string' },
    { name: 'activityResult', type: 'string' },
    { name: 'sourceConfigUid', type: 'string' },
    { name: 'sourceName', type: 'string' },
    { name: 'subject', type: 'string' },
    { name: 'userId', type: 'integer' },
    { name: 'message', type: 'text' },
    { name: 'type', type: 'string' },
    { name: 'data', type: 'json' },
  ],
};

export const ninjaBackupJobSchema: StreamSchema = {
  fields: [
    { name: 'jobId', type: 'string', required: true },
    { name: 'jobStartTime', type: 'datetime' },
    { name: 'jobEndTime', type: 'datetime', description: 'absent while the job is PROCESSING or RUNNING' },
    { name: 'jobStatus', type: 'string', enum: ['PROCESSING', 'RUNNING', 'COMPLETED', 'CANCELED', 'FAILED'] },
    { name: 'planGuid', type: 'string' },
    { name: 'planName', type: 'string' },
    { name: 'planType', type: 'string', description: 'IMAGE or FILE_FOLDER' },
    { name: 'totalActualStorageBytes', type: 'integer' },
    { name: 'organizationId', type: 'integer' },
    { name: 'locationId', type: 'integer' },
    { name: 'deviceId', type: 'integer' },
  ],
};
