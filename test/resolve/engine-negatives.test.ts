import { describe, expect, it } from 'vitest';
import { buildGoldenRecord } from '../../src/resolve/build-golden-record.js';
import { resolveRecords } from '../../src/resolve/resolve-records.js';
import { agentRules } from '../../src/resolve/rules/agent.rules.js';
import type { ResolutionResult } from '../../src/resolve/resolve-types.js';
import { rec } from './fixtures.js';

const together = (r: ResolutionResult, a: string, b: string) => r.clusters.some((c) => c.members.includes(a) && c.members.includes(b));

describe('hard negatives are never merged', () => {
  it('namesakes in one team with different emails and phones go to review, not merged', () => {
    const a = rec({ name: 'John Smith', emails: ['john@a.com'], phones: ['+15551110001'] });
    const b = rec({ name: 'John Smith', emails: ['jsmith@b.com'], phones: ['+15551110002'] });
    const r = resolveRecords([a, b], [], agentRules);
    expect(together(r, a.id, b.id)).toBe(false);
    expect(r.review[0]).toMatchObject({ tier: 'exact_name', score: 70 });
  });

  it('a record with only a name two people of the team carry is reviewed, not merged into either', () => {
    const a = rec({ name: 'John Smith', emails: ['john@a.com'], phones: ['+15551110001'] });
    const b = rec({ name: 'John Smith', emails: ['jsmith@b.com'], phones: ['+15551110002'] });
    const c = rec({ name: 'Smith, John' });
    const r = resolveRecords([a, b, c], [], agentRules);
    expect(r.clusters).toHaveLength(3);
    expect(r.review.find((i) => [i.a, i.b].includes(c.id))).toMatchObject({ tier: 'exact_name', score: 70 });
    // Without the second John Smith the name alone still merges.
    expect(together(resolveRecords([a, c], [], agentRules), a.id, c.id)).toBe(true);
  });

  it("a family's shared phone does not merge its members", () => {
    const a = rec({ name: 'John Smith', phones: ['+15551112222'] });
    const b = rec({ name: 'Jane Smith', phones: ['+15551112222'] });
    const c = rec({ name: 'Mark Smith', phones: ['+15551112222'] });
    const d = rec({ name: 'Mary Smith', phones: ['+15551112222'] });
    const r = resolveRecords([a, b, c, d], [], agentRules);
    expect(r.clusters).toHaveLength(4);
    expect(r.review).toHaveLength(0);
  });

  it('one office line with per-agent extensions keeps the agents apart', () => {
    const a = rec({ name: 'Ann Lee', phones: ['+15552220000;ext=101'] });
    const b = rec({ name: 'Bo Park', phones: ['+15552220000;ext=102'] });
    const c = rec({ name: 'Ann Lee', phones: ['+15552220000;ext=101'], emails: ['ann@x.com'] });
    const r = resolveRecords([a, b, c], [], agentRules);
    expect(together(r, a.id, b.id)).toBe(false);
    expect(together(r, a.id, c.id)).toBe(true);
  });

  it('a main office number shared by many agents is weak evidence: nameless records are not auto-merged', () => {
    const office = '+15553330000';
    const agents = ['Ann Lee', 'Bo Park', 'Cy Young', 'Di Ross'].map((name) => rec({ name, phones: [office] }));
    const nameless = rec({ name: '', phones: [office], emails: ['someone@x.com'] });
    const r = resolveRecords([...agents, nameless], [], agentRules);
    expect(r.clusters).toHaveLength(5);
    // The same agent twice on the office line still merges on the name.
    const again = rec({ name: 'Ann Lee', phones: [office] });
    const r2 = resolveRecords([...agents, again], [], agentRules);
    expect(together(r2, agents[0]!.id, again.id)).toBe(true);
  });

  it('team mailboxes (info@, team@) do not merge different people, and never auto-merge a nameless record', () => {
    const a = rec({ name: 'Ann Lee', emails: ['info@realty.com'] });
    const b = rec({ name: 'Bo Park', emails: ['info@realty.com'] });
    const c = rec({ name: '', emails: ['team@realty.com'] });
    const d = rec({ name: 'Cy Young', emails: ['team@realty.com'] });
    const r = resolveRecords([a, b, c, d], [], agentRules);
    expect(r.clusters).toHaveLength(4);
    expect(r.review.every((i) => i.score <= agentRules.autoMergeAbove)).toBe(true);
  });

  it('an email used by several distinct people is weighed down by how many use it', () => {
    const shared = 'desk@realty.com';
    const people = ['Ann Lee', 'Bo Park', 'Cy Young', 'Di Ross', 'Ed Wu', 'Flo Ng', 'Gus Roy', 'Hal Tan'];
    const rs = people.map((name) => rec({ name, emails: [shared] }));
    const dupe = rec({ name: 'Ann Lees', emails: [shared] });
    const r = resolveRecords([...rs, dupe], [], agentRules);
    // 8 people use it: 100 - 10·log2(8) = 70, and a shared mailbox with names that are not the same (Ann Lee / Ann Lees)
    // cannot say who is who: capped under the threshold (65) → review, not auto-merge.
    expect(together(r, rs[0]!.id, dupe.id)).toBe(false);
    expect(r.review.find((i) => i.b === dupe.id || i.a === dupe.id)).toMatchObject({ score: 65, tier: 'email' });
  });
});

describe('the chaining guard', () => {
  it('does not join John and Jane through a nameless record that shares a phone with one and an email with the other', () => {
    const john = rec({ name: 'John Smith', phones: ['+15554440001'] });
    const link = rec({ name: '', phones: ['+15554440001'], emails: ['jane@x.com'] });
    const jane = rec({ name: 'Jane Smith', emails: ['jane@x.com'] });
    const r = resolveRecords([john, link, jane], [], agentRules);
    expect(together(r, john.id, jane.id)).toBe(false);
    expect(together(r, link.id, jane.id)).toBe(true);
    expect(r.review.some((i) => i.cause === 'guard')).toBe(true);
  });
});

describe('human decisions', () => {
  it('reject keeps a pair apart even with a shared email, and drops it from review', () => {
    const a = rec({ name: 'Pat Kim', emails: ['pk@x.com'] });
    const b = rec({ name: 'Pat Kim', emails: ['pk@x.com'] });
    const r = resolveRecords([a, b], [{ kind: 'reject', a: a.id, b: b.id }], agentRules);
    expect(together(r, a.id, b.id)).toBe(false);
    expect(r.review).toHaveLength(0);
  });

  it('approve merges a pair the engine only queued, with confidence 100 (human)', () => {
    const a = rec({ name: 'Katherine Johnson' });
    const b = rec({ name: 'Kathy Johnson' });
    const r = resolveRecords([a, b], [{ kind: 'approve', a: a.id, b: b.id }], agentRules);
    expect(r.clusters).toHaveLength(1);
    expect(r.clusters[0]).toMatchObject({ tier: 'human', confidence: 100 });
  });

  it('an approval never overrides a rejection that would be violated transitively', () => {
    const a = rec({ name: 'Lee Park', emails: ['lee@x.com'] });
    const b = rec({ name: 'Lee Park', emails: ['lee@x.com'] });
    const c = rec({ name: 'Lee Parker' });
    const r = resolveRecords([a, b, c], [{ kind: 'reject', a: a.id, b: c.id }, { kind: 'approve', a: b.id, b: c.id }], agentRules);
    // b+c approved first (human merges come first), then a~b by email would put a with c: refused.
    expect(together(r, b.id, c.id)).toBe(true);
    expect(together(r, a.id, c.id)).toBe(false);
  });
});

describe('golden record survivorship', () => {
  it('unions emails and phones, picks scalars by rule, and records provenance per field', () => {
    const older = rec({
      name: 'Rob Smith', source: 'company_info_raw', sourceKey: 'r1', emails: ['rob@x.com'], phones: ['+15556660001'],
      attributes: { brokerage: 'Old Realty', title: 'Agent' }, observedAt: '2026-01-01T00:00:00.000Z',
    });
    const newer = rec({
      name: 'Robert Smith', source: 'company_info_raw', sourceKey: 'r2', emails: ['rob@x.com', 'robert@y.com'],
      attributes: { title: 'Broker' }, observedAt: '2026-03-01T00:00:00.000Z',
    });
    const agent = rec({
      name: 'Robert Smith', source: 'new_agents', sourceKey: 'a1', phones: ['+15556660002'],
      attributes: { brokerage: 'New Realty', title: 'Broker' }, observedAt: '2025-12-01T00:00:00.000Z',
    });
    const g = buildGoldenRecord([older, newer, agent], agentRules);
    expect(g.name).toBe('Robert Smith');
    expect(g.emails).toEqual(['rob@x.com', 'robert@y.com']);
    expect([...g.phones].sort()).toEqual(['+15556660001', '+15556660002']);
    expect(g.attributes).toMatchObject({ brokerage: 'New Realty', title: 'Broker' });
    expect(g.provenance.brokerage).toMatchObject({ rule: 'source_priority', record_id: agent.id, source: 'new_agents', source_key: 'a1' });
    expect(g.provenance.name).toMatchObject({ rule: 'most_frequent', record_id: agent.id });
    expect(g.provenance.emails).toMatchObject({ rule: 'union', values: [{ value: 'rob@x.com', record_id: older.id }, { value: 'robert@y.com', record_id: newer.id }] });
    expect(g.sources).toEqual(['company_info_raw', 'new_agents']);
  });

  it('most_recent takes the latest statement', () => {
    const a = rec({ name: 'X Y', attributes: { city: 'Austin' }, observedAt: '2026-01-01T00:00:00.000Z' });
    const b = rec({ name: 'X Y', attributes: { city: 'Dallas' }, observedAt: '2026-02-01T00:00:00.000Z' });
    const g = buildGoldenRecord([a, b], agentRules);
    expect(g.attributes.city).toBe('Dallas');
    expect(g.provenance.city).toMatchObject({ rule: 'most_recent', record_id: b.id, observed_at: '2026-02-01T00:00:00.000Z' });
  });
});

describe('nameless records', () => {
  it("do not join a family member through the family's phone when their personal emails differ", () => {
    const mei = rec({ name: 'Mei Ellis', emails: ['mei.ellis@x.com'], phones: ['+15557770001'] });
    const nameless = rec({ name: '', emails: ['kevin.ellis@x.com'], phones: ['+15557770001'] });
    const r = resolveRecords([mei, nameless], [], agentRules);
    expect(r.clusters).toHaveLength(2);
    expect(r.review[0]!.score).toBeLessThanOrEqual(agentRules.autoMergeAbove);
  });

  it('join a named record on a personal identifier when nothing disagrees', () => {
    const a = rec({ name: 'Mei Ellis', emails: ['mei.ellis@x.com'], phones: ['+15557770001'] });
    const b = rec({ name: '', phones: ['+15557770001'] });
    const r = resolveRecords([a, b], [], agentRules);
    expect(r.clusters).toHaveLength(1);
  });
});
