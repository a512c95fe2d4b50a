import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupJobsAt, parsePlanTypeFilter, parseStartTimeFilter, parseStatusFilter, type NinjaBackupJob } from '../../src/sandbox/ninjaone/ninja-backup-jobs.js';
import { readAll, records, startNinjaHarness, type NinjaHarness } from './ninjaone-harness.js';

type Report = { cursor: { name: string; offset: number; count: number; expires: number }; results: NinjaBackupJob[] };

const job = (over: Partial<NinjaBackupJob>): NinjaBackupJob => ({
  jobId: 'j', jobStartTime: 1_700_000_000, jobStatus: 'COMPLETED', planGuid: 'p', planName: 'n', planType: 'IMAGE',
  totalActualStorageBytes: 1, organizationId: 1, locationId: 1, deviceId: 1, ...over,
});

describe('backup job filters (sf, ptf, stf)', () => {
  it('parse the forms the API takes and refuse the rest', () => {
    expect(parseStatusFilter('status = FAILED')!(job({ jobStatus: 'FAILED' }))).toBe(true);
    expect(parseStatusFilter('status = FAILED')!(job({}))).toBe(false);
    expect(parseStatusFilter('status in (RUNNING, COMPLETED)')!(job({}))).toBe(true);
    expect(parseStatusFilter('status != COMPLETED')!(job({}))).toBe(false);
    expect(parseStatusFilter('status = DONE')).toBeNull();
    expect(parseStatusFilter('state = FAILED')).toBeNull();
    expect(parsePlanTypeFilter('planType in (IMAGE, FILE_FOLDER)')!(job({ planType: 'FILE_FOLDER' }))).toBe(true);
    expect(parsePlanTypeFilter('planType = FILE_FOLDER')!(job({}))).toBe(false);
    const at = new Date(1_700_000_000_000).toISOString();
    expect(parseStartTimeFilter(`startTime after ${at}`)!(job({}))).toBe(false);
    expect(parseStartTimeFilter(`startTime before ${new Date(1_700_000_001_000).toISOString()}`)!(job({}))).toBe(true);
    expect(parseStartTimeFilter(`startTime between(${at},${at})`)!(job({}))).toBe(true);
    expect(parseStartTimeFilter('startTime after yesterday')).toBeNull();
    expect(parseStartTimeFilter(undefined)!(job({}))).toBe(true);
  });
});

describe('NinjaOne backup jobs (simulator and stream)', () => {
  let h: NinjaHarness;
  let token: string;
  beforeAll(async () => {
    h = await startNinjaHarness({ devices: 120, organizations: 20 });
    token = await h.token();
  });
  afterAll(async () => h.close());

  it('serves a BackupJobReport paged by a named cursor, with filters', async () => {
    const all = (await h.get('/v2/backup/jobs', token)).body as Report;
    expect(all.results.length).toBeGreaterThan(100);
    expect(all.cursor).toMatchObject({ offset: 0, count: all.results.length });
    expect(typeof all.cursor.name).toBe('string');
    for (const j of all.results) {
      expect(Object.keys(j).sort()).toEqual(expect.arrayContaining(['jobId', 'jobStartTime', 'jobStatus', 'planGuid', 'planName', 'planType', 'totalActualStorageBytes', 'organizationId', 'locationId', 'deviceId']));
      expect(['PROCESSING', 'RUNNING', 'COMPLETED', 'CANCELED', 'FAILED']).toContain(j.jobStatus);
      if (j.jobStatus === 'COMPLETED' || j.jobStatus === 'FAILED') expect(j.jobEndTime).toBeGreaterThan(j.jobStartTime);
    }
    const statuses = new Set(all.results.map((j) => j.jobStatus));
    expect(statuses.has('COMPLETED') && statuses.has('FAILED')).toBe(true);
    // Paging: the first page fixes the set, cursor=<name> continues it, a short page ends it.
    const first = (await h.get('/v2/backup/jobs?pageSize=50', token)).body as Report;
    const ids = first.results.map((j) => j.jobId);
    let r = first;
    while (r.results.length === 50) {
      r = (await h.get(`/v2/backup/jobs?cursor=${first.cursor.name}&pageSize=50`, token)).body as Report;
      expect(r.cursor.offset).toBe(ids.length);
      ids.push(...r.results.map((j) => j.jobId));
    }
    expect(ids).toEqual(all.results.map((j) => j.jobId));
    expect((await h.get('/v2/backup/jobs?cursor=nope', token)).status).toBe(400);
    const failed = (await h.get(`/v2/backup/jobs?sf=${encodeURIComponent('status = FAILED')}`, token)).body as Report;
    expect(failed.results.length).toBe(all.results.filter((j) => j.jobStatus === 'FAILED').length);
    const org1 = (await h.get(`/v2/backup/jobs?df=${encodeURIComponent('org = 1')}&ptf=${encodeURIComponent('planType = IMAGE')}`, token)).body as Report;
    expect(org1.results.every((j) => j.organizationId === 1 && j.planType === 'IMAGE')).toBe(true);
    const since = new Date(h.sandbox.clock.now().getTime() - 86_400_000).toISOString();
    const recent = (await h.get(`/v2/backup/jobs?stf=${encodeURIComponent(`startTime after ${since}`)}`, token)).body as Report;
    expect(recent.results.length).toBe(all.results.filter((j) => j.jobStartTime * 1000 > Date.parse(since)).length);
    expect((await h.get(`/v2/backup/jobs?sf=${encodeURIComponent('status = OK')}`, token)).status).toBe(400);
    expect((await h.get('/v2/backup/jobs?pageSize=10001', token)).status).toBe(400);
    expect((await h.get('/v2/backup/jobs?include=some', token)).status).toBe(400);
    expect((await h.get('/v2/backup/jobs')).status).toBe(401);
  });

  it('moves with the clock: running jobs end with a final status, new nightly jobs appear', () => {
    const devices = h.sim.estate.devices();
    const t0 = Date.UTC(2026, 5, 1, 2, 0);
    const before = backupJobsAt(42, devices, t0);
    const after = backupJobsAt(42, devices, t0 + 6 * 3_600_000);
    const byId = new Map(after.map((j) => [j.jobId, j]));
    const wasRunning = before.filter((j) => j.jobStatus === 'RUNNING' || j.jobStatus === 'PROCESSING');
    expect(wasRunning.length).toBeGreaterThan(0);
    for (const j of wasRunning) expect(['COMPLETED', 'FAILED', 'CANCELED']).toContain(byId.get(j.jobId)!.jobStatus);
    for (const j of before.filter((x) => x.jobEndTime !== undefined)) expect(byId.get(j.jobId)).toEqual(j);
    expect(after.length).toBeGreaterThan(before.length);
  });

  it('the stream reads every page from the lookback window and re-reads the overlap from its state', async () => {
    const cfg = h.config({ backup_jobs_page_size: 40 });
    const stream = h.stream('ninjaone_backup_jobs');
    const first = records(await readAll(stream, h.ctx(cfg)));
    const nowMs = h.sandbox.clock.now().getTime();
    const expected = backupJobsAt(42, h.sim.estate.devices(), nowMs).filter((j) => j.jobStartTime * 1000 > nowMs - 3 * 86_400_000);
    expect(first.map((r) => r.jobId).sort()).toEqual(expected.map((j) => j.jobId).sort());
    const sample = first.find((r) => r.jobEndTime !== null)!;
    expect(sample.jobStartTime).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    let state: unknown;
    for (const r of first) state = stream.nextState!(state, r);
    const maxStart = (state as { maxStart: string }).maxStart;
    expect(Date.parse(maxStart)).toBe(Math.max(...expected.map((j) => Math.round(j.jobStartTime * 1000))));
    const again = records(await readAll(stream, h.ctx(cfg, { state })));
    expect(again.length).toBeGreaterThan(0);
    expect(again.every((r) => Date.parse(r.jobStartTime as string) > Date.parse(maxStart) - 24 * 3_600_000)).toBe(true);
  });
});
