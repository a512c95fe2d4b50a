import { z } from 'zod';
import type { RouteModule } from '../api-deps.js';
import { iso } from '../api-schemas.js';

const resolutionRecord = z.object({
  record_id: z.string(),
  source: z.string(),
  source_key: z.string(),
  scope: z.string(),
  name: z.string(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  attributes: z.record(z.string(), z.unknown()),
  entity_id: z.string().nullable(),
  entity_members: z.number().int().describe('records in the same entity (1 = on its own)'),
  observed_at: z.string(),
});

interface RecordRow {
  record_id: string;
  source: string;
  source_key: string;
  scope: string;
  name: string;
  emails: string[];
  phones: string[];
  attributes: Record<string, unknown>;
  entity_id: string | null;
  entity_members: number;
  observed_at: Date;
}

/** The review screen: which entity types have items waiting, and both records of a pair side by side. */
export const reviewQueueRoutes: RouteModule = (f, deps) => {
  const { db } = deps.app;
  f.get('/api/v1/review', {
    config: { auth: 'review:read' },
    schema: {
      tags: ['review'],
      summary: 'Entity types with review items, and how many are open',
      response: { 200: z.object({ items: z.array(z.object({ entity_type: z.string(), open: z.number().int(), decided: z.number().int() })) }) },
    },
  }, async () => {
    const { rows } = await db.query<{ entity_type: string; open: number; decided: number }>(
      `select entity_type, count(*) filter (where status = 'open')::int as open,
              count(*) filter (where status in ('approved', 'rejected'))::int as decided
       from resolution_reviews group by entity_type order by entity_type`,
    );
    return { items: rows };
  });

  f.get('/api/v1/review-items/:id/records', {
    config: { auth: 'review:read' },
    schema: {
      tags: ['review'],
      summary: 'Both records of a review item, as the resolver saw them (normalised name, emails, phones, attributes)',
      params: z.object({ id: z.coerce.number().int().min(1) }),
      response: { 200: z.object({ a: resolutionRecord.nullable(), b: resolutionRecord.nullable() }) },
    },
  }, async (req) => {
    const { rows } = await db.query<RecordRow & { which: 'a' | 'b' }>(
      `select case when r.record_id = v.record_a then 'a' else 'b' end as which, r.record_id, r.source, r.source_key, r.scope,
              r.name, r.emails, r.phones, r.attributes, r.entity_id::text as entity_id, r.observed_at,
              (select count(*)::int from resolution_records m where m.entity_type = r.entity_type and m.entity_id = r.entity_id) as entity_members
       from resolution_reviews v
       join resolution_records r on r.entity_type = v.entity_type and r.record_id in (v.record_a, v.record_b)
       where v.id = $1`,
      [req.params.id],
    );
    const pick = (w: 'a' | 'b') => {
      const r = rows.find((x) => x.which === w);
      if (!r) return null;
      const { which: _which, ...rest } = r;
      return { ...rest, entity_members: Number(r.entity_members), observed_at: iso(r.observed_at) };
    };
    return { a: pick('a'), b: pick('b') };
  });
};
