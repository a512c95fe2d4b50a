import { toSluiceError } from '../core/errors.js';
import { removeDashboard, saveDashboard } from '../dashboards/dashboard-store.js';
import type { AppContext } from '../main/app-context.js';
import { removeModel, saveModel } from '../models/model-store.js';
import { modelRefreshOrder } from '../models/model-graph.js';
import type { PartChange } from './apply-pack-parts.js';
import type { PackSpec } from './pack-spec.js';
import { recordResource } from './pack-state.js';

const nameOf = (d: Record<string, unknown>) => String(d.name ?? d.id);

/**
 * Registers the pack's models and dashboards through their own modules (`saveModel`, `saveDashboard`): each says
 * whether it was created, updated or unchanged, so an install run twice changes nothing. A model whose inputs are not
 * synced yet is stored pending and checked at its first refresh.
 */
export async function registerPackExtensions(app: AppContext, spec: PackSpec): Promise<PartChange[]> {
  const out: PartChange[] = [];
  // Models of models: the ones read by others first, so a dependent's inputs exist when it is saved.
  const order = modelRefreshOrder(spec.models.map((m) => ({ name: nameOf(m), inputs: Array.isArray(m.inputs) ? m.inputs.map(String) : [] })));
  for (const name of order) {
    const m = spec.models.find((x) => nameOf(x) === name);
    if (!m) continue;
    try {
      const r = await saveModel(app.db, m as Parameters<typeof saveModel>[1], { pack: spec.id });
      out.push({ kind: 'model', part: name, name, action: r.outcome });
      await recordResource(app.db, spec.id, { instance: '', kind: 'model', part: name, name });
    } catch (err) {
      out.push({ kind: 'model', part: name, name, action: 'failed', error: toSluiceError(err).message });
    }
  }
  for (const d of spec.dashboards) {
    const id = nameOf(d);
    try {
      const r = await saveDashboard(app.db, d as Parameters<typeof saveDashboard>[1], { pack: spec.id });
      out.push({ kind: 'dashboard', part: id, name: id, action: r.outcome });
      await recordResource(app.db, spec.id, { instance: '', kind: 'dashboard', part: id, name: id });
    } catch (err) {
      out.push({ kind: 'dashboard', part: id, name: id, action: 'failed', error: toSluiceError(err).message });
    }
  }
  return out;
}

/** Unregisters the pack's dashboards and models (dependents first); `keepData` keeps the models' records. */
export async function removePackExtensions(app: AppContext, spec: PackSpec, names: { models: readonly string[]; dashboards: readonly string[] }, keepData: boolean): Promise<PartChange[]> {
  const out: PartChange[] = [];
  for (const id of names.dashboards) {
    await removeDashboard(app.db, id).catch((err: unknown) => {
      if (toSluiceError(err).code !== 'not_found') throw err;
    });
    out.push({ kind: 'dashboard', part: id, name: id, action: 'removed' });
  }
  const order = modelRefreshOrder(spec.models.map((m) => ({ name: nameOf(m), inputs: Array.isArray(m.inputs) ? m.inputs.map(String) : [] })));
  const rest = names.models.filter((n) => !order.includes(n));
  for (const name of [...[...order].reverse().filter((n) => names.models.includes(n)), ...rest]) {
    await removeModel(app.db, name, { keepData }).catch((err: unknown) => {
      if (toSluiceError(err).code !== 'not_found') throw err;
    });
    out.push({ kind: 'model', part: name, name, action: 'removed' });
  }
  return out;
}
