import { hkdfSync } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { SluiceError } from '../core/errors.js';
import { isRole, type Role } from './permissions.js';

export interface AccessClaims {
  readonly userId: string;
  readonly role: Role;
  /** The refresh-token family of the session, so logout can name it. */
  readonly sessionId: string;
  readonly expiresAt: Date;
}

export interface AccessTokenIssuer {
  issue(claims: { userId: string; role: Role; sessionId: string }, now: Date): Promise<{ token: string; expiresIn: number }>;
  verify(token: string, now: Date): Promise<AccessClaims>;
}

const ISSUER = 'sluice';
const AUDIENCE = 'sluice-api';

/** The JWT key is derived from the secret key, so every server sharing SLUICE_SECRET_KEY accepts the same tokens. */
export function deriveJwtKey(secretKey: Buffer): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'sluice access-token v1', 32));
}

export function createAccessTokenIssuer(key: Uint8Array, ttlSeconds: number): AccessTokenIssuer {
  return {
    async issue(claims, now) {
      const iat = Math.floor(now.getTime() / 1000);
      const token = await new SignJWT({ role: claims.role, sid: claims.sessionId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttlSeconds)
        .sign(key);
      return { token, expiresIn: ttlSeconds };
    },
    async verify(token, now) {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ['HS256'],
          currentDate: now,
        });
        if (!payload.sub || !isRole(payload.role) || typeof payload.sid !== 'string' || !payload.exp) {
          throw new SluiceError('unauthenticated', 'the access token is malformed');
        }
        return { userId: payload.sub, role: payload.role, sessionId: payload.sid, expiresAt: new Date(payload.exp * 1000) };
      } catch (err) {
        if (err instanceof SluiceError) throw err;
        const expired = err instanceof joseErrors.JWTExpired;
        throw new SluiceError('unauthenticated', expired ? 'the access token has expired' : 'the access token is invalid', {
          details: { reason: expired ? 'token_expired' : 'token_invalid' },
        });
      }
    },
  };
}
