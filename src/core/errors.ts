/**
 * Every error Sluice raises carries a stable snake_case code. The HTTP mapping and the CLI exit codes are derived
 * from the code here, in one place, so the API, the CLI and logs agree.
 */
export const ERROR_CODES = {
  config_invalid: { http: 500, retryable: false },
  validation_failed: { http: 400, retryable: false },
  bad_request: { http: 400, retryable: false },
  not_found: { http: 404, retryable: false },
  conflict: { http: 409, retryable: false },
  already_exists: { http: 409, retryable: false },
  unauthenticated: { http: 401, retryable: false },
  forbidden: { http: 403, retryable: false },
  csrf_failed: { http: 403, retryable: false },
  account_locked: { http: 423, retryable: true },
  rate_limited: { http: 429, retryable: true },
  payload_too_large: { http: 413, retryable: false },
  auth_failed: { http: 502, retryable: false },
  upstream_error: { http: 502, retryable: true },
  upstream_rejected: { http: 502, retryable: false },
  upstream_timeout: { http: 504, retryable: true },
  upstream_rate_limited: { http: 503, retryable: true },
  upstream_unavailable: { http: 503, retryable: true },
  circuit_open: { http: 503, retryable: true },
  malformed_response: { http: 502, retryable: true },
  connector_unknown: { http: 400, retryable: false },
  connector_config_invalid: { http: 400, retryable: false },
  stream_unknown: { http: 400, retryable: false },
  unknown_destination_kind: { http: 400, retryable: false },
  key_mismatch: { http: 409, retryable: false },
  source_read_failed: { http: 502, retryable: true },
  cancelled: { http: 499, retryable: false },
  database_error: { http: 500, retryable: true },
  migration_failed: { http: 500, retryable: false },
  secret_unavailable: { http: 500, retryable: false },
  internal: { http: 500, retryable: false },
  range_invalid: { http: 400, retryable: false },
  range_refused: { http: 400, retryable: false },
  range_unsupported: { http: 400, retryable: false },
  pack_invalid: { http: 500, retryable: false },
  pack_needs_credentials: { http: 409, retryable: false },
  rollback_plan_required: { http: 422, retryable: false },
  site_unknown: { http: 404, retryable: false },
  organization_unknown: { http: 422, retryable: false },
  organization_ambiguous: { http: 409, retryable: false },
} as const satisfies Record<string, { http: number; retryable: boolean }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface SluiceErrorOptions {
  details?: unknown;
  cause?: unknown;
  /** Overrides the code's default, e.g. a 400 from one upstream that is worth retrying. */
  retryable?: boolean;
}

export class SluiceError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: SluiceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SluiceError';
    this.code = code;
    this.details = options.details;
    this.retryable = options.retryable ?? ERROR_CODES[code].retryable;
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].http;
  }

  toJSON(): { code: ErrorCode; message: string; details?: unknown } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isSluiceError(err: unknown): err is SluiceError {
  return err instanceof SluiceError;
}

/** Wraps anything thrown into a SluiceError without losing the original as `cause`. */
export function toSluiceError(err: unknown, fallback: ErrorCode = 'internal'): SluiceError {
  if (err instanceof SluiceError) return err;
  if (err instanceof Error && err.name === 'AbortError') return new SluiceError('cancelled', 'the operation was cancelled', { cause: err });
  const message = err instanceof Error ? err.message : String(err);
  return new SluiceError(fallback, message, { cause: err });
}
