import { SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';

/**
 * The one tracer of Sluice's manual spans: a no-op until tracing.ts registers a provider. Looked up per span, not
 * once, so a provider registered (or replaced) later is the one used.
 */
export function tracer(): Tracer {
  return trace.getTracer('sluice');
}

export interface SpanOptions {
  readonly kind?: SpanKind;
  readonly attributes?: Attributes;
  /** Start a new trace instead of a child of the active span (a job picked from the queue). */
  readonly root?: boolean;
}

/**
 * Runs `fn` inside a child span of the active one: an error is recorded on the span (status ERROR) and rethrown; the
 * span always ends. With tracing off the span is a non-recording no-op.
 */
export function withSpan<T>(name: string, opts: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { kind: opts.kind ?? SpanKind.INTERNAL, ...(opts.root ? { root: true } : {}), ...(opts.attributes ? { attributes: opts.attributes } : {}) }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** Marks a span failed without an exception (a run that ended `failed`). */
export function markSpanFailed(span: Span, message: string): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

export { SpanKind };
