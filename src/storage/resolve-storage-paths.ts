import type { FileStorage } from './file-storage.js';
import { storageKeyOf } from './file-storage.js';

/**
 * A connection's `path` of the form `storage:<key>` (an uploaded file) becomes a local path to the file's bytes: the
 * file itself in a local storage, a cached download from S3. Other configs are returned unchanged.
 */
export async function resolveStoragePaths(storage: FileStorage, config: Record<string, unknown>): Promise<Record<string, unknown>> {
  const key = typeof config.path === 'string' ? storageKeyOf(config.path) : undefined;
  return key === undefined ? config : { ...config, path: await storage.localPath(key) };
}
