import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { SandboxClock, Simulator, SimulatorContext } from '../simulator.js';
import { NotionSimError, notionErrorBody, type NotionErrorCode } from './notion-sim-errors.js';
import { normaliseId, richText } from './notion-sim-ids.js';
import { NotionSimStore } from './notion-sim-store.js';

export const NOTION_SANDBOX_TOKEN = 'ntn_sandbox_0000000000000000000000000000000000000000000000';
export const NOTION_SANDBOX_PARENT_PAGE_ID = '393abc1e-edcd-80f3-813b-e205934558c6';
/** The integration's bot user (as recorded) and the people who edit pages in the sandbox. */
export const NOTION_BOT_USER_ID = '7775f3a3-893f-43fa-b625-460c61094c78';
export const NOTION_PERSON_IDS = ['a4f789cc-7bc8-4cf0-82b9-a8ba7d985ecf', 'c2b5e0a4-6f1d-4b8e-9d3a-5e7f0a1b2c3d'] as const;

const VERSIONS = new Set(['2022-06-28', '2025-09-03', '2026-03-11']);

export interface NotionSimulatorOptions {
  /** Average requests per second per token (Notion: 3), enforced over `windowSeconds`; false disables. */
  readonly rateLimit?: { readonly perSecond: number; readonly windowSeconds?: number } | false;
  /** How long a page write holds the page; a second write to it meanwhile gets 409 conflict_error. */
  readonly writeHoldMs?: number;
  /** Pages a person edits per clock step (their human-owned properties), as people do in a real workspace. */
  readonly humanEditsPerStep?: number;
  /** Property names people edit as the clock steps (only those that exist and are text or select). */
  readonly humanProperties?: readonly string[];
  /** Rows one data source query can reach before it reports `incomplete` (Notion: about 10,000). */
  readonly queryResultLimit?: number;
}

export interface NotionSimulatorStats {
  requests: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  rateLimited: number;
  conflicts: number;
}

interface ForcedFault {
  readonly code: NotionErrorCode;
  readonly message: string;
  readonly retryAfter?: number;
  readonly match?: (method: string, route: string, body: unknown) => boolean;
  remaining: number;
}

/** A faithful Notion API (2025-09-03) for tests and the demo, served under /notion. */
export class NotionSimulator implements Simulator {
  readonly prefix = 'notion';
  readonly store: NotionSimStore;
  private clock: SandboxClock | undefined;
  private seed = 42;
  private limiter: RateLimiterMemory | undefined;
  private readonly busyPages = new Set<string>();
  private faults: ForcedFault[] = [];
  private counters: NotionSimulatorStats = NotionSimulator.zero();

  constructor(private readonly opts: NotionSimulatorOptions = {}) {
    this.store = new NotionSimStore(() => this.now(), opts.queryResultLimit);
    this.store.addRootPage(NOTION_SANDBOX_PARENT_PAGE_ID, '', NOTION_PERSON_IDS[0]);
    this.configureRate(opts.rateLimit === undefined ? { perSecond: 3 } : opts.rateLimit);
  }

  private static zero(): NotionSimulatorStats {
    return { requests: 0, byRoute: {}, byStatus: {}, rateLimited: 0, conflicts: 0 };
  }

  private now(): Date {
    return this.clock ? this.clock.now() : new Date();
  }

  /** Changes the per-token rate (the bench runs scaled rates). */
  configureRate(rate: NotionSimulatorOptions['rateLimit']): void {
    if (!rate) {
      this.limiter = undefined;
      return;
    }
    const window = rate.windowSeconds ?? 10;
    this.limiter = new RateLimiterMemory({ points: Math.max(1, Math.round(rate.perSecond * window)), duration: window });
  }

  /** Injected sandbox faults answer in Notion's own error envelope, with the code Notion uses for the status. */
  faultBody(status: number, message: string): unknown {
    const code: NotionErrorCode =
      status === 429 ? 'rate_limited' : status === 409 ? 'conflict_error' : status === 401 ? 'unauthorized'
        : status === 403 ? 'restricted_resource' : status === 404 ? 'object_not_found' : status === 503 ? 'service_unavailable'
          : status >= 500 ? 'internal_server_error' : 'validation_error';
    return { ...notionErrorBody(code, message), status };
  }

  credentials(): { token: string; parent_page_id: string } {
    return { token: NOTION_SANDBOX_TOKEN, parent_page_id: NOTION_SANDBOX_PARENT_PAGE_ID };
  }

  stats(): Record<string, unknown> {
    return { ...this.counters, byRoute: { ...this.counters.byRoute }, byStatus: { ...this.counters.byStatus } };
  }

  /** Typed counters for tests. */
  counts(): NotionSimulatorStats {
    return this.stats() as unknown as NotionSimulatorStats;
  }

  reset(): void {
    this.counters = NotionSimulator.zero();
    this.faults = [];
  }

  /** The next `count` matching requests fail with `code` (429 storms, 409 collisions, 5xx), after rate limiting. */
  failNext(count: number, code: NotionErrorCode, opts: { message?: string; retryAfter?: number; match?: ForcedFault['match'] } = {}): void {
    const defaults: Partial<Record<NotionErrorCode, string>> = {
      rate_limited: 'You have been rate limited. Please try again in a few minutes.',
      conflict_error: 'Conflict occurred while saving. Please try again.',
      internal_server_error: 'Unexpected error occurred.',
      service_unavailable: 'Notion is unavailable. Please try again later.',
    };
    this.faults.push({ code, message: opts.message ?? defaults[code] ?? code, retryAfter: opts.retryAfter, match: opts.match, remaining: count });
  }

  /** A person edits a page in Notion (request-form property values), as the UI would. */
  editAsPerson(pageId: string, properties: Record<string, unknown>, personId: string = NOTION_PERSON_IDS[0]): Record<string, unknown> {
    return this.store.updatePage(pageId, { properties }, personId);
  }

  register(app: FastifyInstance, ctx: SimulatorContext): void {
    this.clock = ctx.clock;
    this.seed = ctx.seed;
    ctx.clock.onAdvance((step) => this.peopleEdit(step));
    app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
      const invalidJson = err.statusCode === 400 || err.statusCode === 415;
      const code: NotionErrorCode = invalidJson ? 'invalid_json' : 'internal_server_error';
      void this.send(reply, code, invalidJson ? 'Error parsing JSON body.' : 'Unexpected error occurred.');
    });
    app.setNotFoundHandler((_req, reply) => this.send(reply, 'invalid_request_url', 'Invalid request URL.'));
    const route = (method: 'GET' | 'POST' | 'PATCH', url: string, handler: (req: FastifyRequest, body: Record<string, unknown>) => unknown) => {
      app.route({
        method, url,
        handler: async (req, reply) => this.handle(method, url, req, reply, () => handler(req, this.bodyOf(req))),
      });
    };
    const by = () => NOTION_BOT_USER_ID;
    const id = (req: FastifyRequest) => normaliseId((req.params as { id: string }).id);
    route('GET', '/v1/users/me', () => ({
      object: 'user', id: NOTION_BOT_USER_ID, name: 'Sluice', avatar_url: null, type: 'bot',
      bot: { owner: { type: 'workspace', workspace: true }, workspace_name: 'Sluice sandbox', workspace_id: '231674b6-2cc1-46bc-b742-c5c9fe4b9c73', workspace_limits: { max_file_upload_size_in_bytes: 5242880 } },
    }));
    route('POST', '/v1/databases', (_r, b) => this.store.createDatabase(b, by()));
    route('GET', '/v1/databases/:id', (r) => this.store.getDatabase(id(r)));
    route('PATCH', '/v1/databases/:id', (r, b) => this.store.updateDatabase(id(r), b));
    route('POST', '/v1/data_sources', (_r, b) => this.store.createDataSource(b, by()));
    route('GET', '/v1/data_sources/:id', (r) => this.store.getDataSource(id(r)));
    route('PATCH', '/v1/data_sources/:id', (r, b) => this.store.updateDataSource(id(r), b));
    route('POST', '/v1/data_sources/:id/query', (r, b) => this.store.query(id(r), b));
    route('POST', '/v1/pages', (_r, b) => this.store.createPage(b, by()));
    route('GET', '/v1/pages/:id', (r) => this.store.getPage(id(r)));
    route('PATCH', '/v1/pages/:id', (r, b) => this.writePage(id(r), b));
    route('POST', '/v1/search', (_r, b) => this.store.search(b));
  }

  private bodyOf(req: FastifyRequest): Record<string, unknown> {
    const b = req.body;
    return typeof b === 'object' && b !== null && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
  }

  /** A page write holds the page briefly; a concurrent write to the same page collides, as in Notion. */
  private async writePage(pageId: string, body: Record<string, unknown>): Promise<unknown> {
    if (this.busyPages.has(pageId)) throw new NotionSimError('conflict_error', 'Conflict occurred while saving. Please try again.');
    this.busyPages.add(pageId);
    try {
      const hold = this.opts.writeHoldMs ?? 5;
      if (hold > 0) await new Promise((r) => setTimeout(r, hold));
      return this.store.updatePage(pageId, body, NOTION_BOT_USER_ID);
    } finally {
      this.busyPages.delete(pageId);
    }
  }

  private async handle(method: string, url: string, req: FastifyRequest, reply: FastifyReply, run: () => unknown): Promise<unknown> {
    const routeKey = `${method} ${url}`;
    this.counters.requests += 1;
    this.counters.byRoute[routeKey] = (this.counters.byRoute[routeKey] ?? 0) + 1;
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (token !== NOTION_SANDBOX_TOKEN) return this.send(reply, 'unauthorized', 'API token is invalid.');
    const version = req.headers['notion-version'];
    if (typeof version !== 'string') {
      return this.send(reply, 'missing_version', 'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.');
    }
    if (!VERSIONS.has(version)) {
      return this.send(reply, 'validation_error', `Notion-Version header failed validation: Notion-Version header should be a supported version, instead was \`"${version}"\`.`);
    }
    if (this.limiter) {
      try {
        await this.limiter.consume(token);
      } catch (res) {
        const wait = res instanceof RateLimiterRes ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 1;
        this.counters.rateLimited += 1;
        return this.send(reply, 'rate_limited', 'You have been rate limited. Please try again in a few minutes.', wait);
      }
    }
    const fault = this.faults.find((f) => f.remaining > 0 && (!f.match || f.match(method, url, req.body)));
    if (fault) {
      fault.remaining -= 1;
      if (fault.code === 'rate_limited') this.counters.rateLimited += 1;
      if (fault.code === 'conflict_error') this.counters.conflicts += 1;
      return this.send(reply, fault.code, fault.message, fault.retryAfter);
    }
    try {
      const body = await run();
      this.count(200);
      return reply.code(200).send({ ...(body as Record<string, unknown>), request_id: crypto.randomUUID() });
    } catch (err) {
      if (err instanceof NotionSimError) {
        if (err.code === 'conflict_error') this.counters.conflicts += 1;
        return this.send(reply, err.code, err.message);
      }
      throw err;
    }
  }

  private count(status: number): void {
    this.counters.byStatus[String(status)] = (this.counters.byStatus[String(status)] ?? 0) + 1;
  }

  private send(reply: FastifyReply, code: NotionErrorCode, message: string, retryAfter?: number): FastifyReply {
    const body = notionErrorBody(code, message);
    this.count(Number(body.status));
    if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
    return reply.code(Number(body.status)).send(body);
  }

  /** People edit a few pages each step, deterministically from (seed, step): the two-way sync has something to pull. */
  private peopleEdit(step: number): void {
    const perStep = this.opts.humanEditsPerStep ?? 1;
    const names = this.opts.humanProperties ?? ['Notes'];
    const candidates = [...this.store.pages.values()].filter((p) => p.dataSourceId && !p.inTrash);
    if (candidates.length === 0 || perStep <= 0) return;
    for (let i = 0; i < perStep; i += 1) {
      const page = candidates[(this.seed * 31 + step * 17 + i * 7) % candidates.length];
      if (!page?.dataSourceId) continue;
      const schema = this.store.schemaOf(page.dataSourceId);
      const props: Record<string, unknown> = {};
      for (const n of names) {
        const prop = schema.get(n);
        if (prop?.type === 'rich_text') props[n] = { rich_text: [{ text: { content: `Reviewed at step ${step}` } }] };
        if (prop?.type === 'select') props[n] = { select: { name: ['High', 'Medium', 'Low'][step % 3] } };
      }
      if (Object.keys(props).length > 0) this.editAsPerson(page.id, props, NOTION_PERSON_IDS[(step + i) % NOTION_PERSON_IDS.length]);
    }
  }
}

export function createNotionSimulator(opts: NotionSimulatorOptions = {}): NotionSimulator {
  return new NotionSimulator(opts);
}

/** A page's rich text as plain content (used by tests). */
export const textValue = (s: string) => ({ rich_text: [richText(s)] });
