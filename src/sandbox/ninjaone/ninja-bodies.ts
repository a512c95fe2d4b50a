import { POLICIES } from './ninja-catalog.js';
import type { NinjaDevice, NinjaLocation, NinjaOrganization } from './ninja-types.js';

/** `/v2/devices`: the node without the detailed-only fields. */
export function basicDevice(d: NinjaDevice): Record<string, unknown> {
  const { ipAddresses: _ip, macAddresses: _mac, publicIP: _pub, notes: _notes, deviceType: _type, ...basic } = d;
  return structuredClone(basic);
}

/** `/v2/devices-detailed`: every field plus references to the organization, location, policy and role. */
export function detailedDevice(d: NinjaDevice, orgs: readonly NinjaOrganization[], locs: readonly NinjaLocation[]): Record<string, unknown> {
  const org = orgs.find((o) => o.id === d.organizationId);
  const loc = locs.find((l) => l.id === d.locationId);
  const policy = POLICIES.find((p) => p.id === d.policyId);
  return {
    ...structuredClone(d),
    references: {
      organization: org ? { id: org.id, name: org.name, description: org.description, nodeApprovalMode: org.nodeApprovalMode, tags: [...org.tags], fields: {} } : undefined,
      location: loc ? { id: loc.id, name: loc.name, address: loc.address, description: loc.description, tags: [], fields: {} } : undefined,
      rolePolicy: policy ? { id: policy.id, name: policy.name, nodeClass: policy.nodeClass } : undefined,
      policy: policy ? { id: policy.id, name: policy.name, nodeClass: policy.nodeClass } : undefined,
      role: { id: d.nodeRoleId, name: d.nodeClass.replace(/_/g, ' '), nodeClass: d.nodeClass, custom: false, chassisType: 'UNKNOWN' },
    },
  };
}

export function organizationBody(o: NinjaOrganization): Record<string, unknown> {
  return { ...structuredClone(o) };
}
