import type { DestinationManifest } from '../destination.js';
import { webhookConfigSchema, type WebhookConfig } from './webhook-config.js';

export const webhookDestination: DestinationManifest<WebhookConfig> = {
  kind: 'webhook',
  name: 'Webhook',
  description: 'Signed (HMAC-SHA256) batches of change events, retried with backoff, dead-lettered after N attempts.',
  configSchema: webhookConfigSchema,
  secrets: ['secret'],
  fields: [
    { name: 'url', label: 'URL', required: true },
    { name: 'secret', label: 'Signing secret', secret: true, required: true },
    { name: 'streams', label: 'Streams', description: 'Comma list; empty = all' },
    { name: 'kinds', label: 'Change kinds', description: 'created, updated, removed, restored, merged, split, annotated; empty = all' },
    { name: 'batch_size', label: 'Events per request', description: 'Default 100' },
    { name: 'max_attempts', label: 'Attempts before dead-lettering', description: 'Default 5' },
    { name: 'backoff_ms', label: 'First retry delay (ms)', description: 'Default 1000, doubled per attempt' },
  ],
};
