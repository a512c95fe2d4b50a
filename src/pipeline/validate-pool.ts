import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Piscina } from 'piscina';
import { validateRows, type RowOutcome, type ValidateJob } from './validate-rows.js';

// Batches this small are validated inline: handing them to a thread costs more than it saves.
const MIN_ROWS_OFF_THREAD = 500;

let pool: Piscina | undefined;

/** The worker module: compiled JavaScript when built, else the TypeScript source loaded through tsx. */
function workerOptions(): { filename: string; execArgv: string[] } {
  const js = new URL('./validate-worker.js', import.meta.url);
  if (existsSync(js)) return { filename: js.href, execArgv: [] };
  // Resolved from this package, so a process started outside the checkout still finds the loader.
  const tsx = createRequire(import.meta.url).resolve('tsx');
  return { filename: new URL('./validate-worker.ts', import.meta.url).href, execArgv: ['--import', `file://${tsx}`] };
}

/**
 * Validates a batch in the shared worker-thread pool when `threads` > 0 (the pipeline's CPU work then runs beside
 * the database's instead of in front of it), inline otherwise. Threads start on first use and exit when idle.
 */
export function validateRowsPooled(job: ValidateJob, threads: number): Promise<RowOutcome[]> {
  if (threads <= 0 || job.rows.length < MIN_ROWS_OFF_THREAD) return Promise.resolve(validateRows(job));
  pool ??= new Piscina({ ...workerOptions(), minThreads: 0, maxThreads: threads, idleTimeout: 2_000, resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 96 } });
  return pool.run(job) as Promise<RowOutcome[]>;
}
