import { SluiceError } from '../core/errors.js';
import type { SqlExecutor } from '../store/database.js';
import { hashOpaqueToken, newOpaqueToken } from './opaque-token.js';
import { roleRank, type Role } from './permissions.js';
import { DAY_MS } from '../core/day-ms.js';

export const API_TOKEN_PREFIX = 'slu';
export const DEFAULT_API_TOKEN_DAYS = 90;
export const MAX_API_TOKEN_DAYS = 366;

export type ApiTokenView = {
  id: string;
  user_id: string;
  user_email: string;
  name: string;
  role: Role;
  /** The first characters of the token, so a user can tell tokens apart; never the token. */
  prefix: string;
  expires_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
};

export interface ResolvedApiToken {
  readonly tokenId: string;
  readonly userId: string;
  readonly email: string;
  readonly role: Role;
}

const SELECT = `select t.id, t.user_id, u.email as user_email, t.name, t.role, t.prefix, t.expires_at, t.last_used_at,
  t.revoked_at, t.created_at from api_tokens t join users u on u.id = t.user_id`;

export async function createApiToken(
  db: SqlExecutor,
  input: { userId: string; ownerRole: Role; name: string; role?: Role | undefined; expiresInDays?: number | undefined; now: Date },
): Promise<{ token: string; view: ApiTokenView }> {
  const role = input.role ?? input.ownerRole;
  if (roleRank(role) > roleRank(input.ownerRole)) {
    throw new SluiceError('forbidden', `a ${input.ownerRole} cannot create a token with the ${role} role`, {
      details: { reason: 'role_above_owner', role, owner_role: input.ownerRole },
    });
  }
  const days = input.expiresInDays ?? DEFAULT_API_TOKEN_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_API_TOKEN_DAYS) {
    throw new SluiceError('validation_failed', `expires_in_days must be 1–${MAX_API_TOKEN_DAYS}`, {
      details: { problems: [`expires_in_days: must be an integer from 1 to ${MAX_API_TOKEN_DAYS}`] },
    });
  }
  const token = newOpaqueToken(API_TOKEN_PREFIX);
  const expiresAt = new Date(input.now.getTime() + days * DAY_MS);
  const { rows } = await db.query<{ id: string }>(
    `insert into api_tokens (user_id, name, role, token_hash, prefix, expires_at, created_at)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [input.userId, input.name, role, hashOpaqueToken(token), token.slice(0, 10), expiresAt, input.now],
  );
  const id = (rows[0] as { id: string }).id;
  return { token, view: await getApiToken(db, id) };
}

export async function getApiToken(db: SqlExecutor, id: string): Promise<ApiTokenView> {
  const { rows } = await db.query<ApiTokenView>(`${SELECT} where t.id = $1`, [id]);
  const row = rows[0];
  if (!row) throw new SluiceError('not_found', `no API token ${id}`);
  return row;
}

export async function listApiTokens(db: SqlExecutor, userId?: string): Promise<ApiTokenView[]> {
  const { rows } = await db.query<ApiTokenView>(
    `${SELECT} where ($1::uuid is null or t.user_id = $1) order by t.created_at desc`,
    [userId ?? null],
  );
  return rows;
}

/** Revokes a token; `ownerId` limits it to that user's tokens (non-admins). */
export async function revokeApiToken(db: SqlExecutor, id: string, ownerId?: string): Promise<void> {
  const r = await db.query(
    `update api_tokens set revoked_at = coalesce(revoked_at, now()) where id = $1 and ($2::uuid is null or user_id = $2)`,
    [id, ownerId ?? null],
  );
  if (r.rowCount === 0) throw new SluiceError('not_found', `no API token ${id}`);
}

/** The token's identity when it is known, unrevoked, unexpired and its owner is active; undefined otherwise. */
export async function resolveApiToken(db: SqlExecutor, token: string, now: Date): Promise<ResolvedApiToken | undefined> {
  const { rows } = await db.query<{ id: string; user_id: string; email: string; role: Role; last_used_at: Date | null }>(
    `select t.id, t.user_id, u.email, t.role, t.last_used_at from api_tokens t join users u on u.id = t.user_id
     where t.token_hash = $1 and t.revoked_at is null and t.expires_at > $2 and not u.disabled`,
    [hashOpaqueToken(token), now],
  );
  const row = rows[0];
  if (!row) return undefined;
  // Coarse last-used stamp: at most one write a minute per token keeps hot scripts from writing on every request.
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > 60_000) {
    await db.query('update api_tokens set last_used_at = $2 where id = $1', [row.id, now]);
  }
  return { tokenId: row.id, userId: row.user_id, email: row.email, role: row.role };
}
