import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ERROR_CODES, isSluiceError, type ErrorCode } from '../core/errors.js';

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

export interface HttpError {
  readonly status: number;
  readonly body: ErrorBody;
  /** Unexpected: logged with its stack. Expected refusals are not errors worth a stack trace. */
  readonly unexpected: boolean;
}

function make(code: ErrorCode, message: string, details?: unknown, unexpected = false): HttpError {
  return {
    status: ERROR_CODES[code].http,
    body: { error: details === undefined ? { code, message } : { code, message, details } },
    unexpected,
  };
}

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
}

/**
 * The one place an error becomes an HTTP response: the status comes from the code's entry in src/core/errors.ts,
 * the body is always `{"error": {"code", "message", "details"}}`.
 */
export function toHttpError(err: unknown): HttpError {
  if (hasZodFastifySchemaValidationErrors(err)) {
    const problems = err.validation.map((v) => {
      const where = (err as { validationContext?: string }).validationContext ?? 'request';
      const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
      return `${where}${path ? `.${path}` : ''}: ${v.message ?? 'invalid'}`;
    });
    return make('validation_failed', `invalid request: ${problems.length} problem(s)`, { problems });
  }
  if (isResponseSerializationError(err)) {
    return make('internal', 'the response did not match its schema', undefined, true);
  }
  if (isSluiceError(err)) return make(err.code, err.message, err.details, ERROR_CODES[err.code].http >= 500);
  const f = (err ?? {}) as FastifyLikeError;
  switch (f.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return make('payload_too_large', 'the request body is larger than the server accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return make('bad_request', f.message ?? 'the request body cannot be read');
    default:
      break;
  }
  if (f.statusCode === 400 || (err instanceof SyntaxError && f.statusCode === undefined)) {
    return make('bad_request', f.message ?? 'bad request');
  }
  if (typeof f.statusCode === 'number' && f.statusCode >= 400 && f.statusCode < 500) {
    const code: ErrorCode = f.statusCode === 404 ? 'not_found' : f.statusCode === 413 ? 'payload_too_large' : 'bad_request';
    return make(code, f.message ?? 'bad request');
  }
  return make('internal', 'internal server error', undefined, true);
}
