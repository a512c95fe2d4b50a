import { SluiceError } from '../core/errors.js';
import type { SqlExecutor } from '../store/database.js';
import { decryptSecrets, encryptSecrets, maskSecrets, type SecretBox } from '../store/secret-box.js';
import type { DestinationKind } from './destination.js';
import { getDestinationManifest } from './destination-registry.js';
import { splitCommaList } from '../core/comma-list.js';

export interface DestinationRow {
  readonly id: string;
  readonly name: string;
  readonly kind: DestinationKind;
  readonly config: Record<string, unknown>;
  readonly secrets: Record<string, string>;
  readonly state: Record<string, unknown>;
  readonly enabled: boolean;
  readonly created_at: Date;
  readonly updated_at: Date;
}

/** A destination with its secrets decrypted: only for the push itself, never for output. */
export interface LoadedDestination extends Omit<DestinationRow, 'secrets'> {
  /** The validated config, secrets included. */
  readonly settings: Record<string, unknown>;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** Validates a full config with the kind's schema; every problem is listed. */
export function validateDestinationConfig(kind: DestinationKind, config: Record<string, unknown>): Record<string, unknown> {
  const parsed = getDestinationManifest(kind).configSchema.safeParse(config);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`);
    throw new SluiceError('validation_failed', `invalid ${kind} destination config: ${problems.join('; ')}`, { details: { problems } });
  }
  return parsed.data as Record<string, unknown>;
}

export async function createDestination(
  db: SqlExecutor,
  box: SecretBox,
  input: { name: string; kind: DestinationKind; config: Record<string, unknown> },
): Promise<DestinationRow> {
  if (!NAME_RE.test(input.name)) {
    throw new SluiceError('validation_failed', `destination name "${input.name}" must be 1-63 letters, digits, "_", "." or "-"`);
  }
  const manifest = getDestinationManifest(input.kind);
  validateDestinationConfig(input.kind, input.config);
  // The raw input is stored (not the parsed defaults) so later default changes apply to existing destinations.
  const { plain, sealed } = encryptSecrets(box, input.config, manifest.secrets);
  const { rows } = await db.query<DestinationRow>(
    `insert into destinations (name, kind, config, secrets) values ($1, $2, $3::jsonb, $4::jsonb)
     on conflict (name) do nothing returning *`,
    [input.name, input.kind, JSON.stringify(plain), JSON.stringify(sealed)],
  );
  const row = rows[0];
  if (!row) throw new SluiceError('already_exists', `a destination named "${input.name}" already exists`);
  return row;
}

export async function getDestinationRow(db: SqlExecutor, name: string): Promise<DestinationRow> {
  const { rows } = await db.query<DestinationRow>('select * from destinations where name = $1', [name]);
  const row = rows[0];
  if (!row) throw new SluiceError('not_found', `no destination named "${name}"`);
  return row;
}

export async function loadDestination(db: SqlExecutor, box: SecretBox, name: string): Promise<LoadedDestination> {
  const row = await getDestinationRow(db, name);
  const settings = validateDestinationConfig(row.kind, { ...row.config, ...decryptSecrets(box, row.secrets) });
  const { secrets: _secrets, ...rest } = row;
  return { ...rest, settings };
}

/** What lists and APIs show: secrets masked, never their values. */
export interface DestinationView {
  readonly id: string;
  readonly name: string;
  readonly kind: DestinationKind;
  readonly enabled: boolean;
  readonly config: Record<string, unknown>;
  readonly state: Record<string, unknown>;
  readonly created_at: Date;
  readonly updated_at: Date;
}

export function destinationView(row: DestinationRow): DestinationView {
  const manifest = getDestinationManifest(row.kind);
  return {
    id: row.id, name: row.name, kind: row.kind, enabled: row.enabled,
    config: { ...row.config, ...maskSecrets(row.secrets, manifest.secrets) },
    state: row.state, created_at: row.created_at, updated_at: row.updated_at,
  };
}

export async function listDestinationRows(db: SqlExecutor): Promise<DestinationRow[]> {
  const { rows } = await db.query<DestinationRow>('select * from destinations order by name');
  return rows;
}

/** Merges `patch` into the destination's discovered state (ids, schema signature). */
export async function updateDestinationState(db: SqlExecutor, id: string, patch: Record<string, unknown>): Promise<void> {
  await db.query(`update destinations set state = state || $2::jsonb, updated_at = now() where id = $1`, [id, JSON.stringify(patch)]);
}

/** Names of the enabled destinations fed by a stream (jobs enqueue a push for each after a sync changed it). */
export async function listDestinationsForStream(db: SqlExecutor, streamName: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string; kind: DestinationKind; config: Record<string, unknown> }>(
    `select name, kind, config from destinations where enabled order by name`,
  );
  return rows
    .filter((r) => {
      const streams = destinationStreams(r.config);
      // A webhook without a stream filter subscribes to every stream.
      return streams.includes(streamName) || (r.kind === 'webhook' && streams.length === 0);
    })
    .map((r) => r.name);
}

/** Streams a destination consumes: `stream`/`model` (Notion) or the `streams` filter (webhook; empty = none listed). */
export function destinationStreams(config: Record<string, unknown>): string[] {
  const one = [config.stream, config.model].filter((v): v is string => typeof v === 'string' && v.length > 0);
  const many = Array.isArray(config.streams)
    ? splitCommaList(config.streams.map(String))
    : typeof config.streams === 'string' ? splitCommaList(config.streams) : [];
  return [...new Set([...one, ...many])];
}

/**
 * Changes a destination's settings. Secret keys that are absent (or "••••", as an API client echoes them back) keep
 * their stored value; an explicit null clears a key. The merged config is validated like a new one.
 */
export async function updateDestination(
  db: SqlExecutor,
  box: SecretBox,
  name: string,
  patch: { config?: Record<string, unknown>; enabled?: boolean },
): Promise<DestinationRow> {
  const row = await getDestinationRow(db, name);
  const secretKeys = getDestinationManifest(row.kind).secrets;
  const next: Record<string, unknown> = { ...row.config, ...decryptSecrets(box, row.secrets) };
  for (const [k, v] of Object.entries(patch.config ?? {})) {
    if (secretKeys.includes(k) && (v === undefined || v === '••••')) continue;
    if (v === null) delete next[k];
    else next[k] = v;
  }
  validateDestinationConfig(row.kind, next);
  const { plain, sealed } = encryptSecrets(box, next, secretKeys);
  const { rows } = await db.query<DestinationRow>(
    `update destinations set config = $2::jsonb, secrets = $3::jsonb, enabled = $4, updated_at = now() where id = $1 returning *`,
    [row.id, JSON.stringify(plain), JSON.stringify(sealed), patch.enabled ?? row.enabled],
  );
  return rows[0] as DestinationRow;
}

/** Removes a destination with its delivery state and log (the records it delivered stay in the store). */
export async function removeDestination(db: SqlExecutor, name: string): Promise<void> {
  const r = await db.query('delete from destinations where name = $1', [name]);
  if (r.rowCount === 0) throw new SluiceError('not_found', `no destination named "${name}"`);
}
