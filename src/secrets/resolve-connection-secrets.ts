import { SluiceError } from '../core/errors.js';
import type { AppContext } from '../main/app-context.js';
import { parseSecretReference } from './secret-reference.js';
import { createSecretsProvider, type SecretsProvider } from './secrets-provider.js';

const providers = new WeakMap<AppContext, SecretsProvider>();

/** The process's secrets provider (Key Vault when SLUICE_AZURE_KEY_VAULT_URL is set, else the environment). */
export function secretsProviderFor(app: AppContext): SecretsProvider {
  let p = providers.get(app);
  if (!p) {
    p = createSecretsProvider({ db: app.db, logger: app.logger, env: app.config.env, vaultUrl: app.config.azureKeyVaultUrl, http: app.http });
    providers.set(app, p);
  }
  return p;
}

/**
 * Resolves, at use, the connection secrets that are Key Vault references (`keyvault:<name>`, `@Microsoft.KeyVault(…)`):
 * each read is audited with its source (vault or environment fallback), never its value. A reference neither the
 * vault nor the environment can answer fails with `secret_unavailable`, naming the key and the reference only.
 */
export async function resolveConnectionSecrets(
  app: AppContext, connection: string, config: Record<string, unknown>, secretKeys: readonly string[], purpose: string,
  provider: SecretsProvider = secretsProviderFor(app),
): Promise<Record<string, unknown>> {
  const out = { ...config };
  for (const key of secretKeys) {
    const ref = parseSecretReference(config[key]);
    if (!ref) continue;
    const r = await provider.getReference(ref, { actor: `connection:${connection}`, purpose });
    if (r.value === undefined) {
      throw new SluiceError('secret_unavailable',
        `connection "${connection}": ${key} refers to Key Vault secret "${ref.name}", which neither the vault nor the environment (${ref.envName}) could provide`,
        { details: { connection, key, secret: ref.name, env: ref.envName } });
    }
    out[key] = r.value;
  }
  return out;
}
