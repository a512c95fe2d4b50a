import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/load-config.js';
import type { SeededRandom } from '../../src/core/seeded-random.js';
import { createAppContext, type AppContext } from '../../src/main/app-context.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from '../support/databases.js';

const CHILD = join(import.meta.dirname, 'fixtures/fault-child.ts');

/**
 * A data folder and a database that child processes and the test share: PGlite in the folder (one process at a time:
 * the test opens it only while no child runs), or a throwaway database on the PostgreSQL server.
 */
export interface FaultWorld {
  readonly kind: DatabaseKind;
  readonly dir: string;
  /** The environment a Sluice process needs to open this world. */
  readonly env: Record<string, string>;
  /** Opens the application on the world, runs `fn`, closes it again (so a child can open a PGlite folder next). */
  withApp<T>(fn: (app: AppContext) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function createFaultWorld(kind: DatabaseKind, extraEnv: Record<string, string> = {}): Promise<FaultWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-faults-'));
  let tdb: TestDatabase | undefined;
  const env: Record<string, string> = { SLUICE_DATA_DIR: dir, SLUICE_LOG_LEVEL: 'silent', SLUICE_BATCH_SIZE: '500', SLUICE_DB_POOL_SIZE: '4', ...extraEnv };
  if (kind === 'postgres') {
    tdb = await createTestDatabase('postgres', { migrate: false });
    await tdb.db.close();
    env.SLUICE_DATABASE_URL = tdb.url!;
  }
  const config = loadConfig(env);
  const world: FaultWorld = {
    kind,
    dir,
    env,
    async withApp(fn) {
      const app = await createAppContext(config, { logger: pino({ level: 'silent' }) });
      try {
        return await fn(app);
      } finally {
        await app.close();
      }
    },
    async close() {
      if (tdb) {
        const { openDatabase } = await import('../../src/store/database.js');
        const admin = await openDatabase({ url: process.env.SLUICE_TEST_PG_URL!, poolSize: 1 });
        await admin.exec(`drop database if exists ${new URL(tdb.url!).pathname.slice(1)} with (force)`);
        await admin.close();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  // Migrate once up front: children open the world without migrating.
  await world.withApp(async () => undefined);
  return world;
}

export interface KillOutcome {
  /** True when the SIGKILL hit the running step; false when the step finished before the chosen moment. */
  readonly killed: boolean;
  readonly delayMs: number;
}

/**
 * Runs `step` in a child process and SIGKILLs it a seeded random time (0..windowMs) after the work started. A child
 * that fails on its own (exit code ≠ 0 without the kill) is an error: the fault is ours, not its.
 */
export async function killDuring(world: FaultWorld, step: string, rng: SeededRandom, windowMs: number): Promise<KillOutcome> {
  const delayMs = rng.int(0, Math.max(1, Math.round(windowMs)));
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, step], {
    env: { ...process.env, ...world.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let killed = false;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    const before = out;
    out += d.toString();
    if (!before.includes('start\n') && out.includes('start\n')) {
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) {
          killed = true;
          child.kill('SIGKILL');
        }
      }, delayMs);
    }
  });
  const code = await exited;
  if (!killed && code !== 0) throw new Error(`fault child "${step}" failed on its own (exit ${code}):\n${err.slice(-4000)}\n${out.slice(-2000)}`);
  return { killed, delayMs };
}

/** Milliseconds `fn` takes (the kill window of the next trial is drawn from the last complete run's duration). */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}
