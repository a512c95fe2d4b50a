import { isAbsolute, resolve } from 'node:path';

import { SluiceError } from '../core/errors.js';
import { configSchema } from './config.schema.js';
import { splitCommaList } from '../core/comma-list.js';

export interface Config {
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly dbPoolSize: number;
  readonly batchSize: number;
  /** Worker threads validating and normalising batches on PostgreSQL (0: on the main thread). */
  readonly validateThreads: number;
  readonly defaultPhoneRegion: string;
  readonly timezone: string;
  readonly retentionDays: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly logPretty: boolean;
  readonly server: {
    readonly host: string;
    readonly port: number;
    readonly publicUrl: string | undefined;
    readonly corsOrigins: readonly string[];
    readonly bodyLimitBytes: number;
    readonly rateLimitPerMinute: number;
    readonly adminEmail: string | undefined;
    readonly adminPassword: string | undefined;
    readonly secretKey: string | undefined;
    readonly accessTokenTtlSeconds: number;
    readonly refreshTokenTtlSeconds: number;
  };
  readonly redisUrl: string | undefined;
  readonly azureKeyVaultUrl: string | undefined;
  readonly http: {
    readonly timeoutMs: number;
    readonly retries: number;
    readonly breakerFailures: number;
    readonly breakerHalfOpenMs: number;
    readonly breakerSuccesses: number;
  };
  readonly jobs: { readonly concurrency: number; readonly scheduler: boolean };
  readonly sandbox: { readonly port: number; readonly seed: number };
  readonly healthDiskMinMb: number;
  readonly storage: {
    /** The local folder (when no S3 bucket is configured). */
    readonly dir: string;
    readonly s3: {
      readonly bucket: string;
      readonly prefix: string;
      readonly region: string;
      readonly endpoint: string | undefined;
      readonly forcePathStyle: boolean;
      readonly accessKeyId: string | undefined;
      readonly secretAccessKey: string | undefined;
    } | undefined;
    readonly downloadLinkTtlSeconds: number;
  };
  readonly backups: { readonly cron: string | undefined; readonly keep: number };
  readonly tracing: {
    /** The OTLP/HTTP traces URL (…/v1/traces); tracing is off (a no-op tracer) when undefined. */
    readonly endpoint: string | undefined;
    readonly headers: Readonly<Record<string, string>>;
    readonly serviceName: string;
    readonly sampleRatio: number;
  };
  readonly alerts: {
    /** Where alert and recovery notifications are POSTed (JSON); none: alerts are only shown. */
    readonly webhooks: readonly string[];
    /** A connection or destination alerts after this many failed runs in a row. */
    readonly failures: number;
    /** A breaker alerts once it has stayed open this long. */
    readonly breakerOpenSeconds: number;
    /** How often the scheduler evaluates alerts. */
    readonly intervalSeconds: number;
  };
  /** The raw environment is kept only for secret providers that fall back to environment variables by name. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

const dataDirOf = (dir: string, cwd: string): string => (isAbsolute(dir) ? dir : resolve(cwd, dir));

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const OTEL_KEYS = new Set(['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_SERVICE_NAME']);

/** The OTLP traces URL: a base endpoint gets `/v1/traces` appended (as the OTLP spec says); a traces URL is kept. */
function tracesUrl(c: { SLUICE_OTLP_ENDPOINT?: string | undefined; OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined; OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string | undefined }): string | undefined {
  if (c.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT && !c.SLUICE_OTLP_ENDPOINT) return c.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = c.SLUICE_OTLP_ENDPOINT ?? c.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!base) return undefined;
  return /\/v1\/traces\/?$/.test(base) ? base : `${base.replace(/\/+$/, '')}/v1/traces`;
}

function headerPairs(list: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of splitCommaList(list ?? '')) {
    const at = pair.indexOf('=');
    out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return out;
}

/** Validates the environment once and lists every problem, not just the first. */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  const relevant = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => (k.startsWith('SLUICE_') || OTEL_KEYS.has(k)) && v !== undefined && v !== ''),
  );
  const parsed = configSchema.safeParse(relevant);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new SluiceError('config_invalid', `invalid configuration:\n  - ${problems.join('\n  - ')}`, {
      details: { problems },
    });
  }
  const c = parsed.data;
  const config: Config = {
    dataDir: dataDirOf(c.SLUICE_DATA_DIR, cwd),
    databaseUrl: c.SLUICE_DATABASE_URL,
    dbPoolSize: c.SLUICE_DB_POOL_SIZE,
    batchSize: c.SLUICE_BATCH_SIZE,
    // Off by default: measured on 2 shared cores, a thread made a first load no faster and cost 50–100 MB (docs/performance.md).
    validateThreads: c.SLUICE_VALIDATE_THREADS ?? 0,
    defaultPhoneRegion: c.SLUICE_DEFAULT_PHONE_REGION,
    timezone: c.SLUICE_TIMEZONE,
    retentionDays: c.SLUICE_RETENTION_DAYS,
    logLevel: c.SLUICE_LOG_LEVEL,
    logPretty: c.SLUICE_LOG_PRETTY ?? Boolean(process.stderr.isTTY),
    server: {
      host: c.SLUICE_HOST,
      port: c.SLUICE_PORT,
      publicUrl: c.SLUICE_PUBLIC_URL,
      corsOrigins: splitCommaList(c.SLUICE_CORS_ORIGINS),
      bodyLimitBytes: c.SLUICE_BODY_LIMIT_BYTES,
      rateLimitPerMinute: c.SLUICE_RATE_LIMIT_PER_MINUTE,
      adminEmail: c.SLUICE_ADMIN_EMAIL,
      adminPassword: c.SLUICE_ADMIN_PASSWORD,
      secretKey: c.SLUICE_SECRET_KEY,
      accessTokenTtlSeconds: c.SLUICE_ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: c.SLUICE_REFRESH_TOKEN_TTL_SECONDS,
    },
    redisUrl: c.SLUICE_REDIS_URL,
    azureKeyVaultUrl: c.SLUICE_AZURE_KEY_VAULT_URL,
    http: {
      timeoutMs: c.SLUICE_HTTP_TIMEOUT_MS,
      retries: c.SLUICE_HTTP_RETRIES,
      breakerFailures: c.SLUICE_BREAKER_FAILURES,
      breakerHalfOpenMs: c.SLUICE_BREAKER_HALF_OPEN_MS,
      breakerSuccesses: c.SLUICE_BREAKER_SUCCESSES,
    },
    jobs: { concurrency: c.SLUICE_WORKER_CONCURRENCY, scheduler: c.SLUICE_SCHEDULER },
    sandbox: { port: c.SLUICE_SANDBOX_PORT, seed: c.SLUICE_SANDBOX_SEED },
    healthDiskMinMb: c.SLUICE_HEALTH_DISK_MIN_MB,
    storage: {
      dir: c.SLUICE_STORAGE_DIR ? (isAbsolute(c.SLUICE_STORAGE_DIR) ? c.SLUICE_STORAGE_DIR : resolve(cwd, c.SLUICE_STORAGE_DIR)) : resolve(dataDirOf(c.SLUICE_DATA_DIR, cwd), 'files'),
      s3: c.SLUICE_S3_BUCKET
        ? {
            bucket: c.SLUICE_S3_BUCKET,
            prefix: c.SLUICE_S3_PREFIX,
            region: c.SLUICE_S3_REGION,
            endpoint: c.SLUICE_S3_ENDPOINT,
            // Self-hosted stores (MinIO, Ceph) want path-style URLs; AWS wants virtual hosts.
            forcePathStyle: c.SLUICE_S3_FORCE_PATH_STYLE ?? Boolean(c.SLUICE_S3_ENDPOINT),
            accessKeyId: c.SLUICE_S3_ACCESS_KEY_ID,
            secretAccessKey: c.SLUICE_S3_SECRET_ACCESS_KEY,
          }
        : undefined,
      downloadLinkTtlSeconds: c.SLUICE_DOWNLOAD_LINK_TTL_SECONDS,
    },
    backups: { cron: c.SLUICE_BACKUP_CRON, keep: c.SLUICE_BACKUP_KEEP },
    tracing: {
      endpoint: tracesUrl(c),
      headers: headerPairs(c.SLUICE_OTLP_HEADERS),
      serviceName: c.OTEL_SERVICE_NAME ?? c.SLUICE_SERVICE_NAME,
      sampleRatio: c.SLUICE_TRACE_SAMPLE_RATIO,
    },
    alerts: {
      webhooks: splitCommaList(c.SLUICE_ALERT_WEBHOOKS),
      failures: c.SLUICE_ALERT_FAILURES,
      breakerOpenSeconds: c.SLUICE_ALERT_BREAKER_OPEN_SECONDS,
      intervalSeconds: c.SLUICE_ALERT_INTERVAL_SECONDS,
    },
    env: { ...env },
  };
  return deepFreeze(config);
}

