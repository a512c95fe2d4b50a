import { z } from 'zod';

/** One entry of the locator's JSON (all 13 recorded fields; the site has sent every one of them in every entry). */
export const locatorEntrySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  url: z.string(),
  email: z.string(),
  phone: z.string(),
  address: z.string(),
  latitude: z.union([z.string(), z.number()]),
  longitude: z.union([z.string(), z.number()]),
  master_reseller: z.boolean(),
  sunmax: z.boolean(),
  logo: z.string(),
  order: z.number().int(),
  last_modified: z.string(),
});
export type LocatorEntry = z.infer<typeof locatorEntrySchema>;

const envelopeSchema = z.object({
  resellers: z.array(z.unknown()),
  master_resellers: z.array(z.unknown()),
  resellers_count: z.number().int().optional(),
  master_resellers_count: z.number().int().optional(),
});

export interface ParsedLocatorResponse {
  readonly entries: LocatorEntry[];
  /** Entries that do not have the recorded shape, with the reasons (quarantined, the run goes on). */
  readonly invalid: { raw: unknown; reasons: string[] }[];
}

/**
 * Reads `{resellers, master_resellers, …_count}`. Returns null when the body is not that envelope at all (an HTML
 * page, an error body): the caller treats the pair as failed rather than as empty.
 */
export function parseLocatorResponse(body: unknown): ParsedLocatorResponse | null {
  const env = envelopeSchema.safeParse(body);
  if (!env.success) return null;
  const entries: LocatorEntry[] = [];
  const invalid: { raw: unknown; reasons: string[] }[] = [];
  for (const raw of [...env.data.resellers, ...env.data.master_resellers]) {
    const e = locatorEntrySchema.safeParse(raw);
    if (e.success) entries.push(e.data);
    else invalid.push({ raw, reasons: e.error.issues.map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`) });
  }
  return { entries, invalid };
}
