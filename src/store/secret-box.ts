import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SluiceError } from '../core/errors.js';

/** Encrypts connection and destination secrets at rest (AES-256-GCM, DESIGN.md invariant 7). */
export interface SecretBox {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

export const SECRET_MASK = '••••';

function parseKey(raw: string): Buffer {
  const trimmed = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new SluiceError('config_invalid', 'SLUICE_SECRET_KEY must decode to 32 bytes');
  return key;
}

/**
 * The key comes from SLUICE_SECRET_KEY, or from a key file generated in the data dir with 0600 permissions on first use.
 * Several servers sharing one PostgreSQL must share the key: set SLUICE_SECRET_KEY there.
 */
export function loadSecretKey(opts: { secretKey: string | undefined; dataDir: string }): Buffer {
  if (opts.secretKey) return parseKey(opts.secretKey);
  const file = join(opts.dataDir, 'secret.key');
  if (existsSync(file)) return parseKey(readFileSync(file, 'utf8'));
  mkdirSync(opts.dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}

/** A short, one-way fingerprint of the key: tells two keys apart without revealing either. */
export function secretKeyId(key: Buffer): string {
  return createHash('sha256').update('sluice key id').update(key).digest('hex').slice(0, 16);
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new SluiceError('config_invalid', 'the secret key must be 32 bytes');
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${ct.toString('base64')}`;
    },
    decrypt(sealed) {
      const [v, iv, tag, ct] = sealed.split(':');
      if (v !== 'v1' || !iv || !tag || ct === undefined) {
        throw new SluiceError('secret_unavailable', 'a stored secret is not in a readable format');
      }
      try {
        const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
        d.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([d.update(Buffer.from(ct, 'base64')), d.final()]).toString('utf8');
      } catch (err) {
        throw new SluiceError('secret_unavailable', 'a stored secret cannot be decrypted with the current key', { cause: err });
      }
    },
  };
}

/** Splits a config into plain and sealed parts by the manifest's secret keys. */
export function encryptSecrets(
  box: SecretBox,
  config: Record<string, unknown>,
  secretKeys: readonly string[],
): { plain: Record<string, unknown>; sealed: Record<string, string> } {
  const plain: Record<string, unknown> = {};
  const sealed: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    if (secretKeys.includes(k)) {
      if (v !== undefined && v !== null && v !== '') sealed[k] = box.encrypt(typeof v === 'string' ? v : JSON.stringify(v));
    } else plain[k] = v;
  }
  return { plain, sealed };
}

export function decryptSecrets(box: SecretBox, sealed: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(sealed).map(([k, v]) => [k, box.decrypt(v)]));
}

/** What APIs and CLIs show for secret fields: never the value, only whether one is set. */
export function maskSecrets(sealed: Record<string, unknown>, secretKeys: readonly string[]): Record<string, string | null> {
  return Object.fromEntries(secretKeys.map((k) => [k, sealed[k] ? SECRET_MASK : null]));
}
