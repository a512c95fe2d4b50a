import { z } from 'zod';
import type { ConfigFieldInfo } from '../../core/connector.js';
import { isValidTimeZone } from './dgi-time.js';

/** A dealer's ODA code as AHM issues it ("12284"): at most 10 letters or digits. */
export const dgiDealerIdSchema = z
  .string()
  .trim()
  .min(1, 'the dealer id (ODA code) is required')
  .max(10, 'an ODA dealer code has at most 10 characters')
  .regex(/^[A-Za-z0-9]+$/, 'an ODA dealer code has only letters and digits');

/** One connection per dealer: the key may cover a whole dealer group, `dealer_id` narrows every pull to one dealer. */
export const dgiConfigSchema = z.object({
  dealer_id: dgiDealerIdSchema,
  dealer_name: z.string().trim().min(1).max(200),
  base_url: z
    .url({ protocol: /^https?$/, error: 'must be the main dealer’s http(s) base URL' })
    .transform((u) => u.replace(/\/+$/, '')),
  api_key: z.string().min(1, 'the DGI API key is required'),
  secret_key: z.string().min(1, 'the DGI secret key is required'),
  time_zone: z
    .string()
    .default('Asia/Jakarta')
    .refine(isValidTimeZone, 'must be an IANA time zone such as Asia/Jakarta, Asia/Makassar or Asia/Jayapura'),
  /** Days per request: 7 by the spec; some MD servers allow up to 30. */
  window_days: z.coerce.number().int().min(1).max(30).default(7),
  /** How far before the last high-water mark an incremental run starts again. */
  overlap_minutes: z.coerce.number().int().min(0).max(24 * 60).default(60),
  timeout_ms: z.coerce.number().int().min(1_000).max(300_000).default(30_000),
  /** Attempts after the first for retryable failures (timeouts, 5xx, 429), with backoff. */
  retries: z.coerce.number().int().min(0).max(10).default(3),
  /** Requests per second per key, shared by every dealer of the group (MD gateways throttle hard). */
  requests_per_second: z.coerce.number().min(0.1).max(100).default(5),
});

export type DgiConfig = z.output<typeof dgiConfigSchema>;

export const DGI_SECRETS = ['api_key', 'secret_key'] as const;

export const DGI_FIELDS: readonly ConfigFieldInfo[] = [
  { name: 'dealer_id', label: 'Dealer ID (ODA code)', required: true, description: 'e.g. 12284; narrows every pull to this dealer' },
  { name: 'dealer_name', label: 'Dealer name', required: true },
  { name: 'base_url', label: 'Main dealer base URL', required: true, description: 'e.g. https://gvt-apigateway.daya-dms.id (without /dgi-api/v1.3)' },
  { name: 'api_key', label: 'DGI API key', required: true, secret: true },
  { name: 'secret_key', label: 'DGI secret key', required: true, secret: true },
  { name: 'time_zone', label: 'Time zone', description: 'Zone of the main dealer’s clock (default Asia/Jakarta)' },
  { name: 'window_days', label: 'Days per request', description: '7 by the DGI spec; raise only if your MD allows it' },
  { name: 'overlap_minutes', label: 'Overlap (minutes)', description: 'Re-read this much before the last high-water mark' },
  { name: 'timeout_ms', label: 'Request timeout (ms)' },
  { name: 'retries', label: 'Retries', description: 'Attempts after the first for timeouts, 5xx and 429 (default 3)' },
  { name: 'requests_per_second', label: 'Requests per second', description: 'Per API key, across all its dealers (default 5)' },
];
