import { z } from 'zod';
import type { SourceConnector, SourceMessage } from '../../src/core/connector.js';

/**
 * A test-only incremental connector over an in-memory list: yields items whose `seq` is above the committed cursor,
 * optionally throwing after `failAfter` items. Lets pipeline tests control exactly what a source returns.
 */
export interface ListSource {
  items: { seq: number; id: string; name: string; tags?: string[] }[];
  failAfter?: number;
  reads: number;
}

export function createListConnector(id: string, source: ListSource): SourceConnector<{ name: string }> {
  return {
    manifest: {
      id,
      name: 'test list',
      description: 'test',
      configSchema: z.object({ name: z.string() }),
      secrets: [],
      fields: [],
    },
    check: async () => ({ ok: true, message: 'ok' }),
    streams: () => [
      {
        name: `${id}_items`,
        primaryKey: ['id'],
        schema: { fields: [{ name: 'id', type: 'string', required: true }, { name: 'seq', type: 'integer' }, { name: 'name', type: 'string' }, { name: 'tags', type: 'json' }] },
        syncMode: 'incremental',
        cursorField: 'seq',
        async *read(ctx): AsyncGenerator<SourceMessage> {
          source.reads++;
          const after = typeof ctx.state === 'number' ? ctx.state : -1;
          let n = 0;
          // Inclusive cursor: the boundary item is read again and deduplicated by key + hash.
          for (const it of source.items.filter((i) => i.seq >= after).sort((a, b) => a.seq - b.seq)) {
            if (source.failAfter !== undefined && n >= source.failAfter) throw new Error('source broke mid-read');
            n++;
            yield { type: 'record', data: { ...it } };
          }
        },
        nextState: (state, rec) => Math.max(typeof state === 'number' ? state : -1, Number(rec.seq)),
      },
    ],
  };
}
