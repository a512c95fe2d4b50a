import { SluiceError } from '../core/errors.js';
import type { Database } from '../store/database.js';
import { writeAudit } from './audit-log.js';
import { hashOpaqueToken, newOpaqueToken } from './opaque-token.js';
import { countUsers, createUser, type UserView } from './user-store.js';

const SETUP_TTL_MS = 24 * 3_600_000;

export type BootstrapResult =
  | { readonly kind: 'existing' }
  | { readonly kind: 'created'; readonly email: string }
  /** No admin configured: a one-time setup token (shown once, stored hashed) for POST /api/v1/auth/setup. */
  | { readonly kind: 'setup'; readonly token: string; readonly expiresAt: Date };

/** First start: create the admin from SLUICE_ADMIN_EMAIL / SLUICE_ADMIN_PASSWORD, or issue a setup token. */
export async function bootstrapAdmin(
  db: Database,
  opts: { adminEmail: string | undefined; adminPassword: string | undefined; now?: Date },
): Promise<BootstrapResult> {
  if ((await countUsers(db)) > 0) return { kind: 'existing' };
  if (opts.adminEmail && opts.adminPassword) {
    const u = await createUser(db, { email: opts.adminEmail, password: opts.adminPassword, role: 'admin' });
    await writeAudit(db, { actor: 'system', action: 'user.create', target: u.id, details: { email: u.email, role: 'admin', via: 'environment' } });
    return { kind: 'created', email: u.email };
  }
  const now = opts.now ?? new Date();
  const token = newOpaqueToken('sls');
  const expiresAt = new Date(now.getTime() + SETUP_TTL_MS);
  await db.query('insert into setup_tokens (token_hash, expires_at) values ($1, $2)', [hashOpaqueToken(token), expiresAt]);
  return { kind: 'setup', token, expiresAt };
}

/** Redeems a setup token once and creates the first admin. */
export async function completeSetup(
  db: Database,
  input: { token: string; email: string; password: string; now?: Date },
): Promise<UserView> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const claimed = await tx.query(
      'update setup_tokens set used_at = $2 where token_hash = $1 and used_at is null and expires_at > $2',
      [hashOpaqueToken(input.token), now],
    );
    if (claimed.rowCount === 0) throw new SluiceError('unauthenticated', 'the setup link is invalid, used or expired');
    if ((await countUsers(tx)) > 0) throw new SluiceError('conflict', 'an admin already exists');
    const u = await createUser(tx, { email: input.email, password: input.password, role: 'admin' });
    await writeAudit(tx, { actor: 'system', action: 'user.create', target: u.id, details: { email: u.email, role: 'admin', via: 'setup_link' } });
    return u;
  });
}
