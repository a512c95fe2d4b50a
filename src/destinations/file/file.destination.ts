import type { DestinationManifest } from '../destination.js';
import { fileConfigSchema, type FileConfig } from './file-config.js';

export const fileDestination: DestinationManifest<FileConfig> = {
  kind: 'file',
  name: 'File',
  description: 'A stream as CSV, JSON or NDJSON in the file storage (a folder or S3): the whole stream or only what changed, each push one file.',
  configSchema: fileConfigSchema,
  secrets: [],
  fields: [
    { name: 'stream', label: 'Stream', required: true },
    { name: 'format', label: 'Format', description: 'csv, json or ndjson; default csv' },
    { name: 'mode', label: 'Mode', description: 'full (default) or incremental' },
    { name: 'folder', label: 'Folder', description: 'Default exports/<destination name>' },
  ],
};
