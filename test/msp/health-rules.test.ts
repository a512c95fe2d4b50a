import { describe, expect, it } from 'vitest';
import { alertSummary, backupStatus, computeDailyHealth, configDrift, isCovered, type OpenIssue } from '../../src/packs/msp-dashboards/daily-health.js';
import { deploymentStatus, healthBand, healthScore, isHealthDrop } from '../../src/packs/msp-dashboards/health-score.js';
import { evaluationInstant, latestHealthDate, parseHealthDate, siteZone } from '../../src/packs/msp-dashboards/health-time.js';

const base = { availability: 1, weakWifiShare: 0, criticalAlerts: 0, warningAlerts: 0, backup: 'ok' as const, drift: false };

describe('health score', () => {
  it('is 100 for a perfect site and applies each term exactly', () => {
    expect(healthScore(base)).toMatchObject({ score: 100, band: 'healthy', needsReview: false });
    expect(healthScore({ ...base, availability: 0.9 }).score).toBe(97);
    expect(healthScore({ ...base, weakWifiShare: 0.25 }).score).toBe(95);
    expect(healthScore({ ...base, warningAlerts: 3 }).score).toBe(94);
    expect(healthScore({ ...base, criticalAlerts: 1, warningAlerts: 1 }).score).toBe(88);
    expect(healthScore({ ...base, criticalAlerts: 5 }).score).toBe(80); // capped at 20
    expect(healthScore({ ...base, backup: 'failed' }).score).toBe(85);
    expect(healthScore({ ...base, backup: 'partial' }).score).toBe(93); // 92.5 rounds up
    expect(healthScore({ ...base, backup: 'unknown' }).score).toBe(95); // 95.05
    expect(healthScore({ ...base, drift: true }).score).toBe(85);
  });

  it('matches the formula by hand for a mixed case', () => {
    const i = { availability: 41 / 45, weakWifiShare: 1 / 6, criticalAlerts: 1, warningAlerts: 2, backup: 'partial' as const, drift: true };
    const byHand = 100 - (1 - 41 / 45) * 30 - (1 / 6) * 20 - Math.min(20, 14) - 0.5 * 15 - 15;
    expect(healthScore(i).score).toBe(Math.round(byHand));
  });

  it('clamps to 0–100, rounds, and bands at 80 and 50', () => {
    expect(healthScore({ availability: 0, weakWifiShare: 1, criticalAlerts: 9, warningAlerts: 9, backup: 'failed', drift: true }).score).toBe(0);
    expect(healthScore({ ...base, availability: 2, weakWifiShare: -1 }).score).toBe(100);
    expect(healthScore({ ...base, availability: Number.NaN }).score).toBe(70);
    expect([healthBand(80), healthBand(79), healthBand(50), healthBand(49)]).toEqual(['healthy', 'warning', 'warning', 'critical']);
  });

  it('needs review under 70, with a critical alert, or with drift', () => {
    expect(healthScore({ ...base, availability: 0, backup: 'failed' }).needsReview).toBe(true); // 55
    expect(healthScore({ ...base, backup: 'failed', warningAlerts: 7 }).needsReview).toBe(false); // 71
    expect(healthScore({ ...base, criticalAlerts: 1 }).needsReview).toBe(true);
    expect(healthScore({ ...base, drift: true }).needsReview).toBe(true);
  });

  it('health_drop when more than 15 below the previous day', () => {
    expect(isHealthDrop(90, 74)).toBe(true);
    expect(isHealthDrop(90, 75)).toBe(false);
    expect(isHealthDrop(null, 0)).toBe(false);
    expect(isHealthDrop(undefined, 0)).toBe(false);
  });

  it('deployment status follows the band unless a person set onboarding or offboarding', () => {
    expect(deploymentStatus('healthy', null)).toBe('active');
    expect(deploymentStatus('warning', 'active')).toBe('maintenance');
    expect(deploymentStatus('critical', undefined)).toBe('needs attention');
    expect(deploymentStatus('critical', 'Onboarding')).toBe('onboarding');
    expect(deploymentStatus('healthy', 'offboarding')).toBe('offboarding');
    expect(deploymentStatus(null, 'maintenance')).toBeNull();
  });
});

describe('daily health', () => {
  const at = new Date('2026-06-02T11:00:00Z');
  const job = (status: string, hoursBefore: number) => ({ status, startTime: new Date(at.getTime() - hoursBefore * 3_600_000).toISOString() });

  it('backup status from jobs in the 24 h before the evaluation', () => {
    expect(backupStatus([], at)).toBe('unknown');
    expect(backupStatus([job('COMPLETED', 25), job('FAILED', 30)], at)).toBe('unknown'); // outside the window
    expect(backupStatus([job('COMPLETED', -1)], at)).toBe('unknown'); // after the evaluation
    expect(backupStatus([job('RUNNING', 1), job('PROCESSING', 2)], at)).toBe('unknown');
    expect(backupStatus([job('COMPLETED', 2), job('COMPLETED', 23.9), job('RUNNING', 1)], at)).toBe('ok');
    expect(backupStatus([job('COMPLETED', 2), job('FAILED', 3)], at)).toBe('partial');
    expect(backupStatus([job('FAILED', 2), job('CANCELED', 3)], at)).toBe('failed');
    expect(backupStatus([{ status: null, startTime: null }], at)).toBe('unknown');
  });

  it('alert summary: top 3 by severity then most recent, as "Device: issue type"', () => {
    const issues: OpenIssue[] = [
      { device: 'WS-1', issueType: 'cpu', severity: 'warning', created: '2026-06-02T10:00:00Z' },
      { device: 'SRV-1', issueType: 'offline', severity: 'critical', created: '2026-06-01T10:00:00Z' },
      { device: 'SRV-2', issueType: 'backup_failed', severity: 'critical', created: '2026-06-02T09:00:00Z' },
      { device: 'WS-2', issueType: 'memory', severity: 'warning', created: '2026-06-02T10:30:00Z' },
    ];
    expect(alertSummary(issues)).toBe('SRV-2: backup_failed; SRV-1: offline; WS-2: memory');
    expect(alertSummary([])).toBe('');
  });

  it('devices, availability (100 with no devices), Wi-Fi and the score', () => {
    const empty = computeDailyHealth({ site: {}, ninjaDevices: [], issues: [], backupJobs: [], evaluationAt: at, drift: false });
    expect(empty).toMatchObject({ devicesTotal: 0, devicesOnline: 0, availabilityPct: 100, weakWifiShare: 0, backupStatus: 'unknown', healthScore: 95 });
    const h = computeDailyHealth({
      site: { totalDevice: 10, offlineDevice: 2, wifiClient: 37, offlineWifiDevice: 1, wifiDevice: 4 },
      ninjaDevices: [{ offline: false }, { offline: true }, { offline: null }],
      issues: [{ device: 'A', issueType: 'offline', severity: 'critical', created: null }, { device: 'B', issueType: 'cpu', severity: 'warning', created: null }],
      backupJobs: [job('COMPLETED', 3)],
      evaluationAt: at,
      drift: false,
    });
    expect(h).toMatchObject({
      devicesTotal: 13, devicesOffline: 3, devicesOnline: 10, availabilityPct: 76.92, wifiClients: 37, signalWarnings: 1,
      weakWifiShare: 0.25, activeAlerts: 2, criticalAlerts: 1, warningAlerts: 1, backupStatus: 'ok', configDrift: false,
      alertSummary: 'A: offline; B: cpu',
    });
    expect(h.healthScore).toBe(Math.round(100 - (3 / 13) * 30 - 0.25 * 20 - 12));
    expect(h.needsReview).toBe(true);
  });
});

describe('config drift', () => {
  const eval6 = new Date('2026-06-02T11:00:00Z');
  const det = { siteId: 's1', device: 'AP Lobby', category: 'firmware', detectedAt: '2026-06-02T08:00:00Z' };
  it('a detected change in the 24 h is drift unless a logged change covers it', () => {
    expect(configDrift('s1', [det], [], eval6)).toBe(true);
    expect(configDrift('s2', [det], [], eval6)).toBe(false); // another site
    expect(configDrift('s1', [{ ...det, detectedAt: '2026-06-01T10:59:00Z' }], [], eval6)).toBe(false); // before the window
    expect(configDrift('s1', [{ ...det, detectedAt: '2026-06-02T11:00:01Z' }], [], eval6)).toBe(false); // after the evaluation
    const logged = { siteId: 's1', device: null, category: 'Firmware', loggedAt: '2026-06-02T07:00:00Z' };
    expect(configDrift('s1', [det], [logged], eval6)).toBe(false); // same category
    expect(isCovered(det, [{ ...logged, category: 'wifi', device: 'ap lobby' }])).toBe(true); // same device
    expect(isCovered(det, [{ ...logged, category: 'wifi' }])).toBe(false); // neither
    expect(isCovered(det, [{ ...logged, siteId: 's2' }])).toBe(false);
    expect(isCovered(det, [{ ...logged, loggedAt: '2026-06-01T07:59:00Z' }])).toBe(false); // more than 24 h before
    expect(isCovered(det, [{ ...logged, loggedAt: '2026-06-02T08:00:01Z' }])).toBe(false); // after the detection
  });
});

describe('06:00 site-local', () => {
  it('computes the evaluation instant in the site zone, DST included', () => {
    expect(evaluationInstant('2026-06-02', 'America/Chicago').toISOString()).toBe('2026-06-02T11:00:00.000Z');
    expect(evaluationInstant('2026-01-02', 'America/Chicago').toISOString()).toBe('2026-01-02T12:00:00.000Z');
    expect(evaluationInstant('2026-06-02', 'America/Phoenix').toISOString()).toBe('2026-06-02T13:00:00.000Z');
    expect(evaluationInstant('2026-06-02', 'Not/AZone').toISOString()).toBe('2026-06-02T06:00:00.000Z');
    expect(evaluationInstant('2026-06-02', null).toISOString()).toBe('2026-06-02T06:00:00.000Z');
    expect(() => evaluationInstant('2026-02-30', 'UTC')).toThrow(RangeError);
    expect(siteZone('Europe/Paris')).toBe('Europe/Paris');
  });
  it('the latest health date is today after 06:00 local, else yesterday', () => {
    expect(latestHealthDate(new Date('2026-06-02T11:00:00Z'), 'America/Chicago')).toBe('2026-06-02');
    expect(latestHealthDate(new Date('2026-06-02T10:59:59Z'), 'America/Chicago')).toBe('2026-06-01');
    expect(latestHealthDate(new Date('2026-06-02T02:00:00Z'), 'America/New_York')).toBe('2026-06-01'); // 22:00 local on the 1st
    expect(latestHealthDate(new Date('2026-06-02T09:59:00Z'), 'America/New_York')).toBe('2026-06-01'); // 05:59 local
    expect(parseHealthDate('2026-13-01')).toBeNull();
    expect(parseHealthDate('20260601')).toBeNull();
  });
});
