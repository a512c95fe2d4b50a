import type { FastifyInstance } from 'fastify';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** The page served at `/` when no web UI build exists: real facts only (the live route list), no sample data. */
export function statusPageHtml(fastify: FastifyInstance): string {
  const doc = fastify.swagger() as { paths?: Record<string, Record<string, { summary?: string }>> };
  const rows = Object.entries(doc.paths ?? {})
    .flatMap(([path, item]) => Object.entries(item).map(([m, op]) => `<tr><td>${esc(m.toUpperCase())}</td><td><code>${esc(path)}</code></td><td>${esc(op.summary ?? '')}</td></tr>`))
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sluice</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:1000px;padding:0 1rem;color:#1d2430}
table{border-collapse:collapse;width:100%}td{padding:.2rem .5rem;border-bottom:1px solid #eee;vertical-align:top}code{background:#f3f4f6}</style>
</head><body><h1>Sluice is running</h1>
<p>The web UI is not built in this installation (no <code>web/dist</code>). The REST API is available:
<a href="/api/v1/docs">documentation</a>, <a href="/api/v1/openapi.json">OpenAPI document</a>,
<a href="/health/ready">readiness</a>, <a href="/metrics">metrics</a>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What it does</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
}
