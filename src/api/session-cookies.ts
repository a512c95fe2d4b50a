import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TokenPair } from '../auth/auth-service.js';
import { SluiceError } from '../core/errors.js';

export const ACCESS_COOKIE = 'sluice_access';
export const REFRESH_COOKIE = 'sluice_refresh';
export const CSRF_COOKIE = 'sluice_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const REFRESH_PATH = '/api/v1/auth';

/**
 * Browser sessions: the tokens live in httpOnly SameSite=Strict cookies (scripts never see them); the CSRF token is a
 * readable cookie the UI echoes in the X-CSRF-Token header on every state-changing request (double submit).
 */
export function setSessionCookies(reply: FastifyReply, pair: TokenPair, secure: boolean): string {
  const csrf = randomBytes(24).toString('base64url');
  const base = { sameSite: 'strict' as const, secure, path: '/' };
  reply.setCookie(ACCESS_COOKIE, pair.accessToken, { ...base, httpOnly: true, maxAge: pair.expiresIn });
  reply.setCookie(REFRESH_COOKIE, pair.refreshToken, { ...base, path: REFRESH_PATH, httpOnly: true, maxAge: pair.refreshExpiresIn });
  reply.setCookie(CSRF_COOKIE, csrf, { ...base, httpOnly: false, maxAge: pair.refreshExpiresIn });
  return csrf;
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(ACCESS_COOKIE, { path: '/' });
  reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_PATH });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses a state-changing request that carries session cookies but not the matching CSRF header. */
export function assertCsrf(req: FastifyRequest): void {
  if (SAFE_METHODS.has(req.method)) return;
  const cookie = req.cookies[CSRF_COOKIE];
  const header = req.headers[CSRF_HEADER];
  const sent = Array.isArray(header) ? header[0] : header;
  const ok =
    typeof cookie === 'string' &&
    typeof sent === 'string' &&
    cookie.length > 0 &&
    cookie.length === sent.length &&
    timingSafeEqual(Buffer.from(cookie), Buffer.from(sent));
  if (!ok) {
    throw new SluiceError('csrf_failed', `a cookie-authenticated ${req.method} needs the ${CSRF_HEADER} header matching the ${CSRF_COOKIE} cookie`);
  }
}

export function isSecureRequest(req: FastifyRequest, publicUrl: string | undefined): boolean {
  return req.protocol === 'https' || Boolean(publicUrl?.startsWith('https://'));
}
