import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { metricsRegistry } from '../../src/observability/metrics-registry.js';

const ROOT = join(import.meta.dirname, '..', '..');

interface Panel { title: string; type: string; targets?: { expr: string }[]; panels?: Panel[] }

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

it('docs/grafana/sluice.json queries only metrics the code exports (read from the prom-client registry)', async () => {
  // Every module that declares a metric against the registry, found by reading the source (a new one is picked up).
  const declaring = sourceFiles(join(ROOT, 'src')).filter((f) => /registers: \[metricsRegistry\]/.test(readFileSync(f, 'utf8')));
  expect(declaring.map((f) => relative(ROOT, f))).toContain('src/pipeline/pipeline-metrics.ts');
  for (const f of declaring) await import(pathToFileURL(f).href);
  const exported = new Map((await metricsRegistry.getMetricsAsJSON()).map((m) => [m.name, String(m.type)]));
  // A histogram is queried through its series: name_bucket, name_sum, name_count.
  const series = new Set([...exported].flatMap(([name, type]) => (type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name])));

  const dashboard = JSON.parse(readFileSync(join(ROOT, 'docs/grafana/sluice.json'), 'utf8')) as { panels: Panel[]; templating: { list: { query?: unknown }[] } };
  const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
  const exprs = [
    ...panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: p.title, expr: t.expr }))),
    ...dashboard.templating.list.map((v) => ({ where: 'variable', expr: JSON.stringify(v.query ?? '') })),
  ];
  expect(exprs.length).toBeGreaterThan(15);
  const queried = new Set<string>();
  for (const { where, expr } of exprs) {
    for (const name of expr.match(/\bsluice_[a-z0-9_]+/g) ?? []) {
      queried.add(name);
      expect(series.has(name), `"${where}" queries ${name}, which no code exports`).toBe(true);
    }
  }
  // The dashboard covers the main families: syncs, jobs, API, upstreams, breakers, alerts.
  for (const name of ['sluice_records_total', 'sluice_job_queue_depth', 'sluice_http_request_duration_seconds_bucket', 'sluice_upstream_requests_total', 'sluice_upstream_breaker_state', 'sluice_alerts_open']) {
    expect(queried, name).toContain(name);
  }
  // Every panel has a unique id and a place on the grid.
  const ids = panels.map((p) => (p as unknown as { id: number }).id);
  expect(new Set(ids).size).toBe(ids.length);
});
