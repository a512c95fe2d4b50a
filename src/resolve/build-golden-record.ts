import type { EntityRules, ScalarRule } from './entity-rules.js';
import { nameFeatures } from './name-features.js';
import type { ResolvableRecord } from './resolve-types.js';

export interface FieldSource {
  readonly record_id: string;
  readonly source: string;
  readonly source_key: string;
  readonly observed_at: string;
}

export type FieldProvenance =
  | ({ readonly rule: ScalarRule } & FieldSource)
  | { readonly rule: 'union'; readonly values: readonly ({ readonly value: string } & FieldSource)[] };

export interface GoldenRecord {
  readonly name: string;
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  readonly scope: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly provenance: Readonly<Record<string, FieldProvenance>>;
  readonly sources: readonly string[];
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
const srcOf = (r: ResolvableRecord): FieldSource => ({ record_id: r.id, source: r.source, source_key: r.sourceKey, observed_at: r.observedAt });

/** Ordering for ties: trusted source first, then the most recent statement, then the record id (deterministic). */
function preference(rules: EntityRules) {
  const rank = (s: string) => {
    const i = rules.sourcePriority.indexOf(s);
    return i < 0 ? rules.sourcePriority.length : i;
  };
  return {
    byPriority: (a: ResolvableRecord, b: ResolvableRecord) =>
      rank(a.source) - rank(b.source) || b.observedAt.localeCompare(a.observedAt) || a.id.localeCompare(b.id),
    byRecency: (a: ResolvableRecord, b: ResolvableRecord) =>
      b.observedAt.localeCompare(a.observedAt) || rank(a.source) - rank(b.source) || a.id.localeCompare(b.id),
  };
}

function pick(
  members: readonly ResolvableRecord[],
  value: (r: ResolvableRecord) => unknown,
  identity: (v: unknown) => string,
  rule: ScalarRule,
  rules: EntityRules,
): ResolvableRecord | undefined {
  const withValue = members.filter((r) => !isEmpty(value(r)));
  if (withValue.length === 0) return undefined;
  const pref = preference(rules);
  if (rule === 'source_priority') return [...withValue].sort(pref.byPriority)[0];
  if (rule === 'most_recent') return [...withValue].sort(pref.byRecency)[0];
  const counts = new Map<string, number>();
  for (const r of withValue) counts.set(identity(value(r)), (counts.get(identity(value(r))) ?? 0) + 1);
  return [...withValue].sort((a, b) => counts.get(identity(value(b)))! - counts.get(identity(value(a)))! || pref.byPriority(a, b))[0];
}

function union(members: readonly ResolvableRecord[], values: (r: ResolvableRecord) => readonly string[]) {
  // Most used first, then first seen: the address people actually use leads the list.
  const seen = new Map<string, { count: number; first: ResolvableRecord }>();
  const ordered = [...members].sort((a, b) => a.observedAt.localeCompare(b.observedAt) || a.id.localeCompare(b.id));
  for (const r of ordered) {
    for (const v of values(r)) {
      const s = seen.get(v);
      if (s) s.count++;
      else seen.set(v, { count: 1, first: r });
    }
  }
  const list = [...seen.entries()].sort((a, b) => b[1].count - a[1].count);
  return {
    values: list.map(([v]) => v),
    provenance: { rule: 'union' as const, values: list.map(([value, s]) => ({ value, ...srcOf(s.first) })) },
  };
}

/** Survivorship per field with provenance: union for emails and phones, a declared rule for every scalar. */
export function buildGoldenRecord(members: readonly ResolvableRecord[], rules: EntityRules): GoldenRecord {
  const provenance: Record<string, FieldProvenance> = {};
  const nameFrom = pick(members, (r) => r.name.trim(), (v) => nameFeatures(String(v)).sorted, 'most_frequent', rules);
  if (nameFrom) provenance.name = { rule: 'most_frequent', ...srcOf(nameFrom) };
  const scopeFrom = pick(members, (r) => r.scope, String, 'most_frequent', rules);
  if (scopeFrom) provenance.scope = { rule: 'most_frequent', ...srcOf(scopeFrom) };
  const emails = union(members, (r) => r.emails);
  const phones = union(members, (r) => r.phones);
  if (emails.values.length) provenance.emails = emails.provenance;
  if (phones.values.length) provenance.phones = phones.provenance;
  const attributes: Record<string, unknown> = {};
  const keys = [...new Set(members.flatMap((r) => Object.keys(r.attributes)))].sort();
  for (const k of keys) {
    const rule = rules.attributeRules[k] ?? 'most_recent';
    const from = pick(members, (r) => r.attributes[k], (v) => JSON.stringify(v), rule, rules);
    if (!from) continue;
    attributes[k] = from.attributes[k];
    provenance[k] = { rule, ...srcOf(from) };
  }
  return {
    name: nameFrom?.name.trim() ?? '',
    emails: emails.values,
    phones: phones.values,
    scope: scopeFrom?.scope ?? '',
    attributes,
    provenance,
    sources: [...new Set(members.map((r) => r.source))].sort(),
  };
}
