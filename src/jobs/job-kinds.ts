import { createHash } from 'node:crypto';
import { z } from 'zod';
import { SluiceError } from '../core/errors.js';

/** The work Sluice runs as jobs. Each kind has its own pg-boss queue, payload schema, timeout and singleton key. */
export const JOB_KINDS = ['sync', 'push', 'resolve', 'model', 'pack'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const jobPayloadSchemas = {
  sync: z.object({
    connection: z.string().min(1),
    streams: z.array(z.string().min(1)).min(1).optional(),
    full: z.boolean().optional(),
    trigger: z.string().optional(),
  }),
  push: z.object({ destination: z.string().min(1), trigger: z.string().optional() }),
  resolve: z.object({ entityType: z.string().min(1), trigger: z.string().optional() }),
  model: z.object({ model: z.string().min(1).optional(), trigger: z.string().optional() }),
  /** A whole pack run (`sluice pack run`): syncs, resolution, models and pushes in dependency order. */
  pack: z.object({ pack: z.string().min(1), trigger: z.string().optional() }),
} as const;

export type JobPayloads = { [K in JobKind]: z.infer<(typeof jobPayloadSchemas)[K]> };
export type JobPayload = JobPayloads[JobKind];

export interface JobKindPolicy {
  /** Longest a job may stay active before pg-boss fails it (and retries it when retries remain). */
  readonly timeoutSeconds: number;
  /** Retries for retryable errors only; a non-retryable error fails the job at once. */
  readonly retryLimit: number;
  /** First retry delay; later ones back off exponentially with jitter (pg-boss retryBackoff). */
  readonly retryDelaySeconds: number;
  readonly retryDelayMaxSeconds: number;
}

export const JOB_KIND_POLICIES: Readonly<Record<JobKind, JobKindPolicy>> = {
  sync: { timeoutSeconds: 2 * 3600, retryLimit: 3, retryDelaySeconds: 30, retryDelayMaxSeconds: 900 },
  push: { timeoutSeconds: 3600, retryLimit: 5, retryDelaySeconds: 30, retryDelayMaxSeconds: 900 },
  resolve: { timeoutSeconds: 3600, retryLimit: 2, retryDelaySeconds: 60, retryDelayMaxSeconds: 900 },
  model: { timeoutSeconds: 1800, retryLimit: 2, retryDelaySeconds: 30, retryDelayMaxSeconds: 600 },
  pack: { timeoutSeconds: 4 * 3600, retryLimit: 1, retryDelaySeconds: 300, retryDelayMaxSeconds: 1800 },
};

export function isJobKind(value: string): value is JobKind {
  return (JOB_KINDS as readonly string[]).includes(value);
}

export function queueNameOf(kind: JobKind): string {
  return `sluice-${kind}`;
}

export function kindOfQueue(queue: string): JobKind | undefined {
  const k = queue.startsWith('sluice-') ? queue.slice('sluice-'.length) : '';
  return isJobKind(k) ? k : undefined;
}

export function parseJobPayload<K extends JobKind>(kind: K, data: unknown): JobPayloads[K] {
  const r = jobPayloadSchemas[kind].safeParse(data);
  if (!r.success) {
    throw new SluiceError('validation_failed', `invalid ${kind} job: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return r.data as JobPayloads[K];
}

// pg-boss keys may only hold [\w.-/]; other names are hashed so two names never share a key by accident.
function keyPart(name: string): string {
  return /^[\w.-]+$/.test(name) ? name : `h-${createHash('sha256').update(name).digest('hex').slice(0, 32)}`;
}

/**
 * The singleton key: two jobs with the same key never run at the same time (the queues use pg-boss's `stately`
 * policy: at most one active and one waiting per key). Syncs are keyed per connection, which covers every stream
 * of it, because a connection's streams share one run and one upstream credential.
 */
export function singletonKeyOf(kind: JobKind, payload: JobPayload): string {
  switch (kind) {
    case 'sync':
      return `sync/${keyPart((payload as JobPayloads['sync']).connection)}`;
    case 'push':
      return `push/${keyPart((payload as JobPayloads['push']).destination)}`;
    case 'resolve':
      return `resolve/${keyPart((payload as JobPayloads['resolve']).entityType)}`;
    case 'model':
      return `model/${keyPart((payload as JobPayloads['model']).model ?? 'all')}`;
    case 'pack':
      return `pack/${keyPart((payload as JobPayloads['pack']).pack)}`;
  }
}
