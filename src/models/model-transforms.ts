import { SluiceError } from '../core/errors.js';

export type ModelRow = Record<string, unknown>;

export interface ModelTransformContext {
  /** The model being refreshed. */
  readonly model: string;
  /** The refresh's clock (injected in tests), for rules that depend on the date. */
  readonly now: Date;
}

/** A pure function over a model's rows (classification rules, scores): rows in, rows out, no I/O. */
export type ModelTransform = (rows: readonly ModelRow[], ctx: ModelTransformContext) => ModelRow[];

const transforms = new Map<string, ModelTransform>();

/**
 * Registers a transform under a name that model declarations refer to (`transforms: ['msp.health_score']`).
 * Packs register theirs when their module loads; registering the same function twice is harmless, a different one
 * under a taken name is refused.
 */
export function registerModelTransform(name: string, fn: ModelTransform): void {
  const prior = transforms.get(name);
  if (prior && prior !== fn) throw new SluiceError('conflict', `a different model transform is already registered as "${name}"`);
  transforms.set(name, fn);
}

export function getModelTransform(name: string): ModelTransform | undefined {
  return transforms.get(name);
}

export function listModelTransforms(): string[] {
  return [...transforms.keys()].sort();
}

/** Names among `names` that no module registered. */
export function unknownTransforms(names: readonly string[]): string[] {
  return names.filter((n) => !transforms.has(n));
}
