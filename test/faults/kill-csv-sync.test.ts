import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SeededRandom } from '../../src/core/seeded-random.js';
import { createConnection } from '../../src/store/connection-store.js';
import { describeEachDatabase } from '../support/databases.js';
import { FAULT_CSV_ROWS, FAULT_SEED, FAULT_TRIALS, trialTimeout } from './fault-config.js';
import { addCounts, cursorAheadAfterKill, lastStateRun, streamInvariants, type ExpectedStream } from './fault-invariants.js';
import { emptyRow, reportFaultRow } from './fault-report.js';
import { runFaultStep } from './fault-steps.js';
import { createFaultWorld, killDuring, timed, type FaultWorld } from './fault-world.js';

/**
 * SIGKILL of a CSV sync at a seeded random point, FAULT_TRIALS times: before each trial the file changes (about 5 % of
 * rows updated, 1 % new keys, 0.5 % keys dropped), a child process syncs it and is killed, then a complete run must
 * leave every record current, one `created` per key, no duplicate change rows, one outbox event per change, and the
 * killed run must not have committed a state its records do not back.
 */
describeEachDatabase('faults: SIGKILL of a CSV sync', (kind) => {
  let world: FaultWorld;
  const rng = SeededRandom.salted(FAULT_SEED, kind === 'postgres' ? 2 : 1);
  const rows = new Map<string, number>(); // key → version
  const gone = new Set<string>();
  let nextKey = 0;
  let path: string;

  const writeCsv = () => {
    const lines = ['id,name,version'];
    for (const [key, v] of rows) lines.push(`${key},name ${key},${v}`);
    writeFileSync(path, `${lines.join('\n')}\n`);
  };
  const expected = (): ExpectedStream => ({ field: 'version', active: new Map([...rows].map(([k, v]) => [k, String(v)])), gone });
  const mutate = () => {
    for (const key of [...rows.keys()]) {
      const roll = rng.next();
      if (roll < 0.05) rows.set(key, (rows.get(key) ?? 0) + 1);
      else if (roll < 0.055) {
        rows.delete(key);
        gone.add(key);
      }
    }
    for (let i = 0; i < Math.ceil(FAULT_CSV_ROWS / 100); i++) rows.set(String(nextKey++), 0);
  };

  beforeAll(async () => {
    world = await createFaultWorld(kind, { SLUICE_BATCH_SIZE: '1000' });
    path = join(world.dir, 'big.csv');
    for (; nextKey < FAULT_CSV_ROWS; nextKey++) rows.set(String(nextKey), 0);
    writeCsv();
    await world.withApp((app) => createConnection(app.db, app.secrets, {
      name: 'big', connector: 'csv', config: { path, stream: 'big', key: 'id', types: 'version:integer' },
    }));
  }, 120_000);
  afterAll(async () => world?.close());

  it(`${FAULT_TRIALS} kills at random points, each followed by a complete run that restores every invariant`, async () => {
    let before: string | null = null;
    let windowMs = await world.withApp(async (app) => {
      const first = await timed(() => runFaultStep(app, 'sync:big'));
      expect(first.value.status).toBe('succeeded');
      before = await lastStateRun(app.db, 'big');
      return first.ms;
    });
    const row = emptyRow(`CSV sync, ${FAULT_CSV_ROWS} rows`, kind);
    for (let t = 0; t < FAULT_TRIALS; t++) {
      mutate();
      writeCsv();
      const kill = await killDuring(world, 'sync:big', rng, windowMs * 1.5);
      row.trials++;
      if (kill.killed) row.kills++;
      windowMs = await world.withApp(async (app) => {
        row.cursorAhead += await cursorAheadAfterKill(app.db, 'big', before, expected());
        const done = await timed(() => runFaultStep(app, 'sync:big'));
        expect(done.value.status, JSON.stringify(done.value.detail)).toBe('succeeded');
        addCounts(row, await streamInvariants(app.db, 'big', expected()));
        before = await lastStateRun(app.db, 'big');
        return done.ms;
      });
    }
    reportFaultRow(row);
    expect(row.kills).toBeGreaterThan(0);
    expect({ lost: row.lost, duplicated: row.duplicated, cursorAhead: row.cursorAhead }).toEqual({ lost: 0, duplicated: 0, cursorAhead: 0 });
  }, trialTimeout(120_000));
});
