import { createHmac, timingSafeEqual } from 'node:crypto';
import { SluiceError } from '../core/errors.js';
import { checkStorageKey } from './file-storage.js';

/** Signed, expiring download links: whoever holds one may read that one file until it expires, nothing else. */
export interface DownloadLinks {
  /** A URL path (`/api/v1/files/download/<token>`) valid for `ttlSeconds` (default: the configured TTL). */
  sign(key: string, ttlSeconds?: number): { path: string; expiresAt: Date };
  /** The file key of a valid token; `not_found` when forged or expired (a public route never answers 403). */
  verify(token: string, now?: Date): string;
}

export const DOWNLOAD_PATH = '/api/v1/files/download/';

export function createDownloadLinks(secretKey: Buffer, defaultTtlSeconds: number): DownloadLinks {
  // A key of its own, derived from the secret key, so a link signature can never be confused with anything else.
  const key = createHmac('sha256', secretKey).update('sluice download links v1').digest();
  const mac = (payload: string): Buffer => createHmac('sha256', key).update(payload).digest();
  return {
    sign(fileKey, ttlSeconds = defaultTtlSeconds) {
      const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
      const payload = Buffer.from(JSON.stringify({ k: checkStorageKey(fileKey), e: Math.floor(expiresAt.getTime() / 1000) })).toString('base64url');
      return { path: `${DOWNLOAD_PATH}${payload}.${mac(payload).toString('base64url')}`, expiresAt };
    },
    verify(token, now = new Date()) {
      const [payload, sig] = token.split('.');
      const given = Buffer.from(sig ?? '', 'base64url');
      const expected = payload ? mac(payload) : Buffer.alloc(0);
      if (!payload || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new SluiceError('not_found', 'this download link is not valid');
      }
      const { k, e } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { k: string; e: number };
      if (e * 1000 < now.getTime()) throw new SluiceError('not_found', 'this download link has expired; ask for a new one');
      return checkStorageKey(k);
    },
  };
}
