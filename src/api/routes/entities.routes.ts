import { z } from 'zod';
import { writeAudit } from '../../auth/audit-log.js';
import { entityMembers, getEntity, listEntities, type EntityRow } from '../../resolve/store/entity-queries.js';
import { decideReview, getReview, listReviews, splitRecord, type ReviewRow } from '../../resolve/store/review-decisions.js';
import { reviewDetail } from '../../resolve/store/review-detail.js';
import { actorOf } from '../access-control.js';
import type { RouteModule } from '../api-deps.js';
import { iso, isoDate, nullableIsoDate } from '../api-schemas.js';

const entity = z.object({
  id: z.string(),
  entity_type: z.string(),
  name: z.string(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  scope: z.string(),
  attributes: z.record(z.string(), z.unknown()),
  provenance: z.record(z.string(), z.unknown()),
  sources: z.array(z.string()),
  member_count: z.number().int(),
  confidence: z.number(),
  match_tier: z.string().nullable(),
  needs_review: z.boolean(),
  version: z.number().int(),
  created_at: isoDate,
  updated_at: isoDate,
});

const review = z.object({
  id: z.number().int(),
  entity_type: z.string(),
  record_a: z.string(),
  record_b: z.string(),
  score: z.number(),
  tier: z.string(),
  cause: z.string(),
  reasons: z.array(z.string()),
  status: z.string(),
  created_at: isoDate,
  decided_at: nullableIsoDate,
  decided_by: z.string().nullable(),
});

function outEntity(e: EntityRow): z.infer<typeof entity> {
  return { ...e, member_count: Number(e.member_count), confidence: Number(e.confidence), version: Number(e.version), created_at: iso(e.created_at), updated_at: iso(e.updated_at) };
}

function outReview(r: ReviewRow): z.infer<typeof review> {
  return { ...r, id: Number(r.id), score: Number(r.score), created_at: iso(r.created_at), decided_at: iso(r.decided_at) };
}

const typeParam = z.object({ type: z.string().min(1).max(100) });
const reviewId = z.object({ id: z.coerce.number().int().positive() });

export const entityRoutes: RouteModule = (f, deps) => {
  const db = deps.app.db;

  f.get('/api/v1/entities/:type', {
    config: { auth: 'data:read' },
    schema: {
      tags: ['entities'],
      summary: 'Golden records (entities) of a type, filtered by text in name, emails, phones or scope',
      params: typeParam,
      querystring: z.object({ q: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      response: { 200: z.object({ items: z.array(entity) }) },
    },
  }, async (req) => ({
    items: (await listEntities(db, req.params.type, { ...(req.query.q ? { query: req.query.q } : {}), limit: req.query.limit })).map(outEntity),
  }));

  f.get('/api/v1/entities/:type/:id', {
    config: { auth: 'data:read' },
    schema: {
      tags: ['entities'],
      summary: 'One entity with its member records and the provenance of each field',
      params: typeParam.extend({ id: z.uuid() }),
      response: { 200: entity.extend({ members: z.array(z.record(z.string(), z.unknown())) }) },
    },
  }, async (req) => {
    const e = await getEntity(db, req.params.type, req.params.id);
    const members = await entityMembers(db, req.params.type, e.id);
    return { ...outEntity(e), members: members.map((m) => JSON.parse(JSON.stringify(m)) as Record<string, unknown>) };
  });

  f.post('/api/v1/entities/:type/:id/split', {
    config: { auth: 'review:write' },
    schema: {
      tags: ['review'],
      summary: 'Take a record out of an entity for good (kept apart from every current member in later runs)',
      params: typeParam.extend({ id: z.uuid() }),
      body: z.object({ record_id: z.string().min(1).max(500) }),
      response: { 200: z.object({ kept_apart_from: z.array(z.string()) }) },
    },
  }, async (req) => {
    const r = await splitRecord(db, req.params.type, req.params.id, req.body.record_id, actorOf(req));
    await writeAudit(db, { actor: actorOf(req), action: 'review.split', target: req.params.id, requestId: req.id, ip: req.ip, details: { record_id: req.body.record_id } });
    return r;
  });

  f.get('/api/v1/review/:type', {
    config: { auth: 'review:read' },
    schema: {
      tags: ['review'],
      summary: 'Review queue of an entity type: candidate pairs, highest score first',
      params: typeParam,
      querystring: z.object({ status: z.enum(['open', 'approved', 'rejected']).default('open'), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      response: { 200: z.object({ items: z.array(review) }) },
    },
  }, async (req) => ({ items: (await listReviews(db, req.params.type, req.query.status, req.query.limit)).map(outReview) }));

  f.get('/api/v1/review-items/:id', {
    config: { auth: 'review:read' },
    schema: { tags: ['review'], summary: 'One review item', params: reviewId, response: { 200: review } },
  }, async (req) => outReview(await getReview(db, req.params.id)));

  f.get('/api/v1/review-items/:id/detail', {
    config: { auth: 'review:read' },
    schema: {
      tags: ['review'],
      summary: 'One review item with both records side by side and the evidence for and against merging them',
      params: reviewId,
      response: {
        200: z.object({
          item: review,
          records: z.array(z.record(z.string(), z.unknown()).nullable()),
          evidence: z.object({ for: z.array(z.string()), against: z.array(z.string()) }),
        }),
      },
    },
  }, async (req) => {
    const d = await reviewDetail(db, req.params.id);
    const rec = (r: (typeof d.records)[number]) => (r ? { ...r, observed_at: iso(r.observed_at) } : null);
    return { item: outReview(d.item), records: [rec(d.records[0]), rec(d.records[1])], evidence: d.evidence };
  });

  f.post('/api/v1/review-items/:id/decide', {
    config: { auth: 'review:write' },
    schema: {
      tags: ['review'],
      summary: 'Decide a review item: approve (one entity) or reject (keep apart); human decisions win in every later run',
      params: reviewId,
      body: z.object({ verdict: z.enum(['approve', 'reject']) }),
      response: { 200: review },
    },
  }, async (req) => {
    const r = await decideReview(db, req.params.id, req.body.verdict, actorOf(req));
    await writeAudit(db, { actor: actorOf(req), action: 'review.decide', target: String(r.id), requestId: req.id, ip: req.ip, details: { verdict: req.body.verdict } });
    return outReview(r);
  });
};
