import { createHash } from 'node:crypto';
import { ExponentialBackoff, decorrelatedJitterGenerator, handleWhenResult, retry } from 'cockatiel';
import type { HttpClient, HttpClientFactory, HttpMethod } from '../../http/http-client.js';
import type { NotionConfig } from './notion-config.js';

export const NOTION_VERSION = '2025-09-03';

export type NotionResult<T> =
  | { readonly ok: true; readonly body: T; readonly attempts: number }
  | { readonly ok: false; readonly status: number; readonly code: string; readonly message: string; readonly attempts: number };

export interface NotionPage {
  readonly id: string;
  readonly created_time: string;
  readonly in_trash: boolean;
  readonly last_edited_time: string;
  readonly last_edited_by: { readonly id: string };
  readonly properties: Record<string, unknown>;
}

export interface NotionList<T> {
  readonly results: T[];
  readonly next_cursor: string | null;
  readonly has_more: boolean;
  readonly request_status?: { readonly type: 'complete' | 'incomplete'; readonly incomplete_reason?: string };
}

/**
 * The Notion calls a destination makes, over the shared HTTP layer (pacing per token across workers, Retry-After,
 * 5xx retries). 400/404 come back as values so one bad record fails alone; 409 conflict_error is retried here with
 * jittered backoff because the HTTP layer (like Notion's SDK) does not retry it.
 */
export class NotionApi {
  private readonly http: HttpClient;
  /** HTTP requests sent, retries included. */
  calls = 0;

  constructor(factory: HttpClientFactory, config: NotionConfig, private readonly signal?: AbortSignal, conflictBaseMs = 200) {
    const token = config.token;
    this.http = factory({
      upstream: 'notion',
      baseUrl: config.base_url,
      credentialKey: createHash('sha256').update(token).digest('hex').slice(0, 16),
      rateLimit: { perSecond: config.rate_per_second },
      headers: { 'Notion-Version': NOTION_VERSION },
      authHeaders: () => ({ authorization: `Bearer ${token}` }),
      // Notion rate-limits in bursts; a 429 costs only the Retry-After wait, so allow more attempts than the default.
      retries: 8,
    });
    this.conflictRetry = retry(
      handleWhenResult((r) => (r as NotionResult<unknown>).ok === false && (r as { status: number }).status === 409),
      { maxAttempts: 5, backoff: new ExponentialBackoff({ generator: decorrelatedJitterGenerator, initialDelay: conflictBaseMs, maxDelay: conflictBaseMs * 20 }) },
    );
  }

  private readonly conflictRetry;

  async call<T>(method: HttpMethod, path: string, json?: unknown): Promise<NotionResult<T>> {
    return this.conflictRetry.execute(async () => {
      try {
        const res = await this.http.request<Record<string, unknown>>({
          method, path, json, signal: this.signal, acceptStatus: [400, 404, 409], expect: 'json',
        });
        this.calls += res.attempts;
        if (res.status >= 200 && res.status < 300) return { ok: true, body: res.body as T, attempts: res.attempts } as const;
        const body = typeof res.body === 'object' && res.body !== null ? res.body : {};
        return {
          ok: false, status: res.status, attempts: res.attempts,
          code: typeof body.code === 'string' ? body.code : `http_${res.status}`,
          message: typeof body.message === 'string' ? body.message : `Notion answered ${res.status}`,
        } as const;
      } catch (err) {
        this.calls += 1;
        throw err;
      }
    }, this.signal);
  }

  createPage(dataSourceId: string, properties: Record<string, unknown>) {
    return this.call<NotionPage>('POST', '/v1/pages', { parent: { type: 'data_source_id', data_source_id: dataSourceId }, properties });
  }

  updatePage(pageId: string, body: { properties?: Record<string, unknown>; in_trash?: boolean }) {
    return this.call<NotionPage>('PATCH', `/v1/pages/${pageId}`, body);
  }

  query(dataSourceId: string, body: Record<string, unknown>) {
    return this.call<NotionList<NotionPage>>('POST', `/v1/data_sources/${dataSourceId}/query`, body);
  }

  /**
   * Every page matching `filter`, following cursors, oldest first. A query stops at about 10,000 rows
   * (request_status incomplete): it then continues with a created_time window from the last page seen, as the
   * SDK's iterateAllDataSourceRows does.
   */
  async queryAll(dataSourceId: string, filter: unknown): Promise<NotionResult<NotionPage[]>> {
    const out = new Map<string, NotionPage>();
    let attempts = 0;
    let window: string | undefined;
    for (;;) {
      const windowed = window ? { timestamp: 'created_time', created_time: { on_or_after: window } } : undefined;
      const f = filter && windowed ? { and: [filter, windowed] } : (filter ?? windowed);
      const before = out.size;
      let cursor: string | undefined;
      let incomplete = false;
      for (;;) {
        const r = await this.query(dataSourceId, {
          page_size: 100, sorts: [{ timestamp: 'created_time', direction: 'ascending' }],
          ...(f ? { filter: f } : {}), ...(cursor ? { start_cursor: cursor } : {}),
        });
        if (!r.ok) return r;
        attempts += r.attempts;
        for (const p of r.body.results) out.set(p.id, p);
        if (r.body.has_more && r.body.next_cursor) {
          cursor = r.body.next_cursor;
          continue;
        }
        incomplete = r.body.request_status?.type === 'incomplete';
        break;
      }
      const last = [...out.values()].at(-1);
      if (!incomplete || out.size === before || !last) return { ok: true, body: [...out.values()], attempts };
      window = last.created_time;
    }
  }

  /**
   * Live pages whose external-key property equals `key` (one query). A page people moved to the trash is not
   * resurrected: the record gets a new page, which is what "deleted in Notion" means to them.
   */
  async findByKey(dataSourceId: string, keyProperty: string, key: string, keyType = 'rich_text'): Promise<NotionResult<NotionPage[]>> {
    const cond = keyType === 'number' ? { number: { equals: Number(key) } } : { [keyType === 'title' ? 'title' : 'rich_text']: { equals: key } };
    return this.queryAll(dataSourceId, { property: keyProperty, ...cond });
  }
}
