import { listConnectors } from '../connectors/registry.js';
import { dashboardSpec } from '../dashboards/dashboard-spec.js';
import { modelSpec } from '../models/model-spec.js';
import { getEntityRules } from '../resolve/entity-types.js';
import { JOB_KINDS } from '../jobs/job-kinds.js';
import { flattenSettings } from './pack-settings.js';
import type { PackSpec } from './pack-spec.js';
import { placeholdersOf } from './render-template.js';

/** Cross-checks a schema-valid pack: what zod cannot see (connectors, entity types, placeholders, targets). */
export function validateDeclaredParts(p: PackSpec): string[] {
  const problems: string[] = [];
  const connectors = new Set(listConnectors().map((c) => c.manifest.id));
  const settings = flattenSettings(p.settings);
  const connIds = new Set(p.connections.map((c) => c.id));
  const destIds = new Set(p.destinations.map((d) => d.id));

  const checkPlaceholders = (where: string, template: unknown, extra: (name: string) => boolean = () => false) => {
    for (const name of placeholdersOf(template)) {
      if (name === 'pack' || settings.has(name) || extra(name)) continue;
      const m = /^(connection|destination):(.+)$/.exec(name);
      if (m && (m[1] === 'connection' ? connIds : destIds).has(m[2] ?? '')) continue;
      problems.push(`${where}: placeholder {{${name}}} names no declared setting or part`);
    }
  };
  const checkTarget = (where: string, target: string) => {
    const kind = /^([a-z]+):/.exec(target)?.[1];
    if (kind !== 'pack' && !(JOB_KINDS as readonly string[]).includes(kind ?? '')) {
      problems.push(`${where}: target "${target}" must start with pack: or one of ${JOB_KINDS.map((k) => `${k}:`).join(', ')}`);
    }
  };

  for (const c of p.connections) {
    if (!connectors.has(c.connector)) problems.push(`connections.${c.id}: unknown connector "${c.connector}"`);
    checkPlaceholders(`connections.${c.id}`, c);
  }
  for (const d of p.destinations) checkPlaceholders(`destinations.${d.id}`, d);
  for (const s of p.schedules) {
    checkPlaceholders(`schedules.${s.id}`, s);
    checkTarget(`schedules.${s.id}`, s.target);
  }
  for (const e of p.entities) {
    try {
      getEntityRules(e.type);
    } catch {
      problems.push(`entities: entity type "${e.type}" has no rules in src/resolve/rules`);
    }
  }
  p.models.forEach((m, i) => {
    const r = modelSpec.safeParse(m);
    if (!r.success) for (const x of r.error.issues) problems.push(`models.${String(m.name ?? i)}.${x.path.join('.')}: ${x.message}`);
  });
  p.dashboards.forEach((d, i) => {
    const r = dashboardSpec.safeParse(d);
    if (!r.success) for (const x of r.error.issues) problems.push(`dashboards.${String(d.id ?? i)}.${x.path.join('.')}: ${x.message}`);
  });
  for (const [key, spec] of settings) {
    if (spec.default !== undefined && spec.required) problems.push(`settings.${key}: a required setting has no default`);
  }
  for (const [tid, t] of Object.entries(p.instances)) {
    const own = flattenSettings({ [tid]: t.settings });
    const ok = (name: string) => name === 'instance.name' || own.has(name);
    for (const c of t.connections) {
      if (!connectors.has(c.connector)) problems.push(`instances.${tid}.connections.${c.id}: unknown connector "${c.connector}"`);
      checkPlaceholders(`instances.${tid}.connections.${c.id}`, c, ok);
    }
    for (const d of t.destinations) checkPlaceholders(`instances.${tid}.destinations.${d.id}`, d, ok);
    const instConn = new Set(t.connections.map((c) => c.id));
    if (t.stagger) checkPlaceholders(`instances.${tid}.stagger`, t.stagger, ok);
    for (const s of t.schedules) {
      if (s.cron.includes('stagger.cron') && !t.stagger) problems.push(`instances.${tid}.schedules.${s.id}: {{stagger.cron}} needs the template's stagger`);
      const staggered = (n: string) => n === 'stagger.cron' && t.stagger !== undefined;
      checkPlaceholders(`instances.${tid}.schedules.${s.id}`, s, (n) => ok(n) || staggered(n) || (n.startsWith('connection:') && instConn.has(n.slice(11))));
      checkTarget(`instances.${tid}.schedules.${s.id}`, s.target);
    }
  }
  return problems;
}
