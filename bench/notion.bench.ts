/**
 * Notion push benchmark: N records to the Notion simulator at R requests/s per token.
 * `npm run bench -- notion [--records 10000] [--rate 3] [--changed 0.01] [--workers 3]`
 * Reports calls made vs the minimum possible, wall time vs the physical limit (calls ÷ rate), duplicates (must be 0)
 * and records failed by a 429 (must be 0), for: the initial push, a no-change push, a push with a share of records
 * changed, and a push killed halfway through creates then resumed. 10,000 records at the real 3/s take ~56 min; pass a
 * higher --rate for a scaled run (the simulator enforces the same rate, so the ratios hold) and say which you ran.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { loadConfig } from '../src/config/load-config.js';
import { contentHash } from '../src/core/content-hash.js';
import type { StreamSchema } from '../src/core/stream-schema.js';
import { createDestination } from '../src/destinations/destination-store.js';
import { runPush } from '../src/destinations/run-push.js';
import type { PushSummary } from '../src/destinations/destination.js';
import { createAppContext, type AppContext } from '../src/main/app-context.js';
import type { SandboxClock } from '../src/sandbox/simulator.js';
import { createNotionSimulator, type NotionSimulator } from '../src/sandbox/notion/notion.simulator.js';
import { openDatabase } from '../src/store/database.js';

const schema: StreamSchema = {
  fields: [
    { name: 'id', type: 'string' }, { name: 'name', type: 'string' }, { name: 'partner_type', type: 'string', enum: ['Master Distributor', 'Reseller'] },
    { name: 'email', type: 'email' }, { name: 'phone', type: 'phone' }, { name: 'website', type: 'url' }, { name: 'locations', type: 'integer' },
    { name: 'region', type: 'string' }, { name: 'last_verified', type: 'date' },
  ],
};

function record(i: number, version = 0): Record<string, unknown> {
  return {
    id: `d${i}`, name: `Distributor ${i}${version ? ` v${version}` : ''}`, partner_type: i % 7 ? 'Reseller' : 'Master Distributor',
    email: `sales${i}@example.com`, phone: `+1555${String(i).padStart(7, '0')}`, website: `https://d${i}.example.com`,
    locations: (i % 13) + version, region: ['North America', 'Europe', 'Asia'][i % 3], last_verified: '2026-11-20',
  };
}

function clock(): SandboxClock {
  return { step: 0, now: () => new Date(), advance: () => undefined, onAdvance: () => undefined };
}

async function insertRecords(app: AppContext, streamId: number, rows: Record<string, unknown>[], kind: 'created' | 'updated'): Promise<void> {
  const batch = rows.map((data) => ({ key: String(data.id), data, hash: contentHash(data) }));
  for (let i = 0; i < batch.length; i += 5000) {
    const part = JSON.stringify(batch.slice(i, i + 5000));
    await app.db.query(
      `insert into records (stream_id, key, data, hash) select $1, x.key, x.data, x.hash from jsonb_to_recordset($2::jsonb) as x(key text, data jsonb, hash text)
       on conflict (stream_id, key) do update set data = excluded.data, hash = excluded.hash`,
      [streamId, part],
    );
    await app.db.query(
      `with c as (insert into changes (stream_id, key, kind) select $1, x.key, $3 from jsonb_to_recordset($2::jsonb) as x(key text) returning id, stream_id, key, kind, at)
       insert into outbox (change_id, stream_id, key, kind, at) select id, stream_id, key, kind, at from c`,
      [streamId, part, kind],
    );
  }
}

function duplicates(sim: NotionSimulator): number {
  const seen = new Map<string, number>();
  for (const p of sim.store.pages.values()) {
    if (!p.dataSourceId || p.inTrash) continue;
    const key = sim.store.plainProperties(p.id)['Sluice Key'] ?? '';
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen.values()].reduce((n, c) => n + (c - 1), 0);
}

interface Timed {
  s: PushSummary;
  ms: number;
  stats: ReturnType<NotionSimulator['counts']>;
  dups: number;
}

function phase({ s, ms: wallMs, stats, dups }: Timed, minimum: number, rate: number) {
  const failedBy429 = s.failures.filter((f) => f.status === 429 || f.code === 'upstream_rate_limited').length;
  return {
    records_pushed: s.pushed, failed: s.failed, calls: s.calls, simulator_requests: stats.requests, minimum_calls: minimum,
    calls_over_minimum: stats.requests - minimum, wall_s: +(wallMs / 1000).toFixed(1),
    physical_limit_s: +(stats.requests / rate).toFixed(1), wall_vs_limit: stats.requests ? +(wallMs / 1000 / (stats.requests / rate)).toFixed(3) : null,
    http_429s_seen: stats.rateLimited, records_failed_by_429: failedBy429, duplicates: dups,
  };
}

export async function run(opts: Record<string, string>): Promise<Record<string, unknown>> {
  const n = Number(opts.records ?? 10_000);
  const rate = Number(opts.rate ?? 3);
  const changedShare = Number(opts.changed ?? 0.01);
  const workers = Number(opts.workers ?? 3);
  const sim = createNotionSimulator({ rateLimit: { perSecond: rate, windowSeconds: 10 }, humanEditsPerStep: 0, writeHoldMs: 0 });
  const server = Fastify({ logger: false });
  await server.register(async (scope) => sim.register(scope, { clock: clock(), seed: 42 }), { prefix: '/notion' });
  const baseUrl = `${await server.listen({ port: 0, host: '127.0.0.1' })}/notion`;
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-bench-notion-'));
  const db = await openDatabase({ memory: true });
  const config = loadConfig({ SLUICE_DATA_DIR: dataDir, SLUICE_LOG_LEVEL: 'warn', SLUICE_SECRET_KEY: Buffer.alloc(32, 3).toString('base64') });
  const app = await createAppContext(config, { db });
  try {
    const { rows } = await app.db.query<{ id: number }>(
      `insert into streams (name, connector, primary_key, schema, sync_mode) values ('distributors', 'bench', '{id}', $1::jsonb, 'full_snapshot') returning id`,
      [JSON.stringify(schema)],
    );
    const streamId = rows[0]!.id;
    await insertRecords(app, streamId, Array.from({ length: n }, (_, i) => record(i)), 'created');
    const creds = sim.credentials();
    await createDestination(app.db, app.secrets, {
      name: 'bench-notion', kind: 'notion',
      config: { token: creds.token, parent_page_id: creds.parent_page_id, stream: 'distributors', base_url: baseUrl, title_field: 'name', human_owned: 'Notes', rate_per_second: rate, workers },
    });
    const timed = async (fn: () => Promise<PushSummary>): Promise<Timed> => {
      sim.reset();
      const t = performance.now();
      const s = await fn();
      const ms = performance.now() - t;
      return { s, ms, stats: sim.counts(), dups: duplicates(sim) };
    };
    process.stderr.write(`notion bench: ${n} records at ${rate} req/s (physical limit for the initial push ≈ ${((n + 1) / rate / 60).toFixed(1)} min)\n`);
    const initial = await timed(() => runPush(app, { destination: 'bench-notion' }));
    const noChange = await timed(() => runPush(app, { destination: 'bench-notion' }));
    const changed = Math.max(1, Math.round(n * changedShare));
    await insertRecords(app, streamId, Array.from({ length: changed }, (_, k) => record(Math.floor((k * n) / changed), 1)), 'updated');
    const onePercent = await timed(() => runPush(app, { destination: 'bench-notion' }));
    // Crash-resume: new records, the push is killed after about half of their creates, then run again.
    const extra = changed;
    await insertRecords(app, streamId, Array.from({ length: extra }, (_, k) => record(n + k)), 'created');
    const controller = new AbortController();
    sim.reset();
    const timer = setInterval(() => {
      if (sim.counts().requests >= Math.ceil(extra / 2)) controller.abort();
    }, 2);
    const killedAt = performance.now();
    const killed = await runPush(app, { destination: 'bench-notion', signal: controller.signal }).then(() => 'finished before the kill', (e: Error) => e.message);
    clearInterval(timer);
    const killedRequests = sim.counts().requests;
    const killedMs = performance.now() - killedAt;
    const resumed = await timed(() => runPush(app, { destination: 'bench-notion' }));
    return {
      run: rate === 3 ? 'real rate (3 req/s)' : `scaled: ${rate} req/s instead of Notion's 3 (simulator enforces the same rate)`,
      records: n, rate_per_second: rate, workers,
      initial_push: phase(initial, n + 1, rate),
      no_change_push: { calls: noChange.s.calls, simulator_requests: noChange.stats.requests, wall_s: +(noChange.ms / 1000).toFixed(2) },
      changed_push: { changed_records: changed, ...phase(onePercent, changed, rate) },
      crash_resume: {
        new_records: extra, killed: killed, requests_before_kill: killedRequests, killed_after_s: +(killedMs / 1000).toFixed(1),
        resume_requests: resumed.stats.requests, resume_pushed: resumed.s.pushed, http_429s_seen: resumed.stats.rateLimited,
        calls_total: killedRequests + resumed.stats.requests, minimum_calls: extra, duplicates: resumed.dups,
        pages_total: [...sim.store.pages.values()].filter((p) => p.dataSourceId && !p.inTrash).length, expected_pages: n + extra,
      },
    };
  } finally {
    await app.close();
    await db.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
