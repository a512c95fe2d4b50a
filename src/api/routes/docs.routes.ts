import type { RouteModule } from '../api-deps.js';

const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sluice API</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:960px;padding:0 1rem;color:#1d2430}
h1{font-size:1.4rem}h2{font-size:1.05rem;margin-top:1.6rem;border-bottom:1px solid #ddd}code{background:#f3f4f6;padding:0 .3em}
.op{margin:.3rem 0}.m{display:inline-block;width:4.5rem;font-weight:600}.d{color:#555}</style></head>
<body><h1>Sluice API v1</h1><p>Machine-readable: <a href="/api/v1/openapi.json"><code>/api/v1/openapi.json</code></a> (OpenAPI 3.1).
Authenticate with <code>Authorization: Bearer &lt;token&gt;</code>.</p><div id="ops">Loading…</div>
<script src="/api/v1/docs.js"></script></body></html>`;

// Renders the operations of the OpenAPI document grouped by tag; served from here so the CSP can stay 'self'.
const DOCS_JS = `fetch('/api/v1/openapi.json').then(r=>r.json()).then(doc=>{
const byTag={};for(const [path,item] of Object.entries(doc.paths)){for(const [m,op] of Object.entries(item)){
const t=(op.tags&&op.tags[0])||'other';(byTag[t]=byTag[t]||[]).push({m:m.toUpperCase(),path,op});}}
const root=document.getElementById('ops');root.textContent='';
for(const t of Object.keys(byTag).sort()){const h=document.createElement('h2');h.textContent=t;root.appendChild(h);
for(const o of byTag[t]){const d=document.createElement('div');d.className='op';
const m=document.createElement('span');m.className='m';m.textContent=o.m;const p=document.createElement('code');p.textContent=o.path;
const s=document.createElement('span');s.className='d';s.textContent=' — '+(o.op.summary||'');d.append(m,p,s);root.appendChild(d);}}});`;

export const docsRoutes: RouteModule = (f) => {
  f.get('/api/v1/openapi.json', {
    config: { auth: 'public' },
    schema: { tags: ['docs'], summary: 'This API as an OpenAPI 3.1 document' },
  }, async () => f.swagger());
  f.get('/api/v1/docs', { config: { auth: 'public' }, schema: { tags: ['docs'], summary: 'API documentation page' } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(DOCS_HTML),
  );
  f.get('/api/v1/docs.js', { config: { auth: 'public' }, schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').send(DOCS_JS),
  );
};
