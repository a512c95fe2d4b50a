import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { installPack } from '../../src/packs/install-pack.js';
import { listResources } from '../../src/packs/pack-state.js';
import { metricsRegistry } from '../../src/observability/metrics-registry.js';
import { createHooksSimulator } from '../../src/sandbox/hooks/hooks.simulator.js';
import { NotionSimulator } from '../../src/sandbox/notion/notion.simulator.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import type { FaultSpec } from '../../src/sandbox/fault-spec.js';
import { createUiSimulator, type UiSimulator } from '../../src/sandbox/ui/ui.simulator.js';
import { createConnection } from '../../src/store/connection-store.js';
import { describeEachDatabase } from '../support/databases.js';
import { FAULT_TRIALS, trialTimeout } from './fault-config.js';
import { addCounts, sourceMismatches, streamInvariants } from './fault-invariants.js';
import { emptyRow, reportFaultRow } from './fault-report.js';
import { runFaultStep } from './fault-steps.js';
import { createFaultWorld, type FaultWorld } from './fault-world.js';
import { notionInvariants, uiExpected } from './pack-checks.js';

/** Every kind of upstream trouble at once, each on a share of the requests to every stormed simulator. */
function storm(prefix: string): FaultSpec[] {
  return [
    { prefix, kind: 'rate_limit', retryAfter: 1, retryAfterFormat: 'seconds', rate: 0.04 },
    { prefix, kind: 'rate_limit', retryAfter: 1, retryAfterFormat: 'http-date', rate: 0.04 },
    { prefix, kind: 'rate_limit', retryAfterFormat: 'none', rate: 0.04 },
    { prefix, kind: 'error', status: 500, rate: 0.04 },
    { prefix, kind: 'error', status: 503, retryAfter: 1, rate: 0.04 },
    { prefix, kind: 'delay', delayMs: 3_000, rate: 0.02 },
    { prefix, kind: 'reset', rate: 0.03 },
    { prefix, kind: 'malformed_json', rate: 0.03 },
    { prefix, kind: 'truncated', rate: 0.03 },
    { prefix, kind: 'unauthorized', reason: 'expired', rate: 0.01 },
  ];
}

const breakerStates = async () =>
  Object.fromEntries(((await metricsRegistry.getSingleMetric('sluice_upstream_breaker_state')?.get())?.values ?? [])
    .map((v) => [String(v.labels.upstream), v.value]));

/**
 * Upstream storms on the ui.com and Notion simulators at once (429 with every Retry-After form, 5xx, timeouts, resets,
 * malformed and truncated bodies, 401) while a healthy connection (a CSV file) syncs next to them. Every run's status
 * must be true (a `succeeded` sync stored exactly what the simulator lists, a `succeeded` push left Notion as stored:
 * a false success counts as lost), the healthy connection is untouched, a hard outage opens the breaker and it
 * closes again once the upstream heals, and a clean pack run afterwards restores every invariant.
 */
describeEachDatabase('faults: upstream storms on every simulator at once', (kind) => {
  let world: FaultWorld;
  let sandbox: Sandbox;
  let ui: UiSimulator;
  let notion: NotionSimulator;
  const everSeen = new Set<string>();
  const names = { sync: '', push: '' };

  beforeAll(async () => {
    ui = createUiSimulator();
    notion = new NotionSimulator({ rateLimit: false, humanEditsPerStep: 0 });
    sandbox = await createSandbox({ simulators: [notion, ui, createHooksSimulator()] });
    const url = await sandbox.listen(0);
    world = await createFaultWorld(kind, {
      SLUICE_HTTP_TIMEOUT_MS: '1500', SLUICE_HTTP_RETRIES: '3', SLUICE_BREAKER_FAILURES: '3',
      SLUICE_BREAKER_HALF_OPEN_MS: '500', SLUICE_BREAKER_SUCCESSES: '1',
    });
    writeFileSync(join(world.dir, 'healthy.csv'), `id,name\n${Array.from({ length: 500 }, (_, i) => `${i},n${i}`).join('\n')}\n`);
    await world.withApp(async (app) => {
      const r = await installPack(app, 'unifi-channels', { sandbox: { url, credentials: sandbox.credentials() }, set: { 'ui.removal_misses': '1', 'notion.rate_per_second': '1000' } });
      expect(r.status).toBe('installed');
      const res = await listResources(app.db, 'unifi-channels');
      names.sync = res.find((x) => x.kind === 'connection')!.name;
      names.push = res.find((x) => x.kind === 'destination' && x.part === 'notion')!.name;
      await createConnection(app.db, app.secrets, { name: 'healthy', connector: 'csv', config: { path: join(world.dir, 'healthy.csv'), stream: 'healthy', key: 'id' } });
    });
  }, 300_000);
  afterAll(async () => {
    await world?.close();
    await sandbox?.close();
  });

  it(`${FAULT_TRIALS} stormy pack runs: every status true, the healthy connection untouched, breakers open and close`, async () => {
    const row = emptyRow('upstream storm (ui.com + Notion)', kind);
    const statuses: string[] = [];
    await world.withApp(async (app) => {
      sandbox.faults.set([...storm('ui'), ...storm('notion')]);
      for (let t = 0; t < FAULT_TRIALS; t++) {
        sandbox.clock.advance({ steps: 1 });
        const s = await runFaultStep(app, 'pack:unifi-channels');
        row.trials++;
        const steps = s.detail as { kind: string; status: string; error?: string }[];
        statuses.push(steps.map((x) => `${x.kind}:${x.status}`).join(' '));
        if (steps.some((x) => x.status !== 'succeeded')) row.kills++;
        // A sync that says succeeded stored exactly what the simulator lists; a push that says succeeded left Notion
        // as stored. Failures are honest by construction (they claim nothing); partial syncs keep the cursor.
        const sync = steps.find((x) => x.kind === 'sync');
        if (sync?.status === 'succeeded') row.lost += await sourceMismatches(app.db, 'distributors', uiExpected(ui, sandbox.clock.step, everSeen));
        else uiExpected(ui, sandbox.clock.step, everSeen);
        const push = steps.find((x) => x.kind === 'push');
        if (sync?.status === 'succeeded' && push?.status === 'succeeded') addCounts(row, await notionInvariants(app, notion, names.push));
        // The healthy connection next to the storm: unaffected.
        const healthy = await runFaultStep(app, 'sync:healthy');
        expect(healthy.status).toBe('succeeded');
        addCounts(row, await streamInvariants(app.db, 'healthy'));
      }
      // A hard outage: the breaker opens, the run fails (and says so), then heals and closes.
      sandbox.faults.clear();
      sandbox.faults.set({ prefix: 'ui', kind: 'error', status: 503 });
      const down = await runFaultStep(app, `sync:${names.sync}`);
      expect(down.status).not.toBe('succeeded');
      const open = await breakerStates();
      expect(Object.values(open), JSON.stringify(open)).toContain(2);
      sandbox.faults.clear();
      await new Promise((r) => setTimeout(r, 700));
      const healed = await runFaultStep(app, 'pack:unifi-channels');
      expect(healed.status, JSON.stringify(healed.detail)).toBe('succeeded');
      const closed = await breakerStates();
      expect(Object.values(closed).every((v) => v === 0), JSON.stringify(closed)).toBe(true);
      addCounts(row, await streamInvariants(app.db, 'distributors', uiExpected(ui, sandbox.clock.step, everSeen)));
      addCounts(row, await notionInvariants(app, notion, names.push));
    });
    reportFaultRow(row);
    console.log(`storm step statuses:\n${statuses.join('\n')}`);
    expect({ lost: row.lost, duplicated: row.duplicated, cursorAhead: row.cursorAhead }).toEqual({ lost: 0, duplicated: 0, cursorAhead: 0 });
  }, trialTimeout(120_000));
});
