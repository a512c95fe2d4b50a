/**
 * Roles and permissions (seed 004: `admin:*`, `users:read`, `users:write`, …). Every API route names exactly one
 * permission (or is public / needs only a signed-in user); the role table below is the only place that grants them.
 */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'admin:*',
  'connectors:read',
  'connections:read',
  'connections:write',
  'syncs:run',
  'runs:read',
  'data:read',
  'data:export',
  'jobs:read',
  'jobs:write',
  'schedules:read',
  'schedules:write',
  'destinations:read',
  'destinations:write',
  'pushes:run',
  'review:read',
  'review:write',
  'users:read',
  'users:write',
  'tokens:read',
  'tokens:write',
  'audit:read',
  // File storage listing and links, backups: admins only (backups hold every record).
  'files:read',
  'backups:run',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const VIEWER: readonly Permission[] = [
  'connectors:read',
  'connections:read',
  'runs:read',
  'data:read',
  'data:export',
  'jobs:read',
  'schedules:read',
  'destinations:read',
  'review:read',
  // Viewers may mint tokens for their own export scripts; a token never outranks its owner.
  'tokens:write',
];

const OPERATOR: readonly Permission[] = [
  ...VIEWER,
  'connections:write',
  'syncs:run',
  'jobs:write',
  'schedules:write',
  'destinations:write',
  'pushes:run',
  'review:write',
];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  viewer: VIEWER,
  operator: OPERATOR,
  admin: ['admin:*'],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  const granted = ROLE_PERMISSIONS[role];
  return granted.includes('admin:*') || granted.includes(permission);
}

/** Rank for "a token may not outrank its owner" and "an operator may not create an admin". */
export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}
