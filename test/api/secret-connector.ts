import { z } from 'zod';
import type { SourceConnector, SourceMessage } from '../../src/core/connector.js';

export const SECRET_VALUE = 'sk-live-7Hq2XzP9vB4nL0mW3yT8';

/** A test source with one secret: `check` and `read` succeed only when they receive the real key. */
export function createSecretConnector(): SourceConnector<{ region: string; api_key: string }> {
  return {
    manifest: {
      id: 'secret-test',
      name: 'secret test source',
      description: 'test',
      configSchema: z.object({ region: z.enum(['eu', 'us']), api_key: z.string().min(10) }),
      secrets: ['api_key'],
      fields: [
        { name: 'region', label: 'Region', required: true },
        { name: 'api_key', label: 'API key', secret: true, required: true },
      ],
    },
    check: async (config) =>
      config.api_key === SECRET_VALUE ? { ok: true, message: 'the API key was accepted' } : { ok: false, message: 'the API key was rejected (401)' },
    streams: () => [
      {
        name: 'secret_items',
        primaryKey: ['id'],
        schema: { fields: [{ name: 'id', type: 'string', required: true }, { name: 'region', type: 'string' }] },
        syncMode: 'full_snapshot',
        async *read(ctx): AsyncGenerator<SourceMessage> {
          if (ctx.config.api_key !== SECRET_VALUE) throw new Error('unauthorised');
          for (let i = 0; i < 5; i++) yield { type: 'record', data: { id: `item-${i}`, region: ctx.config.region } };
        },
      },
    ],
  };
}
