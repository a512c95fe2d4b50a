import type { Readable } from 'node:stream';
import { SluiceError } from '../core/errors.js';

export interface StoredFile {
  readonly key: string;
  readonly size: number;
  readonly modifiedAt: Date;
}

/**
 * Where Sluice keeps files (exports, deployment reports, backups, uploads): a local folder by default, any
 * S3-compatible store when configured. Keys are relative paths such as `backups/2026-12-03T19-00-00Z.tar.gz`.
 */
export interface FileStorage {
  readonly kind: 'local' | 's3';
  /** Where it is, for messages (`/data/files`, `s3://bucket/prefix`). */
  readonly location: string;
  /** Writes the whole body, then makes it visible under the key (a reader never sees half a file). */
  put(key: string, body: Readable | Buffer | string, opts?: { contentType?: string }): Promise<StoredFile>;
  /** The file's bytes; `not_found` when there is no such key. */
  get(key: string): Promise<Readable>;
  stat(key: string): Promise<StoredFile | undefined>;
  /** Files under a prefix, oldest first by key. */
  list(prefix: string): Promise<StoredFile[]>;
  delete(key: string): Promise<void>;
  /** A local path with the file's bytes (S3: a cached download), for readers that need a file (the CSV connector). */
  localPath(key: string): Promise<string>;
  close(): Promise<void>;
}

const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

/** A key is a relative path of plain segments: no `..`, no leading slash, no empty segment. */
export function checkStorageKey(key: string): string {
  if (key.length > 512 || !KEY_RE.test(key) || key.split('/').some((s) => s === '..' || s === '.')) {
    throw new SluiceError('validation_failed', `"${key}" is not a valid file key (letters, digits, ".", "_", "-", separated by "/")`, {
      details: { problems: [`key: "${key}" is not a valid file key`] },
    });
  }
  return key;
}

export function fileNotFound(key: string): SluiceError {
  return new SluiceError('not_found', `no file "${key}" in the file storage`);
}

/** `storage:uploads/x.csv` → `uploads/x.csv`; any other text → undefined. */
export function storageKeyOf(path: string): string | undefined {
  return path.startsWith('storage:') ? checkStorageKey(path.slice('storage:'.length)) : undefined;
}
