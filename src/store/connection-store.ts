import type { z } from 'zod';
import { SluiceError } from '../core/errors.js';
import { getConnector } from '../connectors/registry.js';
import { parsePipelineSettings } from '../core/pipeline-settings.js';
import type { SqlExecutor } from './database.js';
import { decryptSecrets, encryptSecrets, maskSecrets, type SecretBox } from './secret-box.js';

export interface ConnectionView {
  readonly id: string;
  readonly name: string;
  readonly connector: string;
  /** Non-secret settings, plus every secret key shown as "••••" (set) or null (not set). */
  readonly config: Record<string, unknown>;
  /** Pipeline settings (removal grace period, mass-removal guard). */
  readonly settings: Record<string, unknown>;
  readonly enabled: boolean;
  readonly created_at: Date;
  readonly updated_at: Date;
}

interface ConnectionRow {
  settings: Record<string, unknown>;
  id: string;
  name: string;
  connector: string;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`);
}

/** Validates a full connection config with its connector's schema; every problem is listed. */
export function validateConnectorConfig(connector: string, config: Record<string, unknown>): Record<string, unknown> {
  const c = getConnector(connector);
  const parsed = c.manifest.configSchema.safeParse(config);
  if (!parsed.success) {
    const problems = issuesOf(parsed.error);
    throw new SluiceError('connector_config_invalid', `invalid ${connector} config: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
  return parsed.data as Record<string, unknown>;
}

function toView(row: ConnectionRow): ConnectionView {
  const secretKeys = getConnectorSecretKeys(row.connector);
  return {
    id: row.id,
    name: row.name,
    connector: row.connector,
    config: { ...row.config, ...maskSecrets(row.secrets, secretKeys) },
    settings: row.settings,
    enabled: row.enabled,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

function getConnectorSecretKeys(connector: string): readonly string[] {
  try {
    return getConnector(connector).manifest.secrets;
  } catch {
    return [];
  }
}

export async function createConnection(
  db: SqlExecutor,
  box: SecretBox,
  input: {
    name: string;
    connector: string;
    config: Record<string, unknown>;
    settings?: Record<string, unknown>;
    enabled?: boolean;
  },
): Promise<ConnectionView> {
  if (!NAME_RE.test(input.name)) {
    throw new SluiceError('validation_failed', 'a connection name is 1–63 letters, digits, "_", "-" or "." and starts with a letter or digit', {
      details: { problems: [`name: "${input.name}" is not a valid name`] },
    });
  }
  const valid = validateConnectorConfig(input.connector, input.config);
  const settings = parsePipelineSettings(input.settings ?? {});
  const { plain, sealed } = encryptSecrets(box, valid, getConnector(input.connector).manifest.secrets);
  const existing = await db.query('select 1 from connections where name = $1', [input.name]);
  if (existing.rows.length > 0) throw new SluiceError('already_exists', `a connection named "${input.name}" already exists`);
  const { rows } = await db.query<ConnectionRow>(
    `insert into connections (name, connector, config, secrets, settings, enabled)
     values ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, $6) returning *`,
    [input.name, input.connector, JSON.stringify(plain), JSON.stringify(sealed), JSON.stringify(settings), input.enabled ?? true],
  );
  return toView(rows[0] as ConnectionRow);
}

async function getRow(db: SqlExecutor, name: string): Promise<ConnectionRow> {
  const { rows } = await db.query<ConnectionRow>('select * from connections where name = $1', [name]);
  const row = rows[0];
  if (!row) throw new SluiceError('not_found', `no connection named "${name}"`);
  return row;
}

export async function getConnection(db: SqlExecutor, name: string): Promise<ConnectionView> {
  return toView(await getRow(db, name));
}

export async function listConnections(db: SqlExecutor): Promise<ConnectionView[]> {
  const { rows } = await db.query<ConnectionRow>('select * from connections order by name');
  return rows.map(toView);
}

/** The full, decrypted and validated config, for the pipeline only; never returned through an API. */
export async function loadConnectionConfig(
  db: SqlExecutor,
  box: SecretBox,
  name: string,
): Promise<{ connection: ConnectionView; config: Record<string, unknown> }> {
  const row = await getRow(db, name);
  const config = validateConnectorConfig(row.connector, { ...row.config, ...decryptSecrets(box, row.secrets) });
  return { connection: toView(row), config };
}

/**
 * Updates settings. Secret keys that are absent (or "••••", as an API client echoes it back) keep their stored
 * value; an explicit null clears them.
 */
export async function updateConnection(
  db: SqlExecutor,
  box: SecretBox,
  name: string,
  patch: { config?: Record<string, unknown>; settings?: Record<string, unknown>; enabled?: boolean },
): Promise<ConnectionView> {
  const row = await getRow(db, name);
  const secretKeys = getConnector(row.connector).manifest.secrets;
  const current = { ...row.config, ...decryptSecrets(box, row.secrets) };
  const next: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(patch.config ?? {})) {
    if (secretKeys.includes(k) && (v === undefined || v === '••••')) continue;
    if (v === null) delete next[k];
    else next[k] = v;
  }
  const valid = validateConnectorConfig(row.connector, next);
  const { plain, sealed } = encryptSecrets(box, valid, secretKeys);
  const settings = parsePipelineSettings({ ...row.settings, ...(patch.settings ?? {}) });
  const { rows } = await db.query<ConnectionRow>(
    `update connections set config = $2::jsonb, secrets = $3::jsonb, settings = $4::jsonb, enabled = $5, updated_at = now()
     where name = $1 returning *`,
    [name, JSON.stringify(plain), JSON.stringify(sealed), JSON.stringify(settings), patch.enabled ?? row.enabled],
  );
  return toView(rows[0] as ConnectionRow);
}

export async function removeConnection(db: SqlExecutor, name: string): Promise<void> {
  const r = await db.query('delete from connections where name = $1', [name]);
  if (r.rowCount === 0) throw new SluiceError('not_found', `no connection named "${name}"`);
}
