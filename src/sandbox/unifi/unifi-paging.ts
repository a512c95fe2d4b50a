import { randomBytes, randomUUID } from 'node:crypto';

/** The Site Manager envelope: `{data, httpStatusCode, traceId, nextToken?}` on success. */
export function traceId(): string {
  return randomBytes(16).toString('hex');
}

export function errorBody(code: string, status: number, message: string): Record<string, unknown> {
  return { code, httpStatusCode: status, message, traceId: traceId() };
}

interface PageCursor {
  readonly list: string;
  readonly offset: number;
}

/**
 * Opaque `nextToken`s (UUIDs, as the real API's look) mapped to the offset of the next page. Bounded, so a client
 * that never finishes paging cannot grow the map without limit.
 */
export class PageTokens {
  private readonly tokens = new Map<string, PageCursor>();
  constructor(private readonly max = 10_000) {}

  issue(list: string, offset: number): string {
    const token = randomUUID();
    this.tokens.set(token, { list, offset });
    if (this.tokens.size > this.max) {
      const oldest = this.tokens.keys().next().value;
      if (oldest !== undefined) this.tokens.delete(oldest);
    }
    return token;
  }

  /** The offset for `token` on `list`, or undefined when the token is unknown or belongs to another list. */
  resolve(list: string, token: string): number | undefined {
    const c = this.tokens.get(token);
    return c && c.list === list ? c.offset : undefined;
  }

  clear(): void {
    this.tokens.clear();
  }
}

/** `pageSize` is a string in the API; undefined when absent, null when invalid. */
export function parsePageSize(raw: unknown, fallback: number, max: number): number | null {
  if (raw === undefined || raw === '') return fallback;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) return null;
  const n = Number(raw);
  if (n < 1) return null;
  return Math.min(n, max);
}
