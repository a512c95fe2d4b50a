/**
 * How hard the fault suite pushes. `npm test` runs the short version (the defaults here); `npm run test:faults`
 * (scripts/test-faults.mjs) runs the same files with the counts: 50 trials per scenario, 50 000 CSV rows.
 */
function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

/** Trials per SIGKILL scenario and database (short: 2). */
export const FAULT_TRIALS = positiveInt('SLUICE_FAULT_TRIALS', 2);
/** Rows of the CSV killed mid-sync (short: 3 000). */
export const FAULT_CSV_ROWS = positiveInt('SLUICE_FAULT_CSV_ROWS', 3_000);
/** Seed of every random kill point, so a failing trial can be replayed (`SLUICE_FAULT_SEED=… npm run test:faults`). */
export const FAULT_SEED = positiveInt('SLUICE_FAULT_SEED', 1_417);
/** Generated inputs per property (short: 200). */
export const FAULT_PROPERTY_RUNS = positiveInt('SLUICE_FAULT_PROPERTY_RUNS', 200);

/** A test timeout that grows with the trial count: `perTrialMs` per trial on top of `baseMs`. */
export function trialTimeout(perTrialMs: number, baseMs = 120_000): number {
  return baseMs + FAULT_TRIALS * perTrialMs;
}
