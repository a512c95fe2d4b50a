import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { tracer } from '../observability/with-span.js';

/**
 * One SERVER span per request, parent of everything the handler does (queries, syncs started in-process, upstream
 * calls): a caller's `traceparent` header is continued. Named `METHOD /route/:pattern` once the route is known.
 * With tracing off the span is a no-op.
 */
export function registerRequestTracing(fastify: FastifyInstance): void {
  const spans = new WeakMap<FastifyRequest, Span>();
  fastify.addHook('onRequest', (req, _reply, done) => {
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer().startSpan(`${req.method}`, {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': req.method, 'url.path': req.url.split('?')[0] ?? '', 'sluice.request_id': req.id },
    }, parent);
    spans.set(req, span);
    // The rest of the request's lifecycle (hooks, handler, the promises they make) runs inside the span's context.
    context.with(trace.setSpan(parent, span), done);
  });
  const end = (req: FastifyRequest, status: number | undefined) => {
    const span = spans.get(req);
    if (!span) return;
    spans.delete(req);
    const route = req.routeOptions.url;
    if (route) {
      span.updateName(`${req.method} ${route}`);
      span.setAttribute('http.route', route);
    }
    if (status === undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: 'request aborted' });
    else {
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  };
  fastify.addHook('onResponse', (req, reply, done) => {
    end(req, reply.statusCode);
    done();
  });
  fastify.addHook('onRequestAbort', (req, done) => {
    end(req, undefined);
    done();
  });
}
