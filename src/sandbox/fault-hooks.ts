import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

import type { FastifyInstance, FastifyRequest } from 'fastify';

import type { FaultRegistry } from './fault-registry.js';
import type { Fault } from './fault-spec.js';
import type { Simulator } from './simulator.js';

export interface FaultHookOptions {
  readonly registry: FaultRegistry;
  /** The simulators by prefix: a request's first path segment says which one it is for. */
  readonly simulators: ReadonlyMap<string, Simulator>;
  readonly onFault: (prefix: string, fault: Fault) => void;
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized', 409: 'Conflict', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout',
};

function defaultStatus(f: Fault): number {
  if (f.status !== undefined) return f.status;
  return { rate_limit: 429, unauthorized: 401, conflict: 409 }[f.kind as string] ?? 500;
}

function message(f: Fault, status: number): string {
  if (f.kind === 'rate_limit') return 'Rate limit exceeded. Retry later.';
  if (f.kind === 'unauthorized') return f.reason === 'expired' ? 'The access token has expired.' : 'The API credential is invalid.';
  if (f.kind === 'conflict') return 'Conflict occurred while saving. Please try again.';
  return STATUS_TEXT[status] ?? `Upstream error ${status}`;
}

function retryAfterHeader(f: Fault): string | undefined {
  const seconds = f.retryAfter ?? (f.kind === 'rate_limit' ? 1 : undefined);
  if (seconds === undefined || f.retryAfterFormat === 'none') return undefined;
  // The HTTP-date is real time: the client compares it with its own clock, not with the sandbox clock.
  if (f.retryAfterFormat === 'http-date') return new Date(Date.now() + seconds * 1000).toUTCString();
  return String(Math.round(seconds));
}

/**
 * Fastify hooks that apply the faults in force, each to the requests of its simulator prefix (and optional path, query
 * and method). They sit on the root app, ahead of every simulator's own hooks, so they also reach paths a simulator
 * does not serve. Early faults answer in onRequest (the simulator never sees the request); malformed and truncated
 * bodies let the simulator answer and then spoil its real response in onSend.
 */
export function installFaultHooks(app: FastifyInstance, opts: FaultHookOptions): void {
  const spoil = new WeakMap<FastifyRequest, Fault>();

  app.addHook('onRequest', async (request, reply) => {
    const url = new URL(request.url, 'http://sandbox.invalid');
    const prefix = /^\/([^/]+)/.exec(url.pathname)?.[1];
    const simulator = prefix === undefined ? undefined : opts.simulators.get(prefix);
    if (prefix === undefined || !simulator) return;
    const path = url.pathname.slice(prefix.length + 1) || '/';
    const fault = opts.registry.take({ prefix, method: request.method, path, query: url.searchParams });
    if (!fault) return;
    opts.onFault(prefix, fault);
    switch (fault.kind) {
      case 'delay':
        await sleep(fault.delayMs ?? 1_000, undefined, { ref: false });
        return;
      case 'hang':
        // Never answer; the connection stays open until the client gives up or the sandbox closes.
        reply.hijack();
        return;
      case 'reset':
        reply.hijack();
        request.raw.socket.destroy();
        return;
      case 'malformed_json':
      case 'truncated':
        spoil.set(request, fault);
        return;
      default: {
        const status = defaultStatus(fault);
        const retryAfter = retryAfterHeader(fault);
        if (retryAfter !== undefined) void reply.header('retry-after', retryAfter);
        const body = fault.body !== undefined ? fault.body : simulator.faultBody
          ? simulator.faultBody(status, message(fault, status))
          : { status, error: STATUS_TEXT[status] ?? 'Error', message: message(fault, status) };
        return reply.code(status).send(body);
      }
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const fault = spoil.get(request);
    if (!fault) return payload;
    spoil.delete(request);
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const bytes = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
    const half = bytes.subarray(0, Math.floor(bytes.length / 2));
    if (fault.kind === 'malformed_json') {
      const cut = half.toString('utf8');
      return isJson(cut) ? '{"' : cut;
    }
    // Announce the whole body, send half, then fail the stream: Fastify destroys the socket mid-body.
    void reply.header('content-length', String(bytes.length));
    const stream = new Readable({ read() {} });
    stream.push(half);
    setImmediate(() => stream.destroy(new Error('sandbox fault: truncated body')));
    return stream;
  });
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
