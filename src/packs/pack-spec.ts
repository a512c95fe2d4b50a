import { z } from 'zod';

/**
 * The pack declaration (`src/packs/<id>/pack.ts`): everything a seed system needs, as data. The engine
 * (`src/packs/pack-engine.ts`) installs it idempotently, runs it in dependency order, reports its status and removes it.
 *
 * Strings anywhere in a template may hold placeholders, filled at install time:
 *   `{{<part>.<setting>}}`     a pack setting (`{{ui.base_url}}`, `{{notion.token}}`); alone in a string it keeps its
 *                              type (number, boolean, list), inside text it is interpolated
 *   `{{pack}}`                 the pack id
 *   `{{connection:<id>}}`      the name of the pack's connection `<id>` (same for `destination:`)
 *   `{{instance.name}}`        inside an instance template: the instance's name (`{{<template>.<setting>}}` its settings)
 * A template whose placeholders cannot all be filled (a credential not given yet) is not created; the pack stays
 * `needs_credentials` and `status` lists the missing keys — unless the part is `optional` (then it is skipped).
 */

const ID_RE = /^[a-z][a-z0-9_-]{0,40}$/;
const id = z.string().regex(ID_RE, 'lower-case letters, digits, "-" or "_", starting with a letter');

export const SETTING_TYPES = ['string', 'secret', 'url', 'integer', 'number', 'boolean', 'cron', 'timezone', 'list'] as const;
export type SettingType = (typeof SETTING_TYPES)[number];

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** How `--sandbox URL` fills a setting from the simulators served at URL. */
export const sandboxFillSchema = z.union([
  /** URL of a simulator: `{ url: 'notion' }` → `<URL>/notion` (`path` appended). */
  z.strictObject({ url: z.string().min(1), path: z.string().optional() }),
  /** A value of `GET <URL>/_admin/credentials`, by dotted path: `{ credential: 'notion.token' }`. */
  z.strictObject({ credential: z.string().min(1) }),
  /** A fixed value that suits the sandbox (no pacing, a high rate limit). */
  z.strictObject({ value: z.union([scalar, z.array(z.string())]) }),
]);
export type SandboxFill = z.infer<typeof sandboxFillSchema>;

export const packSettingSchema = z.strictObject({
  type: z.enum(SETTING_TYPES),
  description: z.string().min(1),
  default: z.union([scalar, z.array(z.string())]).optional(),
  /** Needed before the parts that use it can be created (a credential, a parent page): listed until given. */
  required: z.boolean().default(false),
  /** Smallest value; for a `cron` setting, the shortest interval allowed between two runs, in minutes. */
  min: z.number().optional(),
  max: z.number().optional(),
  /** Allowed values. */
  options: z.array(z.string().min(1)).optional(),
  sandbox: sandboxFillSchema.optional(),
  /** `random`: generated once at install when not given (a webhook signing secret), then kept. */
  generate: z.literal('random').optional(),
});
export type PackSetting = z.infer<typeof packSettingSchema>;

/** Settings of one part (connection, destination, schedule, …): `--set <part>.<setting>=value`. */
const settingsOf = z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), packSettingSchema);

export const connectionTemplateSchema = z.strictObject({
  /** The part id; its settings are `<id>.<setting>`. */
  id,
  /** Connector id (`src/connectors/registry.ts`). */
  connector: z.string().min(1),
  /** Connection name (default `<pack>-<id>`, instances `<pack>-<instance>`). */
  name: z.string().min(1).optional(),
  /** Connector config; secrets are encrypted at rest like any connection's. */
  config: z.record(z.string(), z.unknown()),
  /** Pipeline settings: removal grace (`removal_misses`), mass-removal guard. */
  pipeline: z.record(z.string(), z.unknown()).default({}),
  optional: z.boolean().default(false),
});
export type ConnectionTemplate = z.infer<typeof connectionTemplateSchema>;

export const destinationTemplateSchema = z.strictObject({
  id,
  kind: z.enum(['notion', 'webhook']),
  /** Destination name (default `<pack>-<id>`). */
  name: z.string().min(1).optional(),
  /** The destination config (Notion: stream, database title, exact property mapping, human-owned properties). */
  config: z.record(z.string(), z.unknown()),
  /** Pull human edits back on each run (two-way Notion). */
  pull: z.boolean().default(false),
  /** Created only once its settings are given (e.g. a digest webhook URL); the pack does not wait for it. */
  optional: z.boolean().default(false),
});
export type DestinationTemplate = z.infer<typeof destinationTemplateSchema>;

export const scheduleTemplateSchema = z.strictObject({
  id,
  /** `pack:{{pack}}` (the whole pack run), `sync:{{connection:ui}}`, `push:{{destination:notion}}`, `model:<name>`, … */
  target: z.string().min(1),
  cron: z.string().min(1),
  timezone: z.string().min(1).default('UTC'),
  /** Installed paused (e.g. a setting turns it on). */
  paused: z.union([z.boolean(), z.string()]).default(false),
});
export type ScheduleTemplate = z.infer<typeof scheduleTemplateSchema>;

/** Which stream records feed an entity type's resolution, and how their fields map to the resolver's input. */
export const entityTemplateSchema = z.strictObject({
  /** A registered entity type (`src/resolve/rules/<type>.rules.ts`). */
  type: z.string().min(1),
  stream: z.string().min(1),
  /** The source name shown in provenance (default: the stream). */
  source: z.string().min(1).optional(),
  /** The name field, or several: the first that is not empty (a UniFi site: `desc`, else `name`); not needed with `expand`. */
  name: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  /**
   * A registered expander (`src/packs/entity-expanders.ts`) that turns each record into the resolver's records itself
   * (agents: one per team member); replaces the field mapping below. Values it cannot use are quarantined.
   */
  expand: z.string().min(1).optional(),
  emails: z.array(z.string()).default([]),
  phones: z.array(z.string()).default([]),
  /** Resolution never crosses this field's values (agents: the team). */
  scope: z.string().optional(),
  /** Carried into the golden record (and available to the rules, e.g. website). */
  attributes: z.array(z.string()).default([]),
  /** Removed records leave their entity (default). */
  active_only: z.boolean().default(true),
}).refine((t) => t.name !== undefined || t.expand !== undefined, { message: 'needs the name field or an expander (expand)' });
export type EntityTemplate = z.infer<typeof entityTemplateSchema>;

/** A field the pack filters or sorts on: the index engine creates it (expression index on the record data). */
export const indexDeclarationSchema = z.strictObject({
  stream: z.string().min(1),
  fields: z.array(z.string().min(1)).default([]),
  /** The field the pack's pages sort by after these filters (newest first works too). */
  sort: z.string().min(1).optional(),
}).refine((i) => i.fields.length > 0 || i.sort !== undefined, { message: 'an index needs fields or a sort field' });
export type IndexDeclaration = z.infer<typeof indexDeclarationSchema>;

/**
 * Pre-aggregated counts and sums of a stream (`src/store/stream-rollups.ts`), kept by the database with every write:
 * the pack's statistics over millions of records read these groups instead.
 */
export const rollupDeclarationSchema = z.strictObject({
  stream: z.string().min(1),
  dims: z.array(z.string().min(1)).default([]),
  day: z.string().min(1).optional(),
  measures: z.array(z.string().min(1)).default([]),
}).refine((r) => r.dims.length > 0 || r.day !== undefined, { message: 'a rollup needs group fields or a day field' });
export type RollupDeclaration = z.infer<typeof rollupDeclarationSchema>;
/** A repeatable part a user adds later (`sluice pack add <pack> <template> <name> --set …`), e.g. a DGI dealer. */
export const instanceTemplateSchema = z.strictObject({
  description: z.string().min(1),
  /** `--set <template>.<setting>=…` when adding an instance. */
  settings: settingsOf.default({}),
  connections: z.array(connectionTemplateSchema).default([]),
  destinations: z.array(destinationTemplateSchema).default([]),
  schedules: z.array(scheduleTemplateSchema).default([]),
  /**
   * Spreads the schedules whose cron is `{{stagger.cron}}` over every instance of the template (`staggerSchedules`):
   * instances whose `group` renders the same (one API key at one host) never start together, and all of them trickle
   * over the period instead of firing at once. Adding an instance re-spreads the others where their slot moved; a
   * schedule someone changed by hand is kept.
   */
  stagger: z
    .strictObject({
      /** Minutes between two runs of each schedule (a setting placeholder, or a number): divides an hour or is whole hours dividing a day. */
      every_minutes: z.union([z.number().int().positive(), z.string().min(1)]),
      /** What instances that must not burst together share (hashed; may name secrets). */
      group: z.string().min(1),
    })
    .optional(),
});
export type InstanceTemplate = z.infer<typeof instanceTemplateSchema>;

/**
 * A declaration the engine hands to another module unchanged (models, dashboards): validated by that module's own
 * schema at start, registered on install and unregistered on uninstall through its functions.
 */
const declared = z.record(z.string(), z.unknown()).refine((v) => typeof v.name === 'string' || typeof v.id === 'string', {
  message: 'needs a name (models) or an id (dashboards)',
});

export const packSpecSchema = z
  .strictObject({
    id,
    name: z.string().min(1),
    description: z.string().min(1),
    /** Semver of the declaration; shown by status so an upgrade is visible. */
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    /** Every setting by part: `settings.ui.base_url` is `--set ui.base_url=…`. */
    settings: z.record(id, settingsOf).default({}),
    connections: z.array(connectionTemplateSchema).default([]),
    entities: z.array(entityTemplateSchema).default([]),
    /** Model declarations (`src/models/model-spec.ts`), refreshed in dependency order after the syncs. */
    models: z.array(declared).default([]),
    destinations: z.array(destinationTemplateSchema).default([]),
    schedules: z.array(scheduleTemplateSchema).default([]),
    /** Dashboard declarations (`src/dashboards/dashboard-spec.ts`). */
    dashboards: z.array(declared).default([]),
    indexes: z.array(indexDeclarationSchema).default([]),
    rollups: z.array(rollupDeclarationSchema).default([]),
    /**
     * Days the raw runs of the pack's connections (run rows and their logs) are kept; the change history is kept
     * forever. A number or a placeholder (`{{retention.raw_run_days}}`).
     */
    retention_days: z.union([z.number().int().min(1), z.string().min(1)]).optional(),
    instances: z.record(id, instanceTemplateSchema).default({}),
  })
  .superRefine((p, ctx) => {
    const dup = (what: string, ids: readonly string[]) => {
      const seen = new Set<string>();
      for (const i of ids) {
        if (seen.has(i)) ctx.addIssue({ code: 'custom', message: `two ${what} share the id "${i}"`, path: [what] });
        seen.add(i);
      }
    };
    dup('connections', p.connections.map((c) => c.id));
    dup('destinations', p.destinations.map((d) => d.id));
    dup('schedules', p.schedules.map((s) => s.id));
    dup('parts', [...p.connections.map((c) => c.id), ...p.destinations.map((d) => d.id)]);
  });

/** What a pack file exports (before defaults are applied). */
export type PackSpecInput = z.input<typeof packSpecSchema>;
export type PackSpec = z.output<typeof packSpecSchema>;

/** Identity helper so a pack file is type-checked against the declaration: `export default definePack({ … })`. */
export function definePack(spec: PackSpecInput): PackSpecInput {
  return spec;
}
