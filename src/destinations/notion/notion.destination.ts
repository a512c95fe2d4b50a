import type { DestinationManifest } from '../destination.js';
import { notionConfigSchema, type NotionConfig } from './notion-config.js';

export const notionDestination: DestinationManifest<NotionConfig> = {
  kind: 'notion',
  name: 'Notion',
  description: 'One Notion database per stream or model: pages created, updated and trashed; human-owned properties pulled back.',
  configSchema: notionConfigSchema,
  secrets: ['token'],
  fields: [
    { name: 'token', label: 'Integration token', secret: true, required: true },
    { name: 'parent_page_id', label: 'Parent page id', required: true, description: 'The page the database is created under' },
    { name: 'stream', label: 'Stream or model', required: true },
    { name: 'base_url', label: 'API base URL', description: 'Default https://api.notion.com' },
    { name: 'database_id', label: 'Existing database id', description: 'Use this database instead of creating one' },
    { name: 'key_property', label: 'External key property', description: 'Default "Sluice Key"' },
    { name: 'title_field', label: 'Field shown as the title' },
    { name: 'human_owned', label: 'Human-owned properties', description: 'Comma list: never written after creation, pulled back' },
    { name: 'properties', label: 'Property overrides (JSON)', description: '{"field": {"name", "type", "options", "relation"} | false}' },
    { name: 'extra_properties', label: 'People-only properties (JSON)', description: '{"Priority": {"type": "select", "options": [...]}}' },
  ],
};
