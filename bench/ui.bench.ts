/**
 * `npm run bench -- ui [--rows 1000000] [--reps 7] [--pg-url URL]`: the Data page over a stream of N records on
 * PostgreSQL, in Chromium against the real server and web build. Measures, in the page's own clock, the time from
 * navigation to the first 50 rows drawn: (a) a full page load of /data/bench (navigation start → 50 rows), (b) an
 * in-app navigation (click on the stream in Data → 50 rows). Yardsticks measured in the same run: the target (500 ms)
 * and the two API calls the page needs (first page of records; stream detail with counts), timed from Node.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createServer } from '../src/api/create-server.js';
import { createUser } from '../src/auth/user-store.js';
import { loadConfig } from '../src/config/load-config.js';
import { createAppContext } from '../src/main/app-context.js';
import { createLogger } from '../src/observability/logger.js';
import { openDatabase } from '../src/store/database.js';
import { migrate } from '../src/store/migrate.js';
import { seedBenchStream } from './seed-bench-stream.js';
import { freshPgDatabase } from './fresh-pg-database.js';

const TARGET_MS = 500;
const CHROMIUM = '/usr/bin/chromium';
const WEB_DIST = join(import.meta.dirname, '..', 'web', 'dist');
const PASSWORD = 'bench password 123';

function stats(xs: number[]): { median: number; p90: number; min: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  const r = (x: number) => Math.round(x * 10) / 10;
  return { median: r(at(0.5)), p90: r(at(0.9)), min: r(s[0] ?? NaN), max: r(s[s.length - 1] ?? NaN) };
}

// Runs in the page (a string, as this file has no DOM types): notes when the records table first holds 50 rows, and
// when the last click happened, both on the page's performance clock (0 = navigation start).
const WATCH = `
  window.__rows50 = undefined;
  window.__clickAt = undefined;
  document.addEventListener('click', () => { window.__clickAt = performance.now(); window.__rows50 = undefined; }, true);
  new MutationObserver(() => {
    if (window.__rows50 !== undefined) return;
    const t = [...document.querySelectorAll('table')].find((x) => x.querySelector('caption')?.textContent === 'Records of bench');
    if (t && t.querySelectorAll('tbody tr').length >= 50) window.__rows50 = performance.now();
  }).observe(document, { childList: true, subtree: true });
`;

export async function run(opts: Record<string, string>): Promise<Record<string, unknown>> {
  const rows = Number(opts.rows ?? 1_000_000);
  const reps = Number(opts.reps ?? 7);
  const pgBase = opts['pg-url'] ?? process.env.SLUICE_TEST_PG_URL ?? process.env.SLUICE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error('no web build: run node scripts/build-web.mjs first');
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}`);
  const pg = await freshPgDatabase(pgBase, 'sluice_bench_ui');
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-bench-ui-'));
  const db = await openDatabase({ url: pg.url, poolSize: 10 });
  try {
    await migrate(db);
    const t0 = performance.now();
    await seedBenchStream(db, rows);
    await db.query('analyze records');
    const loadSeconds = (performance.now() - t0) / 1000;

    const config = loadConfig({ SLUICE_DATA_DIR: dataDir, SLUICE_LOG_LEVEL: 'silent', SLUICE_RATE_LIMIT_PER_MINUTE: '1000000', SLUICE_DATABASE_URL: pg.url });
    const app = await createAppContext(config, { db, migrate: false, logger: createLogger({ level: 'silent', pretty: false }) });
    const server = await createServer(app, { web: { dir: WEB_DIST } });
    const address = await server.listen({ port: 0, host: '127.0.0.1' });
    await createUser(db, { email: 'bench@example.com', password: PASSWORD, role: 'operator' });
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addInitScript(WATCH);
      const page = await context.newPage();
      await page.goto(address);
      await page.getByLabel('Email').fill('bench@example.com');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('main#main').waitFor();
      // A function, not a string: the server's CSP forbids eval in the page.
      const rows50 = () => page.waitForFunction(() => (globalThis as { __rows50?: number }).__rows50 !== undefined, undefined, { timeout: 60_000, polling: 50 });

      // Warm-up: the first visit compiles the explorer's chunk and fills the database's caches.
      await page.goto(`${address}/data/bench`);
      await rows50();
      const fullLoad: number[] = [];
      const inApp: number[] = [];
      for (let i = 0; i < reps; i++) {
        await page.goto(`${address}/data/bench`);
        await rows50();
        fullLoad.push(await page.evaluate<number>('window.__rows50'));
        await page.goto(`${address}/data`);
        const link = page.getByRole('link', { name: 'bench', exact: true });
        await link.waitFor();
        await link.click();
        await rows50();
        inApp.push(await page.evaluate<number>('window.__rows50 - window.__clickAt'));
      }
      // The yardstick: the same two API calls from Node, with the page's session cookies.
      const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
      const timeCall = async (path: string) => {
        const t = performance.now();
        const res = await fetch(`${address}${path}`, { headers: { cookie } });
        if (!res.ok) throw new Error(`${path}: ${res.status}`);
        await res.arrayBuffer();
        return performance.now() - t;
      };
      const recordsApi: number[] = [];
      const detailApi: number[] = [];
      for (let i = 0; i < reps; i++) {
        recordsApi.push(await timeCall('/api/v1/streams/bench/records?status=active&limit=50'));
        detailApi.push(await timeCall('/api/v1/streams/bench'));
      }
      const full = stats(fullLoad);
      const nav = stats(inApp);
      return {
        rows,
        reps,
        fixture_load_seconds: Math.round(loadSeconds * 10) / 10,
        first_50_rows_ms: { full_page_load: full, in_app_navigation: nav },
        yardsticks_ms: { target: TARGET_MS, api_records_first_page: stats(recordsApi), api_stream_detail_with_counts: stats(detailApi) },
        ratios: {
          full_page_load_median_vs_target: Math.round((full.median / TARGET_MS) * 100) / 100,
          in_app_navigation_median_vs_target: Math.round((nav.median / TARGET_MS) * 100) / 100,
          in_app_navigation_median_vs_records_api: Math.round((nav.median / stats(recordsApi).median) * 100) / 100,
        },
        within_target: full.p90 <= TARGET_MS && nav.p90 <= TARGET_MS,
      };
    } finally {
      await browser.close();
      await server.close();
      await app.close();
    }
  } finally {
    await db.close().catch(() => undefined);
    await pg.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
