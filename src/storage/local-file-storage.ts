import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkStorageKey, fileNotFound, type FileStorage, type StoredFile } from './file-storage.js';

/** Files in a local folder; a put writes a temporary file and renames it into place. */
export function createLocalFileStorage(root: string): FileStorage {
  const pathOf = (key: string): string => join(root, ...checkStorageKey(key).split('/'));
  const statOf = async (key: string): Promise<StoredFile | undefined> => {
    try {
      const s = await stat(pathOf(key));
      return s.isFile() ? { key, size: s.size, modifiedAt: s.mtime } : undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  };
  return {
    kind: 'local',
    location: root,
    async put(key, body) {
      const target = pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      const tmp = `${target}.${randomBytes(6).toString('hex')}.partial`;
      try {
        await pipeline(typeof body === 'string' || Buffer.isBuffer(body) ? Readable.from([body]) : body, createWriteStream(tmp));
        await rename(tmp, target);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
      return (await statOf(key)) as StoredFile;
    },
    async get(key) {
      if (!(await statOf(key))) throw fileNotFound(key);
      return createReadStream(pathOf(key));
    },
    stat: statOf,
    async list(prefix) {
      const out: StoredFile[] = [];
      const walk = async (dir: string): Promise<void> => {
        let entries;
        try {
          entries = await readdir(dir, { withFileTypes: true });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
          throw err;
        }
        for (const e of entries) {
          const p = join(dir, e.name);
          if (e.isDirectory()) await walk(p);
          else if (e.isFile() && !e.name.endsWith('.partial')) {
            const key = relative(root, p).split(sep).join('/');
            if (key.startsWith(prefix)) {
              const s = await stat(p);
              out.push({ key, size: s.size, modifiedAt: s.mtime });
            }
          }
        }
      };
      await walk(root);
      return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    async localPath(key) {
      if (!(await statOf(key))) throw fileNotFound(key);
      return pathOf(key);
    },
    close: async () => undefined,
  };
}
