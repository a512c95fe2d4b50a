import { z } from 'zod';
import { EXPORT_FORMATS } from '../../store/record-export.js';

/** A file destination: a stream written into the file storage, whole or as what changed since the last push. */
export const fileConfigSchema = z.object({
  stream: z.string().min(1),
  format: z.enum(EXPORT_FORMATS).default('csv'),
  /** `full`: every active record each time something changed; `incremental`: only the records changed since. */
  mode: z.enum(['full', 'incremental']).default('full'),
  /** Folder in the file storage (default `exports/<destination name>`). */
  folder: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'letters, digits, ".", "_", "-" and "/"').optional(),
});

export type FileConfig = z.infer<typeof fileConfigSchema>;
