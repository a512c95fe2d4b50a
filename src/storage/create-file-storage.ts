import { join } from 'node:path';
import type { Config } from '../config/load-config.js';
import type { FileStorage } from './file-storage.js';
import { createLocalFileStorage } from './local-file-storage.js';
import { createS3FileStorage } from './s3-file-storage.js';

/** The configured file storage: S3 when a bucket is set, else a folder (default `<data dir>/files`). */
export function createFileStorage(config: Config): FileStorage {
  const s = config.storage;
  if (s.s3) return createS3FileStorage({ ...s.s3, cacheDir: join(config.dataDir, 'cache', 'files') });
  return createLocalFileStorage(s.dir);
}
