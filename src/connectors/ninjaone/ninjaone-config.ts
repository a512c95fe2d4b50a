import { z } from 'zod';

export const NINJAONE_DEFAULT_BASE_URL = 'https://app.ninjarmm.com';

export const ninjaoneConfigSchema = z.object({
  /** The region host the API client was created on: app (US), us2, eu, ca, oc (…).ninjarmm.com. */
  base_url: z.url().default(NINJAONE_DEFAULT_BASE_URL),
  client_id: z.string().trim().min(1, 'a client id is required'),
  client_secret: z.string().trim().min(1, 'a client secret is required'),
  /** Space-separated OAuth scopes; `monitoring` (read-only) is all a sync needs. */
  scopes: z
    .string()
    .trim()
    .default('monitoring')
    .refine((s) => s.split(/\s+/).includes('monitoring'), 'scopes must include monitoring (needed to read)'),
  /** Organizations and devices per page (`after` pagination). */
  page_size: z.coerce.number().int().min(1).max(1000).default(500),
  /** Activities per page (the API allows 10–1000). */
  activities_page_size: z.coerce.number().int().min(10).max(1000).default(1000),
  /** How far back the first activities sync reaches; later syncs continue from the last id. */
  activities_lookback_days: z.coerce.number().int().min(1).max(365).default(7),
  /** Backup jobs per page of `/v2/backup/jobs` (the API allows 1–10,000). */
  backup_jobs_page_size: z.coerce.number().int().min(1).max(10_000).default(1000),
  /** How far back the first backup-jobs sync reaches. */
  backup_jobs_lookback_days: z.coerce.number().int().min(1).max(90).default(3),
  /** Later syncs re-read jobs started this long before the latest stored one, to catch their final status. */
  backup_jobs_overlap_hours: z.coerce.number().int().min(1).max(168).default(24),
});

export type NinjaOneConfig = z.infer<typeof ninjaoneConfigSchema>;
