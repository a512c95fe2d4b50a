import { createHash, randomBytes } from 'node:crypto';

/** Random bearer secrets (refresh, API and setup tokens): shown once, stored only as a SHA-256 digest. */
export function newOpaqueToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
