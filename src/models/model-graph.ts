/** A node of the model graph: a model and the streams / models it reads. */
export interface ModelNode {
  readonly name: string;
  readonly inputs: readonly string[];
}

/**
 * Pure: the models in dependency order (every model after the models it reads), ties by name so the order is stable.
 * Inputs that are not models (source streams) impose no order. Cycles are refused when a model is saved.
 */
export function modelRefreshOrder(models: readonly ModelNode[]): string[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const done = new Set<string>();
  const out: string[] = [];
  const visit = (name: string, stack: Set<string>): void => {
    if (done.has(name) || stack.has(name)) return;
    const m = byName.get(name);
    if (!m) return;
    stack.add(name);
    for (const i of [...m.inputs].sort()) visit(i, stack);
    stack.delete(name);
    done.add(name);
    out.push(name);
  };
  for (const m of [...models].sort((a, b) => a.name.localeCompare(b.name))) visit(m.name, new Set());
  return out;
}

/** Pure: the models that read any of `streams`, directly or through other models, in dependency order. */
export function modelsDownstreamOf(models: readonly ModelNode[], streams: readonly string[]): string[] {
  const affected = new Set<string>();
  const changed = new Set(streams);
  for (const name of modelRefreshOrder(models)) {
    const m = models.find((x) => x.name === name);
    if (m && m.inputs.some((i) => changed.has(i))) {
      affected.add(name);
      changed.add(name);
    }
  }
  return modelRefreshOrder(models).filter((n) => affected.has(n));
}

/** Pure: the models that read `name` directly. */
export function directDependents(models: readonly ModelNode[], name: string): string[] {
  return models.filter((m) => m.inputs.includes(name)).map((m) => m.name).sort();
}
