import { afterAll, beforeAll, expect, it } from 'vitest';
import { SeededRandom } from '../../src/core/seeded-random.js';
import type { AppContext } from '../../src/main/app-context.js';
import { installPack } from '../../src/packs/install-pack.js';
import { listResources } from '../../src/packs/pack-state.js';
import { createHooksSimulator } from '../../src/sandbox/hooks/hooks.simulator.js';
import { NotionSimulator } from '../../src/sandbox/notion/notion.simulator.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { createUiSimulator, type UiSimulator } from '../../src/sandbox/ui/ui.simulator.js';
import { describeEachDatabase } from '../support/databases.js';
import { FAULT_SEED, FAULT_TRIALS, trialTimeout } from './fault-config.js';
import { addCounts, cursorAheadAfterKill, lastStateRun, streamInvariants, type InvariantCounts } from './fault-invariants.js';
import { emptyRow, reportFaultRow, type FaultRow } from './fault-report.js';
import { runFaultStep } from './fault-steps.js';
import { createFaultWorld, killDuring, timed, type FaultWorld } from './fault-world.js';
import { notionCursorAhead, notionInvariants, resolutionCursorAhead, resolutionInvariants, uiExpected } from './pack-checks.js';

/**
 * SIGKILL at seeded random points of every step of the unifi-channels pack against the simulators: the ui.com sync,
 * the Notion push, the company resolution, the companies model refresh and the whole pack run. Before each trial the
 * simulated world moves one step (new, changed and vanished distributors), the work that feeds the killed step runs
 * to completion, the step runs in a child process and is killed, then it runs to completion in the test and every
 * invariant is checked: records current, one `created` per key, no duplicate change rows, outbox events complete and
 * drained, no duplicate Notion page, every distributor resolved, and nothing the killed run committed ahead of its data.
 */
describeEachDatabase('faults: SIGKILL of the pack steps', (kind) => {
  let world: FaultWorld;
  let sandbox: Sandbox;
  let ui: UiSimulator;
  let notion: NotionSimulator;
  const everSeen = new Set<string>();
  const names = { sync: '', push: '', model: '' };
  const rng = SeededRandom.salted(FAULT_SEED, kind === 'postgres' ? 12 : 11);

  beforeAll(async () => {
    ui = createUiSimulator();
    notion = new NotionSimulator({ rateLimit: false, humanEditsPerStep: 0 });
    sandbox = await createSandbox({ simulators: [notion, ui, createHooksSimulator()] });
    const url = await sandbox.listen(0);
    world = await createFaultWorld(kind);
    await world.withApp(async (app) => {
      const r = await installPack(app, 'unifi-channels', {
        sandbox: { url, credentials: sandbox.credentials() },
        set: { 'ui.removal_misses': '1', 'notion.rate_per_second': '1000' },
      });
      expect(r.status).toBe('installed');
      const res = await listResources(app.db, 'unifi-channels');
      names.sync = res.find((x) => x.kind === 'connection')!.name;
      names.push = res.find((x) => x.kind === 'destination' && x.part === 'notion')!.name;
      names.model = res.find((x) => x.kind === 'model')!.name;
      const first = await runFaultStep(app, 'pack:unifi-channels');
      expect(first.status, JSON.stringify(first.detail)).toBe('succeeded');
    });
  }, 300_000);
  afterAll(async () => {
    await world?.close();
    await sandbox?.close();
  });

  /** The invariants of the pack's data after complete runs of the steps named. */
  const invariants = (...parts: ('distributors' | 'resolution' | 'companies' | 'notion')[]) => async (app: AppContext): Promise<InvariantCounts> => {
    const c: InvariantCounts = { lost: 0, duplicated: 0, cursorAhead: 0 };
    if (parts.includes('distributors')) addCounts(c, await streamInvariants(app.db, 'distributors', uiExpected(ui, sandbox.clock.step, everSeen)));
    if (parts.includes('resolution')) addCounts(c, await resolutionInvariants(app.db));
    if (parts.includes('companies')) addCounts(c, await streamInvariants(app.db, 'companies'));
    if (parts.includes('notion')) addCounts(c, await notionInvariants(app, notion, names.push));
    return c;
  };

  interface Scenario {
    readonly title: string;
    readonly step: () => string;
    /** The complete runs that feed the killed step (they are not killed). */
    readonly before: readonly (() => string)[];
    /** What the killed run may have committed ahead of its data (checked right after the kill). */
    readonly ahead: (app: AppContext, stateBefore: { distributors: string | null; companies: string | null }) => Promise<number>;
    /** The invariants after the completing run. */
    readonly check: (app: AppContext) => Promise<InvariantCounts>;
  }

  const sync = () => `sync:${names.sync}`;
  const resolve = () => 'resolve:unifi-channels/company';
  const model = () => `model:${names.model}`;
  const push = () => `push:${names.push}`;
  const distributorsAhead = (app: AppContext, before: string | null) =>
    cursorAheadAfterKill(app.db, 'distributors', before, uiExpected(ui, sandbox.clock.step, everSeen));

  const scenarios: Scenario[] = [
    { title: 'ui.com sync', step: sync, before: [], ahead: (app, b) => distributorsAhead(app, b.distributors), check: invariants('distributors') },
    {
      title: 'Notion push', step: push, before: [sync],
      ahead: (app) => notionCursorAhead(app, notion, names.push),
      check: invariants('notion'),
    },
    { title: 'resolution run', step: resolve, before: [sync], ahead: (app) => resolutionCursorAhead(app.db), check: invariants('resolution') },
    { title: 'model refresh', step: model, before: [sync, resolve], ahead: () => Promise.resolve(0), check: invariants('companies') },
    {
      title: 'pack run', step: () => 'pack:unifi-channels', before: [],
      ahead: async (app, b) => (await distributorsAhead(app, b.distributors)) + (await resolutionCursorAhead(app.db)),
      check: invariants('distributors', 'resolution', 'companies', 'notion'),
    },
  ];

  const rows: FaultRow[] = [];
  afterAll(() => {
    for (const r of rows) reportFaultRow(r);
  });

  for (const s of scenarios) {
    it(`${s.title}: ${FAULT_TRIALS} kills at random points, each followed by a complete run that restores every invariant`, async () => {
      const row = emptyRow(s.title, kind);
      rows.push(row);
      let windowMs = 0;
      let stateBefore = { distributors: null as string | null, companies: null as string | null };
      // The window of the first kill: one complete run of the step on unchanged data would be too short, so the
      // world moves first and the step is timed on real work.
      for (let t = 0; t <= FAULT_TRIALS; t++) {
        sandbox.clock.advance({ steps: 1 });
        await world.withApp(async (app) => {
          for (const b of s.before) {
            const r = await runFaultStep(app, b());
            expect(r.status, JSON.stringify(r.detail)).toBe('succeeded');
          }
          stateBefore = { distributors: await lastStateRun(app.db, 'distributors'), companies: await lastStateRun(app.db, 'companies') };
        });
        if (t > 0) {
          const kill = await killDuring(world, s.step(), rng, windowMs * 1.5);
          row.trials++;
          if (kill.killed) row.kills++;
        }
        await world.withApp(async (app) => {
          if (t > 0) row.cursorAhead += await s.ahead(app, stateBefore);
          const done = await timed(() => runFaultStep(app, s.step()));
          expect(done.value.status, JSON.stringify(done.value.detail)).toBe('succeeded');
          windowMs = done.ms;
          if (t > 0) addCounts(row, await s.check(app));
        });
      }
      expect(row.kills).toBeGreaterThan(0);
      expect({ lost: row.lost, duplicated: row.duplicated, cursorAhead: row.cursorAhead }).toEqual({ lost: 0, duplicated: 0, cursorAhead: 0 });
    }, trialTimeout(90_000));
  }
});
