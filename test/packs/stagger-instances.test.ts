import { describe, expect, it } from 'vitest';
import { dgiDealersPack } from '../../src/packs/dgi-dealers/pack.js';
import { packSpecSchema, type InstanceTemplate } from '../../src/packs/pack-spec.js';
import { planStagger, restaggered, staggerKey, type StaggerInstance, type StaggerPlan } from '../../src/packs/stagger-instances.js';
import { validateDeclaredParts } from '../../src/packs/validate-pack.js';

const spec = packSpecSchema.parse(dgiDealersPack);
const dealerTemplate = spec.instances.dealer as InstanceTemplate;
const JOB_IDS = dealerTemplate.schedules.map((s) => s.id);

/** Dealers as the pack sees them: `key(i)` is the API key of dealer i, all on one host unless `host(i)` says else. */
function dealers(n: number, key: (i: number) => string, host: (i: number) => string = () => 'https://md.example', every = 60): StaggerInstance[] {
  return Array.from({ length: n }, (_, i) => {
    const values: Record<string, string | number> = {
      'api.base_url': host(i), 'dealer.api_key': key(i), 'schedule.every_minutes': every,
    };
    return { name: `D${String(i).padStart(5, '0')}`, lookup: (k: string) => values[k] };
  });
}

const minuteOf = (cron: string) => Number(cron.split(' ')[0]);
const cronsOf = (plan: StaggerPlan, dealer: string) => JOB_IDS.map((j) => plan.get(staggerKey(dealer, j)) as string);

describe('dgi-dealers schedules staggered across dealers (planStagger over staggerSchedules)', () => {
  it('the pack declares it and validates', () => {
    expect(dealerTemplate.stagger).toBeDefined();
    expect(JOB_IDS).toHaveLength(15);
    expect(validateDeclaredParts(spec)).toEqual([]);
  });

  it('one dealer: its 15 job types four minutes apart over the hour', () => {
    const plan = planStagger(dealerTemplate, dealers(1, () => 'k'));
    const minutes = cronsOf(plan, 'D00000').map(minuteOf).sort((a, b) => a - b);
    expect(minutes).toEqual([0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56]);
    expect(cronsOf(plan, 'D00000').every((c) => / \* \* \* \*$/.test(c))).toBe(true);
  });

  it('dealers sharing an API key never start in the same minute; another key is shifted between them', () => {
    const ds = dealers(3, (i) => (i < 2 ? 'shared-key' : 'own-key'));
    const plan = planStagger(dealerTemplate, ds);
    const shared = [...cronsOf(plan, 'D00000'), ...cronsOf(plan, 'D00001')].map(minuteOf);
    expect(new Set(shared).size).toBe(30);
    const own = cronsOf(plan, 'D00002').map(minuteOf);
    expect(new Set(own).size).toBe(15);
    // not all dealers on the same minutes: the third dealer is offset from the first
    expect(own.filter((m) => cronsOf(plan, 'D00000').map(minuteOf).includes(m)).length).toBeLessThan(15);
  });

  it('the same key at two hosts is two groups; the secret never appears in the plan', () => {
    const plan = planStagger(dealerTemplate, dealers(2, () => 'secret-key-xyz', (i) => `https://md${i}.example`));
    expect(JSON.stringify([...plan])).not.toContain('secret-key-xyz');
    const a = cronsOf(plan, 'D00000').map(minuteOf);
    const b = cronsOf(plan, 'D00001').map(minuteOf);
    // two groups of one dealer each: one shifted half a gap against the other
    expect(a.filter((m) => b.includes(m))).toEqual([]);
  });

  it('1,000 dealers on one key: every minute of the hour carries 250 runs, each dealer 15 distinct minutes', () => {
    const plan = planStagger(dealerTemplate, dealers(1000, () => 'one-key'));
    expect(plan.size).toBe(15_000);
    const perMinute = new Array<number>(60).fill(0);
    for (const cron of plan.values()) perMinute[minuteOf(cron)]! += 1;
    expect(Math.min(...perMinute)).toBe(250);
    expect(Math.max(...perMinute)).toBe(250);
    for (const d of ['D00000', 'D00500', 'D00999']) expect(new Set(cronsOf(plan, d).map(minuteOf)).size).toBe(15);
  });

  it('1,000 dealers with 100 keys: the load stays within one run of even per minute', () => {
    const plan = planStagger(dealerTemplate, dealers(1000, (i) => `key-${i % 100}`));
    const perMinute = new Array<number>(60).fill(0);
    for (const cron of plan.values()) perMinute[minuteOf(cron)]! += 1;
    expect(Math.max(...perMinute) - Math.min(...perMinute)).toBeLessThanOrEqual(30);
    // the 10 dealers of one key: 150 runs, no more than 3 in any minute
    const byMinute = new Array<number>(60).fill(0);
    for (let i = 0; i < 1000; i += 100) for (const c of cronsOf(plan, `D${String(i).padStart(5, '0')}`)) byMinute[minuteOf(c)]! += 1;
    expect(Math.max(...byMinute)).toBeLessThanOrEqual(3);
  });

  it('adding the 1,001st dealer moves few others', () => {
    const before = planStagger(dealerTemplate, dealers(1000, () => 'one-key'));
    const after = planStagger(dealerTemplate, dealers(1001, () => 'one-key'));
    const moved = restaggered(before, after);
    expect(moved.has('D01000')).toBe(true);
    expect(moved.size).toBeLessThan(200);
  });

  it('every 30 minutes: two fires an hour; a period that does not divide the hour is refused', () => {
    const plan = planStagger(dealerTemplate, dealers(1, () => 'k', undefined, 30));
    expect(cronsOf(plan, 'D00000').every((c) => /^\d+,\d+ \* \* \* \*$/.test(c))).toBe(true);
    expect(() => planStagger(dealerTemplate, dealers(1, () => 'k', undefined, 7))).toThrow(/everyMinutes 7/);
  });
});
