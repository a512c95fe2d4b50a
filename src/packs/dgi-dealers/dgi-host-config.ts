import { createHash } from 'node:crypto';
import { z } from 'zod';
import { dgiConfigSchema, dgiDealerIdSchema, type DgiConfig } from '../../connectors/dgi/dgi-config.js';
import { SluiceError } from '../../core/errors.js';

/**
 * API configuration of one main dealer's DGI host, shared by every dealer pulling from it. The spec serves at most
 * 7 days per request, so the window is capped at 7 here (the connector alone tolerates MDs that allow more).
 */
const settings = {
  timeout_ms: z.coerce.number().int().min(1_000).max(300_000),
  retries: z.coerce.number().int().min(0).max(10),
  /** Per API key, across all dealers of its group. */
  requests_per_second: z.coerce.number().min(0.1).max(100),
  window_days: z.coerce.number().int().min(1).max(7, 'the DGI API serves at most 7 days per request'),
  overlap_minutes: z.coerce.number().int().min(0).max(24 * 60),
  time_zone: z.string(),
};

export const dgiHostConfigSchema = z.object({
  base_url: z
    .url({ protocol: /^https?$/, error: 'must be the main dealer’s http(s) base URL' })
    .transform((u) => u.replace(/\/+$/, '')),
  timeout_ms: settings.timeout_ms.default(30_000),
  retries: settings.retries.default(3),
  requests_per_second: settings.requests_per_second.default(5),
  window_days: settings.window_days.default(7),
  overlap_minutes: settings.overlap_minutes.default(60),
  time_zone: settings.time_zone.default('Asia/Jakarta'),
});
export type DgiHostConfig = z.output<typeof dgiHostConfigSchema>;

/** What a dealer may override of its host's configuration. */
export const dgiDealerOverridesSchema = z.object(settings).partial();

/** One dealer as the pack holds it: identity, secrets, the host it pulls from and its own overrides. */
export const dgiDealerSchema = z.object({
  dealer_id: dgiDealerIdSchema,
  dealer_name: z.string().trim().min(1).max(200),
  api_key: z.string().min(1, 'the DGI API key is required'),
  secret_key: z.string().min(1, 'the DGI secret key is required'),
  base_url: dgiHostConfigSchema.shape.base_url,
  overrides: dgiDealerOverridesSchema.default({}),
});
export type DgiDealer = z.input<typeof dgiDealerSchema>;

/** Hosts are keyed by their base URL without trailing slashes. */
export const hostKey = (baseUrl: string): string => baseUrl.replace(/\/+$/, '');

/** A dealer's effective connection config: its host's settings, then its own overrides. Every problem at once. */
export function dealerConnectionConfig(hosts: readonly z.input<typeof dgiHostConfigSchema>[], dealer: DgiDealer): DgiConfig {
  const d = dgiDealerSchema.safeParse(dealer);
  if (!d.success) {
    throw new SluiceError('connector_config_invalid', `dealer ${dealer.dealer_id}: ${d.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const hostInput = hosts.find((h) => hostKey(h.base_url) === d.data.base_url) ?? { base_url: d.data.base_url };
  const host = dgiHostConfigSchema.parse(hostInput);
  const { overrides, ...identity } = d.data;
  const merged = { ...host, ...stripUndefined(overrides), ...identity };
  const r = dgiConfigSchema.safeParse(merged);
  if (!r.success) {
    throw new SluiceError('connector_config_invalid', `dealer ${dealer.dealer_id}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return r.data;
}

function stripUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The rate-limit group of a dealer: the API key (hashed) on its host. Dealers of one group share one limiter. */
export function credentialGroup(config: Pick<DgiConfig, 'base_url' | 'api_key'>): string {
  return `${config.base_url}#${createHash('sha256').update(config.api_key).digest('hex').slice(0, 12)}`;
}

/**
 * Problems in a set of dealers' effective configs: duplicate dealer ids on one host, and dealers sharing a key whose
 * request rates differ (the limiter per key would then not hold the key's rate).
 */
export function dealerGroupProblems(configs: readonly DgiConfig[]): string[] {
  const problems: string[] = [];
  const ids = new Map<string, number>();
  for (const c of configs) {
    const k = `${c.base_url}|${c.dealer_id}`;
    ids.set(k, (ids.get(k) ?? 0) + 1);
  }
  for (const [k, n] of ids) if (n > 1) problems.push(`dealer ${k.split('|')[1]} appears ${n} times on ${k.split('|')[0]}`);
  const rates = new Map<string, Set<number>>();
  const members = new Map<string, string[]>();
  for (const c of configs) {
    const g = credentialGroup(c);
    rates.set(g, (rates.get(g) ?? new Set()).add(c.requests_per_second));
    members.set(g, [...(members.get(g) ?? []), c.dealer_id]);
  }
  for (const [g, r] of rates) {
    if (r.size > 1) {
      problems.push(`dealers ${members.get(g)!.join(', ')} share one API key on ${g.split('#')[0]} but set different requests per second (${[...r].join(', ')}); the key has one rate`);
    }
  }
  return problems;
}
