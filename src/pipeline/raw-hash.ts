import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/content-hash.js';

/**
 * Fingerprint of everything that shapes a record besides its raw values (schema, key, normalisation settings): when
 * it changes, every raw hash changes and all records are validated again.
 */
export function rawFingerprint(parts: unknown): string {
  return createHash('sha1').update(canonicalJson(parts)).digest('base64url');
}

/**
 * Hash of a raw record as the source sent it. Key order is taken as sent (cheap): a source that reorders keys only
 * loses the shortcut, never correctness, because the content hash still decides what changed.
 */
export function rawHash(fingerprint: string, raw: Record<string, unknown>): string {
  return createHash('sha1').update(fingerprint).update(JSON.stringify(raw)).digest('base64url');
}
