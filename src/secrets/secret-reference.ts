import type { SecretReference } from './secrets-provider.js';

const NAME = /^[0-9a-zA-Z-]{1,127}$/;
const VERSION = /^[0-9a-zA-Z]{1,64}$/;

/** The environment variable a reference falls back to: `ninjaone-client-secret` → `NINJAONE_CLIENT_SECRET`. */
export function envNameOf(vaultName: string): string {
  return vaultName.toUpperCase().replace(/-/g, '_');
}

/**
 * A connection secret that names a Key Vault secret instead of holding the value:
 *   `keyvault:<name>[/<version>]`                                   (the configured SLUICE_AZURE_KEY_VAULT_URL)
 *   `@Microsoft.KeyVault(SecretUri=https://<vault>.vault.azure.net/secrets/<name>[/<version>])`
 *   `@Microsoft.KeyVault(VaultName=<vault>;SecretName=<name>[;SecretVersion=<version>])`
 * (the last two as Azure App Service writes them). Optionally `?env=<VAR>` after a `keyvault:` reference names the
 * environment fallback. Anything else is a plain value (null).
 */
export function parseSecretReference(value: unknown): SecretReference | null {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  const short = /^keyvault:([^/?\s]+)(?:\/([^?\s]+))?(?:\?env=([A-Za-z_][A-Za-z0-9_]*))?$/.exec(v);
  if (short) {
    const [, name, version, env] = short;
    if (!NAME.test(name!) || (version !== undefined && !VERSION.test(version))) return null;
    return { name: name!, version, envName: env ?? envNameOf(name!) };
  }
  const app = /^@Microsoft\.KeyVault\((.*)\)$/i.exec(v);
  if (!app) return null;
  const body = app[1]!.trim();
  const uri = /^SecretUri=(.+)$/i.exec(body);
  if (uri) {
    let u: URL;
    try {
      u = new URL(uri[1]!.trim());
    } catch {
      return null;
    }
    const m = /^\/secrets\/([^/]+)(?:\/([^/]+))?\/?$/.exec(u.pathname);
    if (!m || !NAME.test(m[1]!) || (m[2] !== undefined && !VERSION.test(m[2]))) return null;
    return { name: m[1]!, version: m[2], vaultUrl: u.origin, envName: envNameOf(m[1]!) };
  }
  const parts = Object.fromEntries(body.split(';').map((p) => p.split('=').map((x) => x.trim())).filter((kv) => kv.length === 2).map(([k, val]) => [k!.toLowerCase(), val!]));
  const vaultName = parts.vaultname;
  const name = parts.secretname;
  if (!vaultName || !name || !/^[0-9a-zA-Z-]{3,24}$/.test(vaultName) || !NAME.test(name)) return null;
  const version = parts.secretversion;
  if (version !== undefined && !VERSION.test(version)) return null;
  return { name, version, vaultUrl: `https://${vaultName}.vault.azure.net`, envName: envNameOf(name) };
}
