import { z } from 'zod';
import { UI_REGIONS } from './region-pairs.js';
import { commaListSchema } from '../../core/comma-list.js';

/** A ui-distributor-locator connection: no credentials, only where the site is and how politely to read it. */
export const uiLocatorConfigSchema = z.object({
  /** The site's origin; the sandbox serves it under `http://127.0.0.1:PORT/ui`. */
  base_url: z.url({ protocol: /^https?$/ }).default('https://www.ui.com'),
  /** Minimum spacing between requests (the original paused 0.2 s; tests set 0). */
  min_interval_ms: z.coerce.number().int().min(0).max(60_000).default(250),
  timeout_ms: z.coerce.number().int().min(100).max(120_000).default(30_000),
  /** Retries per request after the first (default: the HTTP layer's setting). */
  retries: z.coerce.number().int().min(0).max(10).optional(),
  /** Read only these regions (comma-separated or a list); default all. */
  regions: commaListSchema.pipe(z.array(z.enum(UI_REGIONS)).min(1)).optional(),
  /** Discover pairs from the page's `mainRegionsData` (default); false uses the static fallback only. */
  discover: z.preprocess((v) => (v === 'false' || v === '0' ? false : v === 'true' || v === '1' ? true : v), z.boolean()).default(true),
});

export type UiLocatorConfig = z.infer<typeof uiLocatorConfigSchema>;
