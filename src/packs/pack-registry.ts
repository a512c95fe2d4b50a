import { SluiceError } from '../core/errors.js';
import { PACK_DECLARATIONS } from './pack-list.js';
import { packSpecSchema, type PackSpec } from './pack-spec.js';
import { validateDeclaredParts } from './validate-pack.js';

let cache: readonly PackSpec[] | undefined;

/**
 * Every pack, validated once per process: the zod schema, then cross-checks (connectors, entity types, placeholders,
 * destination configs, model and dashboard declarations). A bad pack fails start-up with every problem of every pack
 * listed (code `pack_invalid`).
 */
export function loadPacks(): readonly PackSpec[] {
  if (cache) return cache;
  const problems: string[] = [];
  const packs: PackSpec[] = [];
  for (const [file, decl] of PACK_DECLARATIONS) {
    const r = packSpecSchema.safeParse(decl);
    if (!r.success) {
      for (const i of r.error.issues) problems.push(`${file}: ${i.path.join('.') || '(pack)'}: ${i.message}`);
      continue;
    }
    for (const p of validateDeclaredParts(r.data)) problems.push(`${file}: ${p}`);
    packs.push(r.data);
  }
  const ids = packs.map((p) => p.id);
  for (const dup of ids.filter((x, i) => ids.indexOf(x) !== i)) problems.push(`two packs share the id "${dup}"`);
  if (problems.length > 0) {
    throw new SluiceError('pack_invalid', `invalid pack declarations: ${problems.join('; ')}`, { details: { problems } });
  }
  cache = packs;
  return packs;
}

export function getPack(id: string): PackSpec {
  const p = loadPacks().find((x) => x.id === id);
  if (!p) throw new SluiceError('not_found', `no pack "${id}"`, { details: { known: loadPacks().map((x) => x.id) } });
  return p;
}
