import type { JobKind, JobPayloads } from './job-kinds.js';

/** What a handler gets for one job attempt. */
export interface JobContext<K extends JobKind = JobKind> {
  readonly id: string;
  readonly kind: K;
  readonly payload: JobPayloads[K];
  /** 0 on the first attempt. */
  readonly attempt: number;
  /** Aborted when the job is cancelled, times out, loses its claim or the worker shuts down. */
  readonly signal: AbortSignal;
  /** Enqueues follow-up work (a sync that changed something enqueues the pushes that read its streams). */
  enqueue<F extends JobKind>(kind: F, payload: JobPayloads[F]): Promise<string | null>;
}

/**
 * A handler resolves with a JSON-able summary (stored as the job's output) or throws. A thrown error is retried only
 * when it is a SluiceError with `retryable` set; anything else fails the job at once, with its error kept visible.
 * A handler that honours `signal` ends a cancelled job promptly.
 */
export type JobHandler<K extends JobKind = JobKind> = (ctx: JobContext<K>) => Promise<Record<string, unknown>>;

export type JobHandlers = { readonly [K in JobKind]?: JobHandler<K> };

/** kind → handler; the runtime works only the queues that have one. */
export class JobHandlerRegistry {
  readonly #handlers = new Map<JobKind, JobHandler<never>>();

  constructor(handlers: JobHandlers = {}) {
    for (const [kind, h] of Object.entries(handlers) as [JobKind, JobHandler<never> | undefined][]) {
      if (h) this.#handlers.set(kind, h);
    }
  }

  register<K extends JobKind>(kind: K, handler: JobHandler<K>): this {
    this.#handlers.set(kind, handler);
    return this;
  }

  get<K extends JobKind>(kind: K): JobHandler<K> | undefined {
    return this.#handlers.get(kind) as unknown as JobHandler<K> | undefined;
  }

  kinds(): JobKind[] {
    return [...this.#handlers.keys()];
  }
}
