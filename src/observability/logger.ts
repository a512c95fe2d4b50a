import { isSpanContextValid, trace } from '@opentelemetry/api';
import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths redacted from every log line: secrets never reach logs (DESIGN.md invariant 7). */
export const REDACT_PATHS = [
  'password', '*.password', 'token', '*.token', 'secret', '*.secret', 'api_key', '*.api_key', 'apiKey', '*.apiKey',
  'secret_key', '*.secret_key', 'client_secret', '*.client_secret', 'authorization', '*.authorization',
  'headers.authorization', 'req.headers.authorization', 'req.headers.cookie', 'headers["x-api-key"]',
  'req.headers["x-api-key"]', 'access_token', '*.access_token', 'refresh_token', '*.refresh_token', 'config.*_key',
  'config.token', 'config.client_secret', 'config.password',
];

export interface LoggerOptions {
  level: string;
  pretty: boolean;
  /** Where lines go; stderr by default so stdout stays clean for --json output. */
  destination?: NodeJS.WritableStream;
}

/** Every line logged inside a span names its trace and span, so logs and traces join up (`trace_id`, `span_id`). */
export function traceIds(): Record<string, string> {
  const ctx = trace.getActiveSpan()?.spanContext();
  return ctx && isSpanContextValid(ctx) ? { trace_id: ctx.traceId, span_id: ctx.spanId } : {};
}

export function createLogger(opts: LoggerOptions): Logger {
  const base = { level: opts.level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, mixin: traceIds };
  if (opts.pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { destination: 2, colorize: true, ignore: 'pid,hostname' } },
    });
  }
  return pino(base, (opts.destination ?? process.stderr) as pino.DestinationStream);
}
