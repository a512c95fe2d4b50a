import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type SluiceServer } from '../../src/api/create-server.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createAppContext, type AppContext } from '../../src/main/app-context.js';
import { runSync } from '../../src/pipeline/run-sync.js';
import { createConnection } from '../../src/store/connection-store.js';
import { FAULT_CSV_ROWS, FAULT_TRIALS, trialTimeout } from './fault-config.js';
import { addCounts, cursorAheadAfterKill, lastStateRun, streamInvariants, type ExpectedStream } from './fault-invariants.js';
import { emptyRow, reportFaultRow } from './fault-report.js';
import { postgresBin, startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';

const BIN = postgresBin();

/**
 * The PostgreSQL server restarted (`pg_ctl restart -m immediate`: killed, no checkpoint, crash recovery on start)
 * while a CSV sync writes. The run must end (failed, or succeeded if it got through) rather than hang or half-commit;
 * readiness answers 503 while the server is down and 200 again by itself (same process, same pool); the next run
 * completes with every invariant. On a private cluster, never the shared server.
 */
describe.skipIf(!BIN)('faults: PostgreSQL restarted mid-run', () => {
  let pg: PrivatePostgres;
  let app: AppContext;
  let server: SluiceServer;
  let dir: string;
  const rows = new Map<string, number>();
  const expected = (): ExpectedStream => ({ field: 'version', active: new Map([...rows].map(([k, v]) => [k, String(v)])) });

  beforeAll(async () => {
    pg = await startPrivatePostgres(BIN!);
    dir = mkdtempSync(join(tmpdir(), 'sluice-restart-'));
    const config = loadConfig({ SLUICE_DATA_DIR: dir, SLUICE_DATABASE_URL: pg.url, SLUICE_LOG_LEVEL: 'silent', SLUICE_BATCH_SIZE: '500', SLUICE_DB_POOL_SIZE: '4' });
    app = await createAppContext(config, { logger: pino({ level: 'silent' }) });
    server = await createServer(app);
    for (let i = 0; i < FAULT_CSV_ROWS; i++) rows.set(String(i), 0);
    await createConnection(app.db, app.secrets, { name: 'big', connector: 'csv', config: { path: join(dir, 'big.csv'), stream: 'big', key: 'id', types: 'version:integer' } });
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    await app?.close();
    await pg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const writeCsv = () => writeFileSync(join(dir, 'big.csv'), `id,name,version\n${[...rows].map(([k, v]) => `${k},name ${k},${v}`).join('\n')}\n`);
  const ready = async () => (await server.inject({ url: '/health/ready' })).statusCode;

  it(`${FAULT_TRIALS} restarts during a sync: the run ends cleanly, readiness goes 503 and recovers alone, the next run completes`, async () => {
    const row = emptyRow(`PostgreSQL restart, CSV ${FAULT_CSV_ROWS} rows`, 'postgres (private)');
    const outcomes: string[] = [];
    let sawNotReady = 0;
    for (let t = 0; t < FAULT_TRIALS; t++) {
      for (const [k, v] of rows) rows.set(k, v + 1); // every record changes: the run writes all the way through
      writeCsv();
      const before = await lastStateRun(app.db, 'big');
      expect(await ready()).toBe(200);
      let firstBatch!: () => void;
      const batched = new Promise<void>((r) => (firstBatch = r));
      const sync = runSync(app, { connection: 'big', trigger: 'faults', onProgress: () => firstBatch() });
      // Ends with a status, or throws the database error when it cannot even record its failure (the run row stays
      // `running` until its stale heartbeat fails it: failStaleRunsOf).
      const settled = sync.then((s) => s.status, (e: Error) => `threw: ${e.message}`);
      await Promise.race([batched, settled]);
      // Restart while the run writes; probe readiness meanwhile.
      const restarting = pg.restartImmediate();
      let restarted = false;
      void restarting.then(() => (restarted = true));
      const probes: number[] = [];
      while (!restarted) {
        probes.push(await ready());
        await new Promise((r) => setTimeout(r, 50));
      }
      await restarting;
      row.trials++;
      if (probes.includes(503)) {
        row.kills++;
        sawNotReady++;
      }
      outcomes.push(await settled);
      // Recovers by itself: the same process and pool answer 200 again within a few seconds.
      let status = 0;
      for (let i = 0; i < 100 && status !== 200; i++) {
        status = await ready();
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(200);
      row.cursorAhead += await cursorAheadAfterKill(app.db, 'big', before, expected());
      const next = await runSync(app, { connection: 'big', trigger: 'faults' });
      expect(next.status).toBe('succeeded');
      addCounts(row, await streamInvariants(app.db, 'big', expected()));
    }
    reportFaultRow(row);
    console.log(`restart outcomes of the interrupted runs: ${outcomes.join(', ')}`);
    // A run interrupted by the restart ends failed (or succeeded, when it committed before the server went away), or
    // throws the connection error: never a hang, never an unhandled error event (that one crashed the process).
    for (const o of outcomes) expect(o).toMatch(/^(failed|succeeded|threw: .*(ECONNREFUSED|terminat|shutdown|connect).*)$/i);
    expect(sawNotReady).toBeGreaterThan(0);
    expect({ lost: row.lost, duplicated: row.duplicated, cursorAhead: row.cursorAhead }).toEqual({ lost: 0, duplicated: 0, cursorAhead: 0 });
  }, trialTimeout(60_000));
});
