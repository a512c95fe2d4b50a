/** Maps NinjaOne bodies to stream records: epoch-decimal timestamps become ISO 8601, references are flattened. */
type Obj = Record<string, unknown>;

function obj(v: unknown): Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}

/** `1779487391.064` (epoch seconds with a millisecond fraction) → `2026-05-22T22:03:11.064Z`; null when absent. */
export function epochToIso(v: unknown): string | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) return null;
  return new Date(Math.round(n * 1000)).toISOString();
}

export function organizationRecord(o: Obj): Obj {
  return {
    id: o.id,
    name: o.name,
    description: o.description,
    nodeApprovalMode: o.nodeApprovalMode,
    tags: o.tags ?? [],
    userData: o.userData ?? null,
    fields: o.fields ?? null,
  };
}

export function deviceRecord(d: Obj): Obj {
  const refs = obj(d.references);
  const m = obj(d.maintenance);
  return {
    id: d.id,
    uid: d.uid,
    organizationId: d.organizationId,
    organizationName: obj(refs.organization).name,
    locationId: d.locationId,
    locationName: obj(refs.location).name,
    parentDeviceId: d.parentDeviceId,
    nodeClass: d.nodeClass,
    nodeRoleId: d.nodeRoleId,
    roleName: obj(refs.role).name,
    policyId: d.policyId,
    policyName: obj(refs.policy).name,
    rolePolicyId: d.rolePolicyId,
    approvalStatus: d.approvalStatus,
    offline: d.offline,
    displayName: d.displayName,
    systemName: d.systemName,
    dnsName: d.dnsName,
    netbiosName: d.netbiosName,
    created: epochToIso(d.created),
    lastContact: epochToIso(d.lastContact),
    lastUpdate: epochToIso(d.lastUpdate),
    maintenanceStatus: m.status,
    maintenanceStart: epochToIso(m.start),
    maintenanceEnd: epochToIso(m.end),
    tags: d.tags ?? [],
    fields: d.fields ?? null,
    ipAddresses: d.ipAddresses ?? [],
    macAddresses: d.macAddresses ?? [],
    publicIP: d.publicIP,
    deviceType: d.deviceType,
    notes: d.notes ?? null,
  };
}

/** An active alert; the embedded `device` is reduced to the fields a dashboard shows (it changes on every check-in). */
export function alertRecord(a: Obj): Obj {
  const dev = obj(a.device);
  const ticket = a.psaTicketId;
  return {
    uid: a.uid,
    deviceId: a.deviceId,
    deviceName: dev.displayName ?? dev.systemName,
    organizationId: dev.organizationId,
    message: a.message,
    subject: a.subject,
    sourceType: a.sourceType,
    sourceConfigUid: a.sourceConfigUid,
    sourceName: a.sourceName,
    createTime: epochToIso(a.createTime),
    updateTime: epochToIso(a.updateTime),
    psaTicketId: ticket === undefined || ticket === null ? null : typeof ticket === 'string' ? ticket : JSON.stringify(ticket),
    data: a.data ?? null,
  };
}

export function activityRecord(a: Obj): Obj {
  return {
    id: a.id,
    activityTime: epochToIso(a.activityTime),
    deviceId: a.deviceId,
    severity: a.severity,
    priority: a.priority,
    seriesUid: a.seriesUid,
    activityType: a.activityType,
    statusCode: a.statusCode,
    status: a.status,
    activityResult: a.activityResult,
    sourceConfigUid: a.sourceConfigUid,
    sourceName: a.sourceName,
    subject: a.subject,
    userId: a.userId,
    message: a.message,
    type: a.type,
    data: a.data ?? null,
  };
}

/**
 * A backup job (`BackupJob`): epoch-decimal start and end become ISO 8601. Idempotent, so the stream state can apply
 * it to a record that is already mapped.
 */
export function backupJobRecord(j: Obj): Obj {
  const iso = (v: unknown) => (typeof v === 'string' ? v : epochToIso(v));
  return {
    jobId: j.jobId,
    jobStartTime: iso(j.jobStartTime),
    jobEndTime: iso(j.jobEndTime),
    jobStatus: j.jobStatus,
    planGuid: j.planGuid,
    planName: j.planName,
    planType: j.planType,
    totalActualStorageBytes: j.totalActualStorageBytes,
    organizationId: j.organizationId,
    locationId: j.locationId,
    deviceId: j.deviceId,
  };
}
