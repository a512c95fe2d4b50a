import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Simulator, SimulatorContext } from '../simulator.js';
import { randomUUID } from 'node:crypto';
import { backupJobsAt, parsePlanTypeFilter, parseStartTimeFilter, parseStatusFilter, type NinjaBackupJob } from './ninja-backup-jobs.js';
import { basicDevice, detailedDevice, organizationBody } from './ninja-bodies.js';
import { parseDeviceFilter } from './ninja-device-filter.js';
import { NinjaEstate } from './ninja-estate.js';
import { NinjaTokenIssuer, type NinjaClient } from './ninja-oauth.js';
import { epochSeconds } from './ninja-types.js';

export interface NinjaOneSimulatorOptions {
  /** Default `ninjaone`; a second instance (e.g. `ninjaone-eu`) stands for another region host. */
  readonly prefix?: string;
  /** Default: the seed system's 323 devices over 72 organizations. */
  readonly devices?: number;
  readonly organizations?: number;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Token lifetime (`expires_in`); 3600 s like the real API. Tests set it shorter. */
  readonly tokenTtlSeconds?: number;
  /** Requests per minute per client before 429 (NinjaOne publishes no number). */
  readonly rateLimitPerMinute?: number;
  /** Extra clients, e.g. one restricted to the `management` scope. */
  readonly extraClients?: readonly NinjaClient[];
}

export interface NinjaOneSimulator extends Simulator {
  readonly estate: NinjaEstate;
  readonly tokens: NinjaTokenIssuer;
}

type Query = Record<string, string | string[] | undefined>;

function one(q: Query, name: string): string | undefined {
  const v = q[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A positive integer query parameter: undefined when absent, null when malformed. */
function intParam(q: Query, name: string, min = 0): number | undefined | null {
  const v = one(q, name);
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) return null;
  const n = Number(v);
  return n < min ? null : n;
}

/** `before` / `after` on activities: yyyyMMdd or an ISO date-time. */
function dateParam(q: Query, name: string): number | undefined | null {
  const v = one(q, name);
  if (v === undefined || v === '') return undefined;
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  const ms = compact ? Date.parse(`${compact[1]}-${compact[2]}-${compact[3]}T00:00:00Z`) : Date.parse(v);
  return Number.isNaN(ms) ? null : ms / 1000;
}

/** A server-side cursor of a report endpoint (`/v2/backup/jobs`): the rows as of the first request, and the position. */
interface ReportCursor {
  readonly rows: readonly NinjaBackupJob[];
  next: number;
  readonly expiresMs: number;
}

/** Report cursors live a minute, like the query cursors of the API (`cursor.expires`). */
const CURSOR_TTL_MS = 60_000;

/**
 * NinjaOne public API v2 for one region host: OAuth2 token endpoint, organizations, devices, alerts, activities,
 * backup jobs.
 */
export function createNinjaOneSimulator(opts: NinjaOneSimulatorOptions = {}): NinjaOneSimulator {
  const client: NinjaClient = {
    clientId: opts.clientId ?? 'sandbox-ninjaone-client',
    clientSecret: opts.clientSecret ?? 'sandbox-ninjaone-secret-0001',
    scopes: ['monitoring', 'management', 'control'],
  };
  const counts = new Map<string, number>();
  const cursors = new Map<string, ReportCursor>();
  const limiter = new RateLimiterMemory({ points: opts.rateLimitPerMinute ?? 3_000, duration: 60 });
  let estate: NinjaEstate | undefined;
  let issuer: NinjaTokenIssuer | undefined;
  const need = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('ninjaone simulator: register() has not run');
    return v;
  };

  return {
    prefix: opts.prefix ?? 'ninjaone',
    credentialsKey: opts.prefix === undefined || opts.prefix === 'ninjaone' ? 'ninjaone' : opts.prefix,
    // NinjaOne answers errors with the status alone.
    faultBody: () => '',
    get estate() {
      return need(estate);
    },
    get tokens() {
      return need(issuer);
    },
    credentials: () => ({ client_id: client.clientId, client_secret: client.clientSecret }),
    stats: () => ({ requests: Object.fromEntries(counts), tokensIssued: issuer?.issued ?? 0, step: estate?.step ?? 0 }),
    reset: () => {
      counts.clear();
      if (issuer) issuer.issued = 0;
    },
    register(app: FastifyInstance, ctx: SimulatorContext) {
      const e = new NinjaEstate(ctx.seed, { devices: opts.devices ?? 323, organizations: opts.organizations ?? 72 }, Math.floor(ctx.clock.now().getTime() / 1000) * 1000);
      estate = e;
      const tokens = new NinjaTokenIssuer([client, ...(opts.extraClients ?? [])], opts.tokenTtlSeconds ?? 3600, () => ctx.clock.now().getTime());
      issuer = tokens;
      ctx.clock.onAdvance((step) => e.advanceTo(step, ctx.clock.now()));

      if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
        app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
          done(null, new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8')));
        });
      }

      app.post('/ws/oauth/token', async (req, reply) => {
        counts.set('POST /ws/oauth/token', (counts.get('POST /ws/oauth/token') ?? 0) + 1);
        const form = req.body instanceof URLSearchParams ? req.body : new URLSearchParams();
        const g = tokens.grant(form, req.headers.authorization);
        await reply.code(g.ok ? 200 : g.status).header('cache-control', 'no-store').send(g.body);
      });
      // Some instances answer 405 on the token path without `/ws/`.
      app.post('/oauth/token', async (_req, reply) => reply.code(405).header('allow', 'GET').send(''));

      app.put<{ Body: { seconds?: unknown } }>('/_admin/token-ttl', async (req, reply) => {
        const s = req.body?.seconds;
        if (typeof s !== 'number' || !Number.isInteger(s) || s < 1) return reply.code(400).send({ error: 'seconds must be a positive integer' });
        tokens.ttlSeconds = s;
        return reply.send({ ttlSeconds: s });
      });
      app.post('/_admin/revoke-tokens', async (_req, reply) => {
        tokens.revokeAll();
        return reply.send({ revoked: true });
      });

      /** Bearer auth (monitoring scope for reads), rate limit, clock catch-up; false when it already replied. */
      const guard = async (req: FastifyRequest, reply: FastifyReply, route: string): Promise<boolean> => {
        counts.set(route, (counts.get(route) ?? 0) + 1);
        e.advanceTo(ctx.clock.step, ctx.clock.now());
        const grant = tokens.verify(req.headers.authorization);
        if (!grant) {
          // NinjaOne answers auth failures with the status alone (no structured body).
          await reply.code(401).header('www-authenticate', 'Bearer error="invalid_token"').send('');
          return false;
        }
        if (!grant.scopes.includes('monitoring')) {
          await reply.code(403).header('www-authenticate', 'Bearer error="insufficient_scope", scope="monitoring"').send('');
          return false;
        }
        try {
          await limiter.consume(grant.clientId);
        } catch (err) {
          if (!(err instanceof RateLimiterRes)) throw err;
          await reply.code(429).header('retry-after', String(Math.ceil(err.msBeforeNext / 1000))).send('');
          return false;
        }
        return true;
      };
      const badRequest = async (reply: FastifyReply) => reply.code(400).send('');

      for (const base of ['/v2', '/api/v2']) {
        app.get(`${base}/organizations`, async (req, reply) => {
          if (!(await guard(req, reply, 'GET /v2/organizations'))) return;
          const q = req.query as Query;
          const pageSize = intParam(q, 'pageSize', 1);
          const after = intParam(q, 'after');
          if (pageSize === null || after === null) return badRequest(reply);
          const rows = e.organizations.filter((o) => after === undefined || o.id > after);
          return reply.send(rows.slice(0, pageSize ?? rows.length).map(organizationBody));
        });

        for (const detailed of [false, true]) {
          const path = detailed ? 'devices-detailed' : 'devices';
          app.get(`${base}/${path}`, async (req, reply) => {
            if (!(await guard(req, reply, `GET /v2/${path}`))) return;
            const q = req.query as Query;
            const pageSize = intParam(q, 'pageSize', 1);
            const after = intParam(q, 'after');
            const filter = parseDeviceFilter(one(q, 'df'));
            if (pageSize === null || after === null || filter === null) return badRequest(reply);
            // `after` is the last node id of the previous page: ids ascend.
            const rows = e.devices().filter((d) => (after === undefined || d.id > after) && filter(d)).sort((a, b) => a.id - b.id);
            const page = rows.slice(0, pageSize ?? rows.length);
            return reply.send(page.map((d) => (detailed ? detailedDevice(d, e.organizations, e.locations) : basicDevice(d))));
          });
        }

        app.get(`${base}/alerts`, async (req, reply) => {
          if (!(await guard(req, reply, 'GET /v2/alerts'))) return;
          const q = req.query as Query;
          const filter = parseDeviceFilter(one(q, 'df'));
          if (filter === null) return badRequest(reply);
          const sourceType = one(q, 'sourceType');
          const byId = new Map(e.devices().map((d) => [d.id, d]));
          const rows = e
            .alerts()
            .filter((a) => (sourceType === undefined || a.sourceType === sourceType))
            .filter((a) => {
              const d = byId.get(a.deviceId);
              return d !== undefined && filter(d);
            })
            .sort((a, b) => a.createTime - b.createTime || a.uid.localeCompare(b.uid));
          return reply.send(rows.map((a) => ({ ...structuredClone(a), device: basicDevice(byId.get(a.deviceId)!) })));
        });

        // BackupJobReport `{cursor: {name, offset, count, expires}, results}`: the first call fixes the result set
        // under a named cursor; `cursor=<name>` pages on from where the previous page ended.
        app.get(`${base}/backup/jobs`, async (req, reply) => {
          if (!(await guard(req, reply, 'GET /v2/backup/jobs'))) return;
          const q = req.query as Query;
          const pageSize = intParam(q, 'pageSize', 1);
          if (pageSize === null || (pageSize !== undefined && pageSize > 10_000)) return badRequest(reply);
          const nowMs = ctx.clock.now().getTime();
          for (const [name, c] of cursors) if (c.expiresMs <= nowMs) cursors.delete(name);
          const cursorName = one(q, 'cursor');
          let name: string;
          let cursor: ReportCursor;
          if (cursorName !== undefined && cursorName !== '') {
            const found = cursors.get(cursorName);
            if (!found) return badRequest(reply);
            name = cursorName;
            cursor = found;
          } else {
            const df = parseDeviceFilter(one(q, 'df'));
            const ddf = parseDeviceFilter(one(q, 'ddf'));
            const sf = parseStatusFilter(one(q, 'sf'));
            const ptf = parsePlanTypeFilter(one(q, 'ptf'));
            const stf = parseStartTimeFilter(one(q, 'stf'));
            const include = one(q, 'include') ?? 'active';
            if (!df || !ddf || !sf || !ptf || !stf || !['active', 'deleted', 'all'].includes(include)) return badRequest(reply);
            const devices = [
              ...(include === 'deleted' ? [] : e.devices().filter(df)),
              ...(include === 'active' ? [] : e.retired().filter(ddf)),
            ];
            const rows = backupJobsAt(ctx.seed, devices, nowMs).filter((j) => sf(j) && ptf(j) && stf(j));
            name = randomUUID();
            cursor = { rows, next: 0, expiresMs: nowMs + CURSOR_TTL_MS };
            cursors.set(name, cursor);
          }
          const offset = cursor.next;
          const page = cursor.rows.slice(offset, offset + (pageSize ?? 10_000));
          cursor.next = offset + page.length;
          return reply.send({
            cursor: { name, offset, count: page.length, expires: epochSeconds(cursor.expiresMs) },
            results: page.map((j) => structuredClone(j)),
          });
        });

        app.get(`${base}/activities`, async (req, reply) => {
          if (!(await guard(req, reply, 'GET /v2/activities'))) return;
          const q = req.query as Query;
          const pageSize = intParam(q, 'pageSize');
          const newerThan = intParam(q, 'newerThan');
          const olderThan = intParam(q, 'olderThan');
          const before = dateParam(q, 'before');
          const after = dateParam(q, 'after');
          const cls = (one(q, 'class') ?? 'ALL').toUpperCase();
          const filter = parseDeviceFilter(one(q, 'df'));
          if (pageSize === null || (pageSize !== undefined && (pageSize < 10 || pageSize > 1000))) return badRequest(reply);
          if (newerThan === null || olderThan === null || before === null || after === null || filter === null) return badRequest(reply);
          if (!['ALL', 'SYSTEM', 'DEVICE', 'USER'].includes(cls)) return badRequest(reply);
          const type = one(q, 'type');
          const statuses = one(q, 'status')?.split(',').map((s) => s.trim());
          const seriesUid = one(q, 'seriesUid');
          const dfGiven = one(q, 'df') !== undefined;
          const byId = new Map(e.devices().map((d) => [d.id, d]));
          const page: unknown[] = [];
          // Newest first; the id window and filters apply before the page is cut.
          for (const { body: a, cls: c } of e.newestFirst()) {
            if (page.length >= (pageSize ?? 200)) break;
            if (newerThan !== undefined && a.id <= newerThan) break;
            if (olderThan !== undefined && a.id >= olderThan) continue;
            if (before !== undefined && a.activityTime >= before) continue;
            if (after !== undefined && a.activityTime <= after) continue;
            if (cls !== 'ALL' && c !== cls) continue;
            if (type !== undefined && a.activityType !== type) continue;
            if (statuses !== undefined && !statuses.includes(a.statusCode)) continue;
            if (seriesUid !== undefined && a.seriesUid !== seriesUid) continue;
            if (dfGiven) {
              const d = a.deviceId === undefined ? undefined : byId.get(a.deviceId);
              if (!d || !filter(d)) continue;
            }
            page.push(structuredClone(a));
          }
          const last = page.at(-1) as { id: number } | undefined;
          return reply.send(last ? { lastActivityId: last.id, activities: page } : { activities: page });
        });
      }
    },
  };
}
