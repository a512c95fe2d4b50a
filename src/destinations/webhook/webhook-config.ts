import { z } from 'zod';
import { jsonish } from '../../core/jsonish.js';
import { commaListSchema } from '../../core/comma-list.js';

export const CHANGE_KINDS = ['created', 'updated', 'removed', 'restored', 'merged', 'split', 'annotated'] as const;

const stringList = commaListSchema;
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const kindList = commaListSchema.pipe(z.array(z.enum(CHANGE_KINDS)));

/** A webhook subscription: where to post, how to sign, which streams and change kinds, how hard to retry. */
export const webhookConfigSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  secret: z.string().min(16, 'must be at least 16 characters'),
  /** Empty = every stream. */
  streams: stringList.default([]),
  /** Empty = every kind. */
  kinds: kindList.default([]),
  /**
   * Only events of records whose current field or metadata values match, e.g. {"_status": "active"} or
   * {"region": ["eur", "usa"]} (a list: any of them).
   */
  where: jsonish(z.record(z.string().min(1), z.union([scalar, z.array(scalar)]))).default({}),
  /** `events`: batches of structured change events; `digest`: one message per push with a ready Markdown body. */
  format: z.enum(['events', 'digest']).default('events'),
  /** The digest's heading (default: "Changes in <streams>"). */
  digest_title: z.string().min(1).max(200).optional(),
  /** The field that names a record in a digest (default: name, title or the key). */
  label_field: z.string().min(1).optional(),
  batch_size: z.coerce.number().int().min(1).max(1000).default(100),
  /** Attempts per batch before it is dead-lettered. */
  max_attempts: z.coerce.number().int().min(1).max(20).default(5),
  /** First retry delay; doubled (with jitter) per attempt. */
  backoff_ms: z.coerce.number().int().min(0).max(600_000).default(1000),
  timeout_ms: z.coerce.number().int().min(100).max(120_000).default(10_000),
});

export type WebhookConfig = z.infer<typeof webhookConfigSchema>;
