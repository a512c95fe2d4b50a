import { createWriteStream } from 'node:fs';
import { mkdir, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client, S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Config } from '../config/load-config.js';
import { checkStorageKey, fileNotFound, type FileStorage, type StoredFile } from './file-storage.js';

/** The validated S3 settings (src/config), plus where `localPath` keeps downloaded copies. */
export type S3StorageOptions = NonNullable<Config['storage']['s3']> & { readonly cacheDir: string };

const isNotFound = (err: unknown): boolean =>
  err instanceof S3ServiceException && (err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata.httpStatusCode === 404);

/** Any S3-compatible store (AWS, MinIO, Ceph, R2, …) through the AWS SDK; multipart uploads for streamed bodies. */
export function createS3FileStorage(o: S3StorageOptions): FileStorage {
  const client = new S3Client({
    region: o.region,
    forcePathStyle: o.forcePathStyle,
    ...(o.endpoint ? { endpoint: o.endpoint } : {}),
    ...(o.accessKeyId && o.secretAccessKey ? { credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey } } : {}),
  });
  const prefix = o.prefix ? `${o.prefix.replace(/\/+$/, '')}/` : '';
  const objectKey = (key: string): string => `${prefix}${checkStorageKey(key)}`;
  const statOf = async (key: string): Promise<StoredFile | undefined> => {
    try {
      const h = await client.send(new HeadObjectCommand({ Bucket: o.bucket, Key: objectKey(key) }));
      return { key, size: h.ContentLength ?? 0, modifiedAt: h.LastModified ?? new Date(0) };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  };
  return {
    kind: 's3',
    location: `s3://${o.bucket}/${prefix}`,
    async put(key, body, opts) {
      const upload = new Upload({
        client,
        params: { Bucket: o.bucket, Key: objectKey(key), Body: body, ...(opts?.contentType ? { ContentType: opts.contentType } : {}) },
      });
      await upload.done();
      return (await statOf(key)) as StoredFile;
    },
    async get(key) {
      try {
        const r = await client.send(new GetObjectCommand({ Bucket: o.bucket, Key: objectKey(key) }));
        return r.Body as Readable;
      } catch (err) {
        if (isNotFound(err)) throw fileNotFound(key);
        throw err;
      }
    },
    stat: statOf,
    async list(p) {
      const out: StoredFile[] = [];
      let token: string | undefined;
      do {
        const r = await client.send(new ListObjectsV2Command({ Bucket: o.bucket, Prefix: `${prefix}${p}`, ContinuationToken: token }));
        for (const c of r.Contents ?? []) {
          if (c.Key) out.push({ key: c.Key.slice(prefix.length), size: c.Size ?? 0, modifiedAt: c.LastModified ?? new Date(0) });
        }
        token = r.IsTruncated ? r.NextContinuationToken : undefined;
      } while (token);
      return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: o.bucket, Key: objectKey(key) }));
    },
    async localPath(key) {
      const remote = await statOf(key);
      if (!remote) throw fileNotFound(key);
      const local = join(o.cacheDir, ...key.split('/'));
      const cached = await stat(local).catch(() => undefined);
      // The cached copy is reused while it matches the object's size and is newer than its last change.
      if (cached && cached.size === remote.size && cached.mtime >= remote.modifiedAt) return local;
      await mkdir(dirname(local), { recursive: true });
      const tmp = `${local}.partial`;
      const r = await client.send(new GetObjectCommand({ Bucket: o.bucket, Key: objectKey(key) }));
      await pipeline(r.Body as Readable, createWriteStream(tmp));
      await rename(tmp, local);
      return local;
    },
    close: async () => {
      client.destroy();
    },
  };
}
