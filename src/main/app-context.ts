import type { Config } from '../config/load-config.js';
import type { HttpClientFactory } from '../http/http-client.js';
import { createHttpClientFactory } from '../http/create-http-client-factory.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { startTracing, type Tracing } from '../observability/tracing.js';
import { openDatabase, type Database } from '../store/database.js';
import { migrate } from '../store/migrate.js';
import { loadPacks } from '../packs/pack-registry.js';
import { createSecretBox, loadSecretKey, secretKeyId, type SecretBox } from '../store/secret-box.js';
import { createFileStorage } from '../storage/create-file-storage.js';
import { createDownloadLinks, type DownloadLinks } from '../storage/download-links.js';
import type { FileStorage } from '../storage/file-storage.js';

/** Everything a command, a job or a request handler needs, built once per process (the composition root). */
export interface AppContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Database;
  readonly http: HttpClientFactory;
  /** Encrypts and decrypts connection and destination secrets. */
  readonly secrets: SecretBox;
  /** Exports, deployment reports, backups and uploads: a folder, or S3 when configured. */
  readonly storage: FileStorage;
  /** Signed, expiring download links to files in the storage. */
  readonly links: DownloadLinks;
  /** Fingerprint of the secret key (never the key): backups record it, restores check it. */
  readonly secretKeyId: string;
  /** OpenTelemetry traces (a no-op unless an OTLP endpoint is configured). */
  readonly tracing: Tracing;
  close(): Promise<void>;
}

export interface CreateAppContextOptions {
  readonly logger?: Logger;
  /** Apply pending migrations on open (default true; `sluice migrate` does it explicitly). */
  readonly migrate?: boolean;
  /** An already-open database (tests). */
  readonly db?: Database;
}

export async function createAppContext(config: Config, opts: CreateAppContextOptions = {}): Promise<AppContext> {
  // A bad pack declaration fails every start, with each problem of each pack listed.
  loadPacks();
  const logger = opts.logger ?? createLogger({ level: config.logLevel, pretty: config.logPretty });
  const db =
    opts.db ??
    (await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize }));
  if (opts.migrate !== false) await migrate(db);
  const secretKey = loadSecretKey({ secretKey: config.server.secretKey, dataDir: config.dataDir });
  const secrets = createSecretBox(secretKey);
  const storage = createFileStorage(config);
  const tracing = startTracing(config.tracing, logger);
  const http = createHttpClientFactory({ config: config.http, logger, redisUrl: config.redisUrl });
  return {
    config,
    logger,
    db,
    http,
    secrets,
    storage,
    links: createDownloadLinks(secretKey, config.storage.downloadLinkTtlSeconds),
    secretKeyId: secretKeyId(secretKey),
    tracing,
    close: async () => {
      await http.close();
      await storage.close();
      if (!opts.db) await db.close();
      await tracing.shutdown();
    },
  };
}
