import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { splitCommaList } from '../core/comma-list.js';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const num = (min: number, max: number) => z.coerce.number().min(min).max(max);

/**
 * Every environment variable Sluice reads, in one schema. Each module that needs a setting adds it here (under its
 * own heading) and reads it from the frozen Config object handed down to it — never from process.env.
 */
export const configSchema = z.object({
  // — storage —
  SLUICE_DATA_DIR: z.string().min(1).default('./.sluice'),
  SLUICE_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  SLUICE_DB_POOL_SIZE: int(1, 200).default(10),
  // — pipeline —
  SLUICE_BATCH_SIZE: int(100, 100_000).default(5_000),
  SLUICE_VALIDATE_THREADS: int(0, 64).optional(),
  SLUICE_DEFAULT_PHONE_REGION: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code such as US')
    .default('US'),
  SLUICE_TIMEZONE: z.string().min(1).default('UTC'),
  SLUICE_RETENTION_DAYS: int(1, 36_500).default(90),
  // — logging —
  SLUICE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SLUICE_LOG_PRETTY: bool.optional(),
  // — server —
  SLUICE_HOST: z.string().min(1).default('127.0.0.1'),
  SLUICE_PORT: int(0, 65_535).default(8080),
  SLUICE_PUBLIC_URL: z.url().optional(),
  SLUICE_CORS_ORIGINS: z.string().default(''),
  SLUICE_BODY_LIMIT_BYTES: int(1_024, 1_073_741_824).default(10 * 1024 * 1024),
  SLUICE_RATE_LIMIT_PER_MINUTE: int(1, 1_000_000).default(600),
  SLUICE_ADMIN_EMAIL: z.email().optional(),
  SLUICE_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  SLUICE_SECRET_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/=_-]{43,88}$/, 'must be 32 bytes, base64 or hex encoded')
    .optional(),
  SLUICE_ACCESS_TOKEN_TTL_SECONDS: int(60, 86_400).default(900),
  SLUICE_REFRESH_TOKEN_TTL_SECONDS: int(3_600, 31_536_000).default(30 * 86_400),
  // — shared state —
  SLUICE_REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  // — secrets provider (seed 001: Azure Key Vault with environment fallback) —
  SLUICE_AZURE_KEY_VAULT_URL: z.url().optional(),
  // — HTTP layer defaults —
  SLUICE_HTTP_TIMEOUT_MS: int(100, 600_000).default(30_000),
  SLUICE_HTTP_RETRIES: int(0, 10).default(3),
  SLUICE_BREAKER_FAILURES: int(1, 1_000).default(5),
  SLUICE_BREAKER_HALF_OPEN_MS: int(100, 3_600_000).default(60_000),
  SLUICE_BREAKER_SUCCESSES: int(1, 100).default(3),
  // — jobs —
  SLUICE_WORKER_CONCURRENCY: int(1, 256).default(2),
  SLUICE_SCHEDULER: bool.default(true),
  // — sandbox —
  SLUICE_SANDBOX_PORT: int(0, 65_535).default(8090),
  SLUICE_SANDBOX_SEED: int(0, 2_147_483_647).default(42),
  // — misc —
  SLUICE_HEALTH_DISK_MIN_MB: num(0, 1e9).default(256),
  // — file storage (exports, reports, backups, uploads) —
  SLUICE_STORAGE_DIR: z.string().min(1).optional(),
  SLUICE_S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name').optional(),
  SLUICE_S3_PREFIX: z.string().regex(/^[A-Za-z0-9._/-]*$/, 'letters, digits, ".", "_", "-" and "/"').default(''),
  SLUICE_S3_REGION: z.string().min(1).default('us-east-1'),
  SLUICE_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  SLUICE_S3_FORCE_PATH_STYLE: bool.optional(),
  SLUICE_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  SLUICE_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  SLUICE_DOWNLOAD_LINK_TTL_SECONDS: int(10, 7 * 86_400).default(900),
  // — backups —
  SLUICE_BACKUP_CRON: z.string().min(1).optional(),
  SLUICE_BACKUP_KEEP: int(1, 10_000).default(7),
  // — traces (OpenTelemetry over OTLP/HTTP; off when no endpoint is set) —
  SLUICE_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  SLUICE_OTLP_HEADERS: z
    .string()
    .regex(/^\s*([^=,\s]+=[^,]*)(\s*,\s*[^=,\s]+=[^,]*)*\s*$/, 'must be key=value pairs separated by commas')
    .optional(),
  SLUICE_TRACE_SAMPLE_RATIO: num(0, 1).default(1),
  SLUICE_SERVICE_NAME: z.string().min(1).default('sluice'),
  // The standard OpenTelemetry variables are honoured too (read by loadConfig, validated here).
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  // — alerts —
  SLUICE_ALERT_WEBHOOKS: z.string().default(''),
  SLUICE_ALERT_FAILURES: int(1, 1_000).default(3),
  SLUICE_ALERT_BREAKER_OPEN_SECONDS: int(1, 86_400).default(300),
  SLUICE_ALERT_INTERVAL_SECONDS: int(5, 86_400).default(60),
}).superRefine((c, ctx) => {
  if (Boolean(c.SLUICE_S3_ACCESS_KEY_ID) !== Boolean(c.SLUICE_S3_SECRET_ACCESS_KEY)) {
    ctx.addIssue({ code: 'custom', path: ['SLUICE_S3_SECRET_ACCESS_KEY'], message: 'SLUICE_S3_ACCESS_KEY_ID and SLUICE_S3_SECRET_ACCESS_KEY go together' });
  }
  if (!c.SLUICE_S3_BUCKET && (c.SLUICE_S3_ENDPOINT || c.SLUICE_S3_ACCESS_KEY_ID)) {
    ctx.addIssue({ code: 'custom', path: ['SLUICE_S3_BUCKET'], message: 'is required when other SLUICE_S3_* settings are given' });
  }
  if (c.SLUICE_BACKUP_CRON) {
    try {
      CronExpressionParser.parse(c.SLUICE_BACKUP_CRON).next();
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['SLUICE_BACKUP_CRON'], message: `not a cron expression: ${(err as Error).message}` });
    }
  }
  for (const [i, url] of splitCommaList(c.SLUICE_ALERT_WEBHOOKS).entries()) {
    if (!/^https?:\/\/[^\s]+$/.test(url) || !URL.canParse(url)) {
      ctx.addIssue({ code: 'custom', path: ['SLUICE_ALERT_WEBHOOKS'], message: `entry ${i + 1} is not an http(s) URL` });
    }
  }
  if (c.SLUICE_S3_BUCKET && c.SLUICE_STORAGE_DIR) {
    ctx.addIssue({ code: 'custom', path: ['SLUICE_STORAGE_DIR'], message: 'set either SLUICE_STORAGE_DIR (a folder) or SLUICE_S3_BUCKET (S3), not both' });
  }
});

export type ConfigInput = z.input<typeof configSchema>;
