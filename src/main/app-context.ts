import type { Config } from '../config/load-config.js';
import type { HttpClientFactory } from '../http/http-client.js';
import { createHttpClientFactory } from '../http/create-http-client-factory.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { openDatabase, type Database } from '../store/database.js';
import { migrate } from '../store/migrate.js';
import { loadPacks } from '../packs/pack-registry.js';
import { createSecretBox, loadSecretKey, type SecretBox } from '../store/secret-box.js';

/** Everything a command, a job or a request handler needs, built once per process (the composition root). */
export interface AppContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Database;
  readonly http: HttpClientFactory;
  /** Encrypts and decrypts connection and destination secrets. */
  readonly secrets: SecretBox;
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
  const secrets = createSecretBox(loadSecretKey({ secretKey: config.server.secretKey, dataDir: config.dataDir }));
  const http = createHttpClientFactory({ config: config.http, logger, redisUrl: config.redisUrl });
  return {
    config,
    logger,
    db,
    http,
    secrets,
    close: async () => {
      await http.close();
      if (!opts.db) await db.close();
    },
  };
}
