import { z } from 'zod';
import { jsonish } from '../../core/jsonish.js';
import { commaListSchema } from '../../core/comma-list.js';

export const NOTION_PROPERTY_TYPES = [
  'title', 'rich_text', 'number', 'select', 'multi_select', 'status', 'date', 'checkbox', 'url', 'email',
  'phone_number', 'relation',
] as const;
export type NotionPropertyType = (typeof NOTION_PROPERTY_TYPES)[number];


const commaList = commaListSchema;

/** Per-field overrides of the derived mapping. */
export const propertyOverrideSchema = z.union([
  z.literal(false),
  z.object({
    /** The Notion property name (default: the field name). */
    name: z.string().min(1).max(100).optional(),
    type: z.enum(NOTION_PROPERTY_TYPES).optional(),
    options: z.array(z.string().min(1).max(100)).max(100).optional(),
    /** For `relation`: the Notion destination whose pages the field's value (their record keys) points to. */
    relation: z.string().min(1).optional(),
    /** The value as text built from fields, e.g. "{latitude}, {longitude}" (record metadata allowed: "{_status}"). */
    template: z.string().min(1).max(500).optional(),
  }),
]);
export type PropertyOverride = z.infer<typeof propertyOverrideSchema>;

/** Properties only people fill (Notes, Priority, Analysis Status): created with the database, never written. */
export const extraPropertySchema = z.union([
  z.enum(NOTION_PROPERTY_TYPES),
  z.object({ type: z.enum(NOTION_PROPERTY_TYPES), options: z.array(z.string().min(1).max(100)).max(100).optional() }),
]);

export const notionConfigSchema = z
  .object({
    token: z.string().min(1),
    parent_page_id: z.string().min(1),
    stream: z.string().min(1).optional(),
    model: z.string().min(1).optional(),
    base_url: z.url().default('https://api.notion.com'),
    database_id: z.string().min(1).optional(),
    database_title: z.string().min(1).max(200).optional(),
    key_property: z.string().min(1).max(100).default('Sluice Key'),
    title_field: z.string().min(1).optional(),
    human_owned: commaList.default([]),
    /**
     * Properties Sluice writes unless a person set one of these values in Notion (msp Deployment Status: onboarding,
     * offboarding): pulled back like human-owned ones, and while the page holds such a value Sluice writes that
     * property only with a value of the same list (a person's decision made through Sluice), never its own.
     */
    human_values: jsonish(z.record(z.string(), z.array(z.string()).min(1))).default({}),
    /** false: only the fields listed in `properties` (and record metadata such as `_status`) become properties. */
    map_all_fields: z.preprocess((v) => (v === 'false' ? false : v === 'true' ? true : v), z.boolean()).default(true),
    /** What a removed record's page becomes: moved to the trash, or kept and updated (its `_status` reads removed). */
    on_removed: z.enum(['trash', 'mark']).default('trash'),
    properties: jsonish(z.record(z.string(), propertyOverrideSchema)).default({}),
    extra_properties: jsonish(z.record(z.string(), extraPropertySchema)).default({}),
    /** Requests per second for this token (Notion: 3 on average), shared by every worker. */
    rate_per_second: z.coerce.number().positive().max(1000).default(3),
    workers: z.coerce.number().int().min(1).max(16).default(3),
  })
  .refine((c) => Boolean(c.stream ?? c.model), { message: 'stream (or model) is required', path: ['stream'] });

export type NotionConfig = z.infer<typeof notionConfigSchema>;

export const notionStreamOf = (c: NotionConfig): string => (c.stream ?? c.model) as string;
