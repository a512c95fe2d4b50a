import { runPush } from '../../src/destinations/run-push.js';
import type { AppContext } from '../../src/main/app-context.js';
import { refreshModels } from '../../src/models/refresh-model.js';
import { resolvePackEntities } from '../../src/packs/pack-entities.js';
import { getPack } from '../../src/packs/pack-registry.js';
import { runPack } from '../../src/packs/run-pack.js';
import { runSync } from '../../src/pipeline/run-sync.js';

/**
 * One unit of work the fault suite kills and then completes, named like a schedule target: `sync:<connection>`,
 * `push:<destination>`, `resolve:<pack>/<entity type>`, `model:<name>`, `pack:<id>`. The killed child process and the
 * test's own completing run go through this same function, so both run exactly the production code.
 */
export async function runFaultStep(app: AppContext, step: string): Promise<{ status: string; detail: unknown }> {
  const [kind, name = ''] = step.split(/:(.*)/s);
  switch (kind) {
    case 'sync': {
      const s = await runSync(app, { connection: name, trigger: 'faults' });
      return { status: s.status, detail: s.streams };
    }
    case 'push': {
      const s = await runPush(app, { destination: name });
      return { status: s.status, detail: { plan: s.plan, pushed: s.pushed, failed: s.failed } };
    }
    case 'resolve': {
      const [pack = '', type = ''] = name.split('/');
      const template = getPack(pack).entities.find((e) => e.type === type);
      if (!template) throw new Error(`pack ${pack} has no entity type ${type}`);
      const r = await resolvePackEntities(app, template);
      return { status: r.status, detail: r.error ?? r.resolution };
    }
    case 'model': {
      const s = await refreshModels(app, { names: [name], downstream: false, trigger: 'faults' });
      const failed = s.find((x) => x.status !== 'succeeded');
      return { status: failed?.status ?? 'succeeded', detail: s.map((x) => ({ model: x.model, status: x.status, error: x.error })) };
    }
    case 'pack': {
      const s = await runPack(app, name, { trigger: 'faults' });
      return { status: s.status, detail: s.steps.map((x) => ({ kind: x.kind, name: x.name, status: x.status, error: x.error })) };
    }
    default:
      throw new Error(`unknown fault step "${step}"`);
  }
}
