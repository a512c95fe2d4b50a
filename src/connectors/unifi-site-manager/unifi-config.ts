import { z } from 'zod';

export const UNIFI_DEFAULT_BASE_URL = 'https://api.ui.com';

export const unifiConfigSchema = z.object({
  /** The Site Manager API host; the sandbox serves it under /unifi. */
  base_url: z.url().default(UNIFI_DEFAULT_BASE_URL),
  /** Created at unifi.ui.com → API; read-only; sent as X-API-KEY. */
  api_key: z.string().trim().min(1, 'an API key is required'),
  /** Items per page (hosts, sites; host groups for devices). Every nextToken is followed whatever the size. */
  page_size: z.coerce.number().int().min(1).max(500).default(100),
});

export type UnifiConfig = z.infer<typeof unifiConfigSchema>;
