import type { Readable } from 'node:stream';
import { z } from 'zod';
import { writeAudit } from '../../auth/audit-log.js';
import { checkStorageKey, fileNotFound, type StoredFile } from '../../storage/file-storage.js';
import { actorOf } from '../access-control.js';
import type { RouteModule } from '../api-deps.js';
import { iso, isoDate } from '../api-schemas.js';

const fileItem = z.object({ key: z.string(), size: z.number().int(), modified_at: isoDate });
const link = z.object({ url: z.string(), expires_at: isoDate });
const out = (f: StoredFile): z.infer<typeof fileItem> => ({ key: f.key, size: f.size, modified_at: iso(f.modifiedAt) });

const UPLOAD_TYPES = ['text/csv', 'text/plain', 'application/octet-stream'];

/** The file storage over HTTP: uploads (a CSV upload becomes a CSV connection's input), listing, signed downloads. */
export const fileRoutes: RouteModule = (f, deps) => {
  const { app } = deps;
  const tags = ['files'];
  // Uploads are streamed straight into the storage, never buffered whole (a CSV may be gigabytes).
  f.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, payload));
  const absolute = (path: string): string => (app.config.server.publicUrl ? new URL(path, app.config.server.publicUrl).toString() : path);

  f.post('/api/v1/files/uploads', {
    config: { auth: 'connections:write' },
    schema: {
      tags,
      summary: 'Upload a file (raw body: text/csv or application/octet-stream); use `path` as a CSV connection\'s path',
      querystring: z.object({ name: z.string().min(1).max(200).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-"') }),
      response: { 201: fileItem.extend({ path: z.string().describe('storage:uploads/<name>: the CSV connector reads it from the file storage') }) },
    },
  }, async (req, reply) => {
    const key = checkStorageKey(`uploads/${req.query.name}`);
    const stored = await app.storage.put(key, req.body as Readable, { contentType: req.headers['content-type'] ?? 'application/octet-stream' });
    await writeAudit(app.db, { actor: actorOf(req), action: 'files.upload', target: key, requestId: req.id, ip: req.ip, details: { size: stored.size } });
    return reply.status(201).send({ ...out(stored), path: `storage:${key}` });
  });

  f.get('/api/v1/files', {
    config: { auth: 'files:read' },
    schema: {
      tags,
      summary: 'Files in the storage under a prefix (exports/, reports/, backups/, uploads/)',
      querystring: z.object({ prefix: z.string().max(300).default('') }),
      response: { 200: z.object({ location: z.string(), items: z.array(fileItem) }) },
    },
  }, async (req) => ({ location: app.storage.location, items: (await app.storage.list(req.query.prefix)).map(out) }));

  f.post('/api/v1/files/links', {
    config: { auth: 'files:read' },
    schema: {
      tags,
      summary: 'A signed download link to one file, valid for a limited time (no credentials needed to follow it)',
      body: z.object({ key: z.string().min(1).max(512), expires_in_seconds: z.number().int().min(10).max(7 * 86_400).optional() }),
      response: { 201: link },
    },
  }, async (req, reply) => {
    const key = checkStorageKey(req.body.key);
    if (!(await app.storage.stat(key))) throw fileNotFound(key);
    const signed = app.links.sign(key, req.body.expires_in_seconds);
    await writeAudit(app.db, { actor: actorOf(req), action: 'files.link', target: key, requestId: req.id, ip: req.ip });
    return reply.status(201).send({ url: absolute(signed.path), expires_at: iso(signed.expiresAt) });
  });

  f.get('/api/v1/files/download/:token', {
    config: { auth: 'public' },
    schema: { tags, summary: 'Follow a signed download link (the signature is the credential; it expires)', params: z.object({ token: z.string().max(2000) }) },
  }, async (req, reply) => {
    const key = app.links.verify(req.params.token);
    const body = await app.storage.get(key);
    const name = key.slice(key.lastIndexOf('/') + 1);
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .send(body);
  });
};
