import { compareNames } from './compare-names.js';
import { nameFeatures } from './name-features.js';

export interface EvidenceRecord {
  readonly name: string;
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  readonly scope: string;
}

export interface PairEvidence {
  /** What says these two records are one person. */
  readonly for: string[];
  /** What says they are two. */
  readonly against: string[];
}

const shared = (a: readonly string[], b: readonly string[]) => a.filter((x) => b.includes(x));
const only = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x));

/**
 * The evidence a reviewer weighs, both ways, in words: shared and disagreeing identifiers, and how the names compare
 * once parsed (nickname, typo, initial, order, credentials). The engine's own reasons for the score come on top.
 */
export function pairEvidence(a: EvidenceRecord, b: EvidenceRecord): PairEvidence {
  const pro: string[] = [];
  const con: string[] = [];
  if (a.scope === b.scope) pro.push(`same team (${a.scope || 'none'})`);
  else con.push(`different teams (${a.scope} / ${b.scope})`);
  const na = nameFeatures(a.name);
  const nb = nameFeatures(b.name);
  const c = compareNames(na, nb);
  const names = `"${a.name.trim()}" / "${b.name.trim()}"`;
  if (c.relation === 'exact') pro.push(`same name once parsed: ${names}${c.subset ? ' (one has more names)' : ''}`);
  else if (c.relation === 'fuzzy') {
    const how = [c.nickname ? `nickname ${c.givens?.join(' / ')}` : '', c.typo ? 'spelling differs' : '', c.initial ? 'initial only' : ''].filter(Boolean).join(', ');
    pro.push(`similar names (${how}): ${names}`);
    if (c.typo) con.push(`names are spelt differently: ${names}`);
  } else if (c.relation === 'partial') pro.push(`one name is part of the other: ${names}`);
  else if (c.relation === 'missing') con.push('a name is missing on one side');
  else con.push(`names disagree: ${names}`);
  if (na.generation && nb.generation && na.generation !== nb.generation) con.push(`generations differ (${na.generation} / ${nb.generation})`);
  for (const e of shared(a.emails, b.emails)) pro.push(`same email ${e}`);
  for (const p of shared(a.phones, b.phones)) pro.push(`same phone ${p}`);
  const ea = only(a.emails, b.emails);
  const eb = only(b.emails, a.emails);
  if (shared(a.emails, b.emails).length === 0 && ea.length && eb.length) con.push(`emails differ (${ea.join(', ')} / ${eb.join(', ')})`);
  const pa = only(a.phones, b.phones);
  const pb = only(b.phones, a.phones);
  if (shared(a.phones, b.phones).length === 0 && pa.length && pb.length) con.push(`phones differ (${pa.join(', ')} / ${pb.join(', ')})`);
  // One office line, different extensions: two desks.
  for (const x of pa) {
    const base = x.split(';')[0];
    const other = pb.find((y) => y.split(';')[0] === base && y !== x);
    if (other) con.push(`same office line, different extensions (${x} / ${other})`);
  }
  return { for: pro, against: con };
}
