import { z } from 'zod';
import { assertCron, nextOccurrence } from '../../jobs/cron-occurrence.js';
import type { RouteModule } from '../api-deps.js';

/** The schedule editor validates with the scheduler's own parser and shows the next runs in the chosen zone. */
export const cronPreviewRoutes: RouteModule = (f, deps) => {
  f.post('/api/v1/schedules/preview', {
    config: { auth: 'schedules:read' },
    schema: {
      tags: ['schedules'],
      summary: 'Validate a cron expression in a time zone and list its next runs (nothing is saved)',
      body: z.object({ cron: z.string().min(1).max(200), timezone: z.string().min(1).max(100).default('UTC'), count: z.number().int().min(1).max(20).default(5) }),
      response: { 200: z.object({ cron: z.string(), timezone: z.string(), next: z.array(z.object({ at: z.string(), local: z.string() })) }) },
    },
  }, async (req) => {
    const { cron, timezone, count } = req.body;
    assertCron(cron, timezone);
    const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' });
    const next: { at: string; local: string }[] = [];
    let after = deps.now();
    for (let i = 0; i < count; i++) {
      after = nextOccurrence(cron, timezone, after);
      next.push({ at: after.toISOString(), local: `${fmt.format(after)} ${timezone}` });
    }
    return { cron, timezone, next };
  });
};
