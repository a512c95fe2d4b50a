import { z } from 'zod';
import { SluiceError } from './errors.js';

export interface RemovalPolicy {
  /** Consecutive complete runs a record must be missing from before it is removed (grace period). */
  readonly missesToRemove: number;
  /** A run that would remove more than this share of the stream removes nothing and is flagged. */
  readonly maxRemovalShare: number;
  /** Removals at or below this count are never blocked by the share guard. */
  readonly guardMinimum: number;
}

/** Pipeline settings a connection may carry (`--set removal_misses=3`), apart from its connector config. */
export const pipelineSettingsSchema = z.object({
  /** Consecutive complete runs a record must be missing from before it is removed. */
  removal_misses: z.coerce.number().int().min(1).max(1000).default(1),
  /** Share of a stream one run may remove; above it, nothing is removed and the run is flagged. */
  max_removal_share: z.coerce.number().min(0).max(1).default(0.5),
  /** Removing this many records or fewer is never blocked by the share guard (tiny streams: 2 of 3 alerts clear). */
  removal_guard_min: z.coerce.number().int().min(0).max(1_000_000).default(10),
  /** More volatile fields (stored, never diffed): `stream.field` items, comma-separated; a bare `field` means every stream. */
  volatile_fields: z.string().regex(/^[\w.,\s-]*$/, 'comma-separated stream.field names').default(''),
});

export const PIPELINE_SETTING_KEYS = Object.keys(pipelineSettingsSchema.shape);

export function parsePipelineSettings(input: Record<string, unknown>): z.infer<typeof pipelineSettingsSchema> {
  const r = pipelineSettingsSchema.safeParse(input);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new SluiceError('validation_failed', `invalid pipeline settings: ${problems.join('; ')}`, { details: { problems } });
  }
  return r.data;
}

export function readRemovalPolicy(settings: Record<string, unknown>): RemovalPolicy {
  const s = parsePipelineSettings(settings);
  return { missesToRemove: s.removal_misses, maxRemovalShare: s.max_removal_share, guardMinimum: s.removal_guard_min };
}
