import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.js';

const ROOT = join(import.meta.dirname, '../..');
const ROWS = 20_000;

function sluice(args: string[], env: Record<string, string>): ReturnType<typeof spawn> {
  return spawn(process.execPath, [join(ROOT, 'bin/sluice'), ...args], {
    env: { ...process.env, SLUICE_LOG_LEVEL: 'warn', SLUICE_BATCH_SIZE: '1000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function finish(p: ReturnType<typeof spawn>): Promise<{ code: number | null; out: string }> {
  let out = '';
  p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => p.on('exit', (code) => resolve({ code, out })));
}

describeEachDatabase('a sync killed with SIGKILL', (kind) => {
  let dir: string;
  let tdb: TestDatabase | undefined;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-kill-'));
    const rows = Array.from({ length: ROWS }, (_, i) => `${i},name ${i},${i % 97}`);
    writeFileSync(join(dir, 'big.csv'), ['id,name,bucket', ...rows].join('\n'));
    env = { SLUICE_DATA_DIR: dir };
    if (kind === 'postgres') {
      tdb = await createTestDatabase('postgres');
      env.SLUICE_DATABASE_URL = tdb.url!;
    }
  });
  afterAll(async () => {
    await tdb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves records, changes, outbox and cursor consistent, and the next run completes without duplicates', async () => {
    const add = await finish(sluice(['connection', 'add', 'big', '--connector', 'csv', '--set', `path=${join(dir, 'big.csv')}`, '--set', 'stream=big', '--set', 'key=id'], env));
    expect(add.code).toBe(0);
    const child = sluice(['sync', 'big'], env);
    // Kill as soon as the first batch has committed (its progress line arrives after the commit).
    await new Promise<void>((resolve) => {
      child.stderr!.on('data', (d: Buffer) => {
        if (d.toString().includes('"progress"')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((r) => child.on('exit', r));
    let db: Database | undefined = tdb?.db;
    if (kind === 'pglite') db = await openDatabase({ dataDir: dir });
    try {
      const q = async (sql: string) => (await db!.query<{ n: number }>(sql)).rows[0]!.n;
      const records = await q('select count(*)::int as n from records');
      expect(records).toBeGreaterThan(0);
      expect(records).toBeLessThan(ROWS);
      expect(records % 1000).toBe(0); // whole batches only
      expect(await q('select count(*)::int as n from changes')).toBe(records);
      expect(await q('select count(*)::int as n from outbox')).toBe(records);
      expect(await q('select count(*)::int as n from stream_state where last_complete_run_at is not null')).toBe(0);
    } finally {
      if (kind === 'pglite') await db!.close();
    }
    const again = await finish(sluice(['sync', 'big', '--json'], env));
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.out.trim()) as { status: string; streams: { big: { created: number; unchanged: number } } };
    expect(summary.status).toBe('succeeded');
    expect(summary.streams.big.created + summary.streams.big.unchanged).toBe(ROWS);
    if (kind === 'pglite') db = await openDatabase({ dataDir: dir });
    try {
      const q = async (sql: string) => (await db!.query<{ n: number }>(sql)).rows[0]!.n;
      expect(await q('select count(*)::int as n from records')).toBe(ROWS);
      expect(await q("select count(*)::int as n from changes where kind = 'created'")).toBe(ROWS);
      expect(await q('select count(*)::int as n from (select key from changes group by key having count(*) > 1) d')).toBe(0);
    } finally {
      if (kind === 'pglite') await db!.close();
    }
  }, 180_000);
});
