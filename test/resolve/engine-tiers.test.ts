import { describe, expect, it } from 'vitest';
import { resolveRecords } from '../../src/resolve/resolve-records.js';
import { agentRules } from '../../src/resolve/rules/agent.rules.js';
import type { ResolutionResult } from '../../src/resolve/resolve-types.js';
import { rec } from './fixtures.js';

const together = (r: ResolutionResult, a: string, b: string) => r.clusters.some((c) => c.members.includes(a) && c.members.includes(b));
const reviewed = (r: ResolutionResult, a: string, b: string) =>
  r.review.some((i) => (i.a === a && i.b === b) || (i.a === b && i.b === a));

describe('tiers and thresholds', () => {
  it('email match scores 100 and merges, even with different phones', () => {
    const a = rec({ name: 'Ana Lopez', emails: ['ana@x.com'], phones: ['+15550001111'] });
    const b = rec({ name: 'Ana Lopez-Garcia', emails: ['ana@x.com'], phones: ['+15550002222'] });
    const r = resolveRecords([a, b], [], agentRules);
    expect(together(r, a.id, b.id)).toBe(true);
    expect(r.clusters.find((c) => c.members.includes(a.id))).toMatchObject({ confidence: 100, tier: 'email' });
  });

  it('phone match scores 90 and merges', () => {
    const a = rec({ name: 'Omar Haddad', phones: ['+15550003333'] });
    const b = rec({ name: 'Omar Hadad', phones: ['+15550003333'], emails: ['omar@x.com'] });
    const r = resolveRecords([a, b], [], agentRules);
    expect(r.clusters.find((c) => c.members.includes(a.id))).toMatchObject({ confidence: 90, tier: 'phone' });
  });

  it('exact name within the team scores 80 and merges; case and spacing do not matter', () => {
    const a = rec({ name: 'Grace  HOPPER' });
    const b = rec({ name: 'grace hopper', emails: ['g@x.com'] });
    const r = resolveRecords([a, b], [], agentRules);
    expect(r.clusters.find((c) => c.members.includes(a.id))).toMatchObject({ confidence: 80, tier: 'exact_name' });
  });

  it('a fuzzy name alone scores 60 and goes to review, not merged', () => {
    const a = rec({ name: 'Katherine Johnson' });
    const b = rec({ name: 'Katherine Jonhson' });
    const r = resolveRecords([a, b], [], agentRules);
    expect(together(r, a.id, b.id)).toBe(false);
    expect(r.review).toHaveLength(1);
    expect(r.review[0]).toMatchObject({ score: 60, tier: 'fuzzy_name', cause: 'threshold' });
  });

  it('an unambiguous nickname alone scores 75 and merges; ambiguous in the team, or with a disagreeing identifier, it is reviewed', () => {
    const a = rec({ name: 'Katherine Johnson' });
    const b = rec({ name: 'Kathy Johnson' });
    const r = resolveRecords([a, b], [], agentRules);
    expect(together(r, a.id, b.id)).toBe(true);
    expect(r.clusters.find((c) => c.members.length === 2)).toMatchObject({ confidence: 75, tier: 'fuzzy_name' });
    // Chris Bailey could be Christopher or Christina: both work here.
    const c = rec({ name: 'Christopher Bailey' });
    const d = rec({ name: 'Chris Bailey' });
    const e = rec({ name: 'Christina Bailey' });
    const r2 = resolveRecords([c, d, e], [], agentRules);
    expect(together(r2, c.id, d.id) || together(r2, d.id, e.id)).toBe(false);
    expect(reviewed(r2, c.id, d.id) && reviewed(r2, d.id, e.id)).toBe(true);
    const f = rec({ name: 'Robert Smith', emails: ['rs@x.com'] });
    const g = rec({ name: 'Bob Smith', emails: ['bob@y.com'] });
    const r3 = resolveRecords([f, g], [], agentRules);
    expect(r3.review[0]).toMatchObject({ score: 70, tier: 'fuzzy_name' });
  });

  it('a short form a man and a woman both answer to is reviewed, even when nobody else in the team shows it', () => {
    // Sam Reed may be Samuel, who only ever appears as "Sam": the name alone cannot merge him with Samantha.
    const a = rec({ name: 'Samantha Reed', emails: ['samantha.reed@x.com'] });
    const b = rec({ name: 'Sam Reed', phones: ['+15550001111'] });
    const r = resolveRecords([a, b], [], agentRules);
    expect(together(r, a.id, b.id)).toBe(false);
    expect(r.review[0]).toMatchObject({ score: 60, tier: 'fuzzy_name' });
    // Same spelling, disagreeing phones: Pat may be Patrick or Patricia.
    const c = rec({ name: 'Pat Holmes', phones: ['+15550002222'] });
    const d = rec({ name: 'Pat B. Holmes', phones: ['+15550003333'] });
    const r2 = resolveRecords([c, d], [], agentRules);
    expect(together(r2, c.id, d.id)).toBe(false);
    expect(reviewed(r2, c.id, d.id)).toBe(true);
    // A personal mailbox only one person uses still names them.
    const e = rec({ name: 'Alexandra Ford', emails: ['aford@x.com'] });
    const f = rec({ name: 'Alex Ford', emails: ['aford@x.com'] });
    expect(together(resolveRecords([e, f], [], agentRules), e.id, f.id)).toBe(true);
  });

  it('a shared mailbox under names the parser cannot reconcile is reviewed, a shared phone is not', () => {
    const a = rec({ name: 'Oksana Lee', emails: ['o.lee@x.com'], phones: ['+15550007777'] });
    const b = rec({ name: 'Ruth Lee', emails: ['o.lee@x.com'] });
    const r = resolveRecords([a, b], [], agentRules);
    expect(together(r, a.id, b.id)).toBe(false);
    expect(r.review[0]).toMatchObject({ score: 65, tier: 'email' });
    const c = rec({ name: 'Ruth Lee', phones: ['+15550007777'] });
    expect(resolveRecords([a, c], [], agentRules).review).toHaveLength(0);
    // Two transliterations of one name with a shared mailbox merge.
    const d = rec({ name: 'Mohammed Bakr', emails: ['mbakr@x.com'] });
    const e = rec({ name: 'Muhammad Bakr, Broker Associate', emails: ['mbakr@x.com'] });
    expect(together(resolveRecords([d, e], [], agentRules), d.id, e.id)).toBe(true);
  });

  it('the threshold is strict: exactly 70 is reviewed, 71 merges', () => {
    const mk = () => [rec({ name: 'Lin Wei' }), rec({ name: 'Lin Wei' })];
    const at70 = mk();
    const r70 = resolveRecords(at70, [], { ...agentRules, tiers: { ...agentRules.tiers, exactName: 70 } });
    expect(together(r70, at70[0]!.id, at70[1]!.id)).toBe(false);
    expect(reviewed(r70, at70[0]!.id, at70[1]!.id)).toBe(true);
    const at71 = mk();
    const r71 = resolveRecords(at71, [], { ...agentRules, tiers: { ...agentRules.tiers, exactName: 71 } });
    expect(together(r71, at71[0]!.id, at71[1]!.id)).toBe(true);
  });

  it('the best tier wins when several apply', () => {
    const a = rec({ name: 'Sam Ortiz', emails: ['sam@x.com'], phones: ['+15550004444'] });
    const b = rec({ name: 'Sam Ortiz', emails: ['sam@x.com'], phones: ['+15550004444'] });
    const r = resolveRecords([a, b], [], agentRules);
    expect(r.clusters.find((c) => c.members.includes(a.id))?.tier).toBe('email');
  });

  it('never compares across teams, even with the same email and name', () => {
    const a = rec({ name: 'Ivy Chen', emails: ['ivy@x.com'], scope: 'team-a' });
    const b = rec({ name: 'Ivy Chen', emails: ['ivy@x.com'], scope: 'team-b' });
    const r = resolveRecords([a, b], [], agentRules);
    expect(r.clusters).toHaveLength(2);
    expect(r.review).toHaveLength(0);
  });

  it('matches nicknames and typos when an identifier agrees', () => {
    const a = rec({ name: 'Robert Smith', phones: ['+15550005555'] });
    const b = rec({ name: 'Bob Smith', phones: ['+15550005555'] });
    const c = rec({ name: 'Jonathan Pryce', emails: ['jp@x.com'] });
    const d = rec({ name: 'Jonathon Pryce', emails: ['jp@x.com'] });
    const e = rec({ name: 'Michael Brennan', phones: ['+15550009999'] });
    const f = rec({ name: 'Micheal Brenan', phones: ['+15550009999'] });
    const r = resolveRecords([a, b, c, d, e, f], [], agentRules);
    expect(together(r, a.id, b.id)).toBe(true);
    expect(together(r, c.id, d.id)).toBe(true);
    expect(together(r, e.id, f.id)).toBe(true);
  });

  it('gives the same clusters whatever the input order', () => {
    const rs = [
      rec({ name: 'A One', emails: ['a@x.com'] }), rec({ name: 'A One', phones: ['+15550000001'] }),
      rec({ name: 'Al One', phones: ['+15550000001'] }), rec({ name: 'B Two', emails: ['a@x.com'] }),
    ];
    const x = resolveRecords(rs, [], agentRules);
    const y = resolveRecords([...rs].reverse(), [], agentRules);
    expect(y.clusters.map((c) => c.members)).toEqual(x.clusters.map((c) => c.members));
    expect(y.review).toEqual(x.review);
  });
});
