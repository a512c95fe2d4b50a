import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createFileStorage } from '../../src/storage/create-file-storage.js';
import { createDownloadLinks } from '../../src/storage/download-links.js';
import type { FileStorage } from '../../src/storage/file-storage.js';
import { startTestS3, type TestS3 } from '../support/s3-server.js';

for (const kind of ['local', 's3'] as const) {
  describe(`file storage [${kind}]`, () => {
    let s3: TestS3 | undefined;
    let storage: FileStorage;
    const dir = mkdtempSync(join(tmpdir(), 'sluice-files-'));
    beforeAll(async () => {
      s3 = kind === 's3' ? await startTestS3() : undefined;
      storage = createFileStorage(loadConfig({ SLUICE_DATA_DIR: dir, ...s3?.env }));
      expect(storage.kind).toBe(kind);
    }, 60_000);
    afterAll(async () => {
      await storage.close();
      await s3?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('puts strings, buffers and streams; gets, stats, lists by prefix and deletes', async () => {
      await storage.put('exports/a.csv', 'key,status\n1,active\n');
      await storage.put('exports/b.ndjson', Buffer.from('{"key":"1"}\n'));
      const big = Array.from({ length: 20_000 }, (_, i) => `${i},row ${i}\n`);
      const stored = await storage.put('uploads/big.csv', Readable.from(big));
      expect(stored.size).toBe(big.join('').length);
      expect(await text(await storage.get('exports/a.csv'))).toBe('key,status\n1,active\n');
      expect((await storage.stat('exports/b.ndjson'))?.size).toBe(12);
      expect(await storage.stat('exports/none.csv')).toBeUndefined();
      expect((await storage.list('exports/')).map((f) => f.key)).toEqual(['exports/a.csv', 'exports/b.ndjson']);
      const local = await storage.localPath('uploads/big.csv');
      expect(readFileSync(local, 'utf8')).toBe(big.join(''));
      await storage.delete('exports/a.csv');
      expect((await storage.list('exports/')).map((f) => f.key)).toEqual(['exports/b.ndjson']);
      await expect(storage.get('exports/a.csv')).rejects.toMatchObject({ code: 'not_found' });
    });

    it('refuses keys that could escape the storage', async () => {
      for (const bad of ['../etc/passwd', '/abs', 'a//b', 'a/../b', '']) {
        await expect(storage.put(bad, 'x')).rejects.toMatchObject({ code: 'validation_failed' });
      }
    });
  });
}

describe('download links', () => {
  const links = createDownloadLinks(Buffer.alloc(32, 1), 60);
  it('verify gives back the key of a valid link, refuses forged and expired ones', () => {
    const { path } = links.sign('backups/x.tar.gz');
    const token = path.slice(path.lastIndexOf('/') + 1);
    expect(links.verify(token)).toBe('backups/x.tar.gz');
    expect(() => links.verify(token, new Date(Date.now() + 61_000))).toThrow(/expired/);
    const [payload] = token.split('.');
    const other = createDownloadLinks(Buffer.alloc(32, 2), 60).sign('backups/x.tar.gz').path.split('.').pop() ?? '';
    expect(() => links.verify(`${payload}.${other}`)).toThrow(/not valid/);
    expect(() => links.verify('garbage')).toThrow(/not valid/);
  });
});

describe('file storage config', () => {
  it('lists every S3 problem at once', () => {
    expect(() => loadConfig({ SLUICE_S3_ENDPOINT: 'http://127.0.0.1:9000', SLUICE_S3_ACCESS_KEY_ID: 'k' })).toThrow(
      /SLUICE_S3_SECRET_ACCESS_KEY[\s\S]*SLUICE_S3_BUCKET|SLUICE_S3_BUCKET[\s\S]*SLUICE_S3_SECRET_ACCESS_KEY/,
    );
    expect(() => loadConfig({ SLUICE_S3_BUCKET: 'b', SLUICE_STORAGE_DIR: '/tmp/x' })).toThrow(/not both/);
  });
});
