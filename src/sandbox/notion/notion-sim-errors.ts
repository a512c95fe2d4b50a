import { randomUUID } from 'node:crypto';

/** Notion's error codes with the HTTP status each one is sent with (shared/upstreams/notion.md). */
export const NOTION_ERROR_STATUS = {
  invalid_json: 400,
  invalid_request_url: 400,
  invalid_request: 400,
  validation_error: 400,
  missing_version: 400,
  unauthorized: 401,
  restricted_resource: 403,
  object_not_found: 404,
  conflict_error: 409,
  rate_limited: 429,
  internal_server_error: 500,
  service_unavailable: 503,
} as const;

export type NotionErrorCode = keyof typeof NOTION_ERROR_STATUS;

/** Thrown by the simulator's store; the route layer turns it into Notion's error body. */
export class NotionSimError extends Error {
  readonly code: NotionErrorCode;
  readonly status: number;
  constructor(code: NotionErrorCode, message: string) {
    super(message);
    this.code = code;
    this.status = NOTION_ERROR_STATUS[code];
  }
}

/** The body exactly as recorded: object, status, code, message, request_id. */
export function notionErrorBody(code: NotionErrorCode, message: string): Record<string, unknown> {
  return { object: 'error', status: NOTION_ERROR_STATUS[code], code, message, request_id: randomUUID() };
}

export const validationError = (message: string) => new NotionSimError('validation_error', message);

export const notFound = (kind: 'page' | 'database' | 'data_source' | 'block', id: string) =>
  new NotionSimError(
    'object_not_found',
    `Could not find ${kind.replace('_', ' ')} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`,
  );
