import { randomUUID } from 'node:crypto';
import { SluiceError } from '../core/errors.js';
import type { Database } from '../store/database.js';
import type { AccessTokenIssuer } from './access-token.js';
import { API_TOKEN_PREFIX, resolveApiToken } from './api-token-store.js';
import { writeAudit } from './audit-log.js';
import { clearFailures, lockedUntil, recordFailure } from './login-throttle.js';
import { hashOpaqueToken, newOpaqueToken } from './opaque-token.js';
import { dummyPasswordHash, verifyPassword } from './password-hasher.js';
import type { Role } from './permissions.js';
import { findUserByEmail, findUserById } from './user-store.js';

/** Who is calling: a signed-in user (session) or a script (API token). */
export interface Principal {
  readonly kind: 'session' | 'api_token';
  readonly userId: string;
  readonly email: string;
  readonly role: Role;
  /** Refresh-token family (session) or token id (API token): the rate-limit and audit key. */
  readonly credentialId: string;
}

export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
  readonly refreshExpiresIn: number;
  readonly sessionId: string;
  readonly user: { id: string; email: string; role: Role };
}

export interface RequestMeta {
  readonly requestId?: string | undefined;
  readonly ip?: string | undefined;
}

export interface AuthService {
  login(email: string, password: string, meta?: RequestMeta): Promise<TokenPair>;
  refresh(refreshToken: string, meta?: RequestMeta): Promise<TokenPair>;
  logout(refreshToken: string | undefined, sessionId: string | undefined, meta?: RequestMeta): Promise<void>;
  /** Resolves `Authorization: Bearer …` (a JWT access token or an API token). */
  authenticate(bearer: string): Promise<Principal>;
  /**
   * Forgets every recently verified credential. Called after any request that may revoke, disable or demote, so
   * such a change takes effect on the next request served here (other processes see it within VERIFIED_TTL_MS).
   */
  forgetVerified(): void;
}

/** How long a verified credential is trusted without a database round trip. */
export const VERIFIED_TTL_MS = 5_000;
const VERIFIED_MAX = 10_000;

export interface AuthServiceOptions {
  readonly db: Database;
  readonly issuer: AccessTokenIssuer;
  readonly refreshTtlSeconds: number;
  /** Injected clock: tests move time instead of sleeping. */
  readonly now?: () => Date;
}

const REFRESH_PREFIX = 'slr';

export function createAuthService(opts: AuthServiceOptions): AuthService {
  const { db, issuer } = opts;
  const now = opts.now ?? (() => new Date());
  // A verified bearer is trusted for a few seconds: a burst of API calls with one token costs one lookup, not one each.
  const verified = new Map<string, { principal: Principal; until: number }>();

  async function issuePair(user: { id: string; email: string; role: Role }, familyId: string, at: Date): Promise<TokenPair> {
    const refreshToken = newOpaqueToken(REFRESH_PREFIX);
    await db.query(
      `insert into refresh_tokens (family_id, user_id, token_hash, expires_at, created_at) values ($1, $2, $3, $4, $5)`,
      [familyId, user.id, hashOpaqueToken(refreshToken), new Date(at.getTime() + opts.refreshTtlSeconds * 1000), at],
    );
    const access = await issuer.issue({ userId: user.id, role: user.role, sessionId: familyId }, at);
    return {
      accessToken: access.token,
      refreshToken,
      expiresIn: access.expiresIn,
      refreshExpiresIn: opts.refreshTtlSeconds,
      sessionId: familyId,
      user: { id: user.id, email: user.email, role: user.role },
    };
  }

  return {
    async login(rawEmail, password, meta = {}) {
      const email = rawEmail.trim().toLowerCase();
      const at = now();
      const locked = await lockedUntil(db, email, at);
      if (locked) {
        const retryAfter = Math.ceil((locked.getTime() - at.getTime()) / 1000);
        await writeAudit(db, { actor: `user:${email}`, action: 'auth.login', outcome: 'denied', ...meta, details: { reason: 'locked' } });
        throw new SluiceError('account_locked', `too many failed logins; try again in ${retryAfter} s`, {
          details: { retry_after_seconds: retryAfter },
        });
      }
      const user = await findUserByEmail(db, email);
      // Verify against a dummy hash for unknown emails so timing does not reveal which accounts exist.
      const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
      if (!user || !ok || user.disabled) {
        const f = await recordFailure(db, email, at);
        await writeAudit(db, {
          actor: `user:${email}`,
          action: 'auth.login',
          outcome: 'failed',
          ...meta,
          details: { failures: f.failures, locked: Boolean(f.lockedUntil) },
        });
        throw new SluiceError('unauthenticated', 'wrong email or password', { details: { reason: 'bad_credentials' } });
      }
      await clearFailures(db, email);
      await db.query('update users set last_login_at = $2 where id = $1', [user.id, at]);
      await writeAudit(db, { actor: `user:${email}`, action: 'auth.login', target: user.id, ...meta });
      return issuePair(user, randomUUID(), at);
    },

    async refresh(refreshToken, meta = {}) {
      const at = now();
      const hash = hashOpaqueToken(refreshToken);
      // Claiming the token is one statement, so two concurrent refreshes with the same token cannot both win.
      const claimed = await db.query<{ id: string; family_id: string; user_id: string }>(
        `update refresh_tokens set used_at = $2
         where token_hash = $1 and used_at is null and revoked_at is null and expires_at > $2
         returning id, family_id, user_id`,
        [hash, at],
      );
      const row = claimed.rows[0];
      if (!row) {
        const { rows } = await db.query<{ family_id: string; user_id: string; used_at: Date | null; revoked_at: Date | null }>(
          'select family_id, user_id, used_at, revoked_at from refresh_tokens where token_hash = $1',
          [hash],
        );
        const known = rows[0];
        if (known && known.used_at && !known.revoked_at) {
          // A rotated token came back: someone holds a copy. End the whole session family.
          await db.query('update refresh_tokens set revoked_at = $2 where family_id = $1 and revoked_at is null', [known.family_id, at]);
          await writeAudit(db, {
            actor: `user:${known.user_id}`,
            action: 'auth.refresh_reuse',
            target: known.family_id,
            outcome: 'denied',
            ...meta,
          });
          throw new SluiceError('unauthenticated', 'this refresh token was already used; the session has been revoked', {
            details: { reason: 'refresh_token_reused' },
          });
        }
        throw new SluiceError('unauthenticated', 'the refresh token is invalid, expired or revoked', {
          details: { reason: 'refresh_token_invalid' },
        });
      }
      const user = await findUserById(db, row.user_id);
      if (!user || user.disabled) {
        throw new SluiceError('unauthenticated', 'the account is disabled', { details: { reason: 'account_disabled' } });
      }
      return issuePair(user, row.family_id, at);
    },

    async logout(refreshToken, sessionId, meta = {}) {
      const at = now();
      let family = sessionId;
      if (!family && refreshToken) {
        const { rows } = await db.query<{ family_id: string }>('select family_id from refresh_tokens where token_hash = $1', [
          hashOpaqueToken(refreshToken),
        ]);
        family = rows[0]?.family_id;
      }
      if (!family) return;
      await db.query('update refresh_tokens set revoked_at = $2 where family_id = $1 and revoked_at is null', [family, at]);
      await writeAudit(db, { actor: 'session', action: 'auth.logout', target: family, ...meta });
    },

    forgetVerified() {
      verified.clear();
    },

    async authenticate(bearer) {
      const at = now();
      const hit = verified.get(bearer);
      if (hit && hit.until > at.getTime()) return hit.principal;
      const principal = await verify(bearer, at);
      if (verified.size >= VERIFIED_MAX) verified.clear();
      verified.set(bearer, { principal, until: at.getTime() + VERIFIED_TTL_MS });
      return principal;
    },
  };

  async function verify(bearer: string, at: Date): Promise<Principal> {
    {
      if (bearer.startsWith(`${API_TOKEN_PREFIX}_`)) {
        const t = await resolveApiToken(db, bearer, at);
        if (!t) {
          throw new SluiceError('unauthenticated', 'the API token is invalid, expired or revoked', { details: { reason: 'token_invalid' } });
        }
        return { kind: 'api_token', userId: t.userId, email: t.email, role: t.role, credentialId: t.tokenId };
      }
      const claims = await issuer.verify(bearer, at);
      // The role is read from the user, not the token, and the session must still be live, so a demotion, a
      // disabled account, a logout or a detected refresh-token reuse takes effect at once, not at token expiry.
      const { rows } = await db.query<{ id: string; email: string; role: Role; disabled: boolean; live: boolean }>(
        `select u.id, u.email, u.role, u.disabled,
           exists (select 1 from refresh_tokens r where r.family_id = $2 and r.revoked_at is null) as live
         from users u where u.id = $1`,
        [claims.userId, claims.sessionId],
      );
      const user = rows[0];
      if (!user || user.disabled) {
        throw new SluiceError('unauthenticated', 'the account no longer exists or is disabled', { details: { reason: 'account_disabled' } });
      }
      if (!user.live) {
        throw new SluiceError('unauthenticated', 'the session has ended', { details: { reason: 'session_revoked' } });
      }
      return { kind: 'session', userId: user.id, email: user.email, role: user.role, credentialId: claims.sessionId };
    }
  }
}
