import type { SqlExecutor } from '../store/database.js';
import { decryptSecrets, encryptSecrets, type SecretBox } from '../store/secret-box.js';
import type { SettingValues } from './pack-settings.js';

export type PackInstallStatus = 'installed' | 'needs_credentials';
export type ResourceKind = 'connection' | 'destination' | 'schedule' | 'entity' | 'model' | 'dashboard' | 'index';

export interface PackRow {
  readonly id: string;
  readonly version: string;
  readonly status: PackInstallStatus;
  readonly settings: Record<string, unknown>;
  readonly secrets: Record<string, string>;
  readonly missing: string[];
  readonly installed_at: Date;
  readonly updated_at: Date;
}

export interface PackResource {
  readonly instance: string;
  readonly kind: ResourceKind;
  readonly part: string;
  readonly name: string;
}

export interface PackInstanceRow {
  readonly template: string;
  readonly name: string;
  readonly settings: Record<string, unknown>;
  readonly secrets: Record<string, string>;
}

export async function getPackRow(db: SqlExecutor, id: string): Promise<PackRow | undefined> {
  const { rows } = await db.query<PackRow>('select * from packs where id = $1', [id]);
  return rows[0];
}

export async function listPackRows(db: SqlExecutor): Promise<PackRow[]> {
  const { rows } = await db.query<PackRow>('select * from packs order by id');
  return rows;
}

/** Stored settings of an install (secret ones decrypted): what a later install or instance renders with. */
export function storedSettings(box: SecretBox, row: { settings: Record<string, unknown>; secrets: Record<string, string> } | undefined): SettingValues {
  if (!row) return {};
  return { ...(row.settings as SettingValues), ...decryptSecrets(box, row.secrets) };
}

/** Splits settings into plain and encrypted parts by which keys are secret. */
export function sealSettings(
  box: SecretBox,
  values: SettingValues,
  secretKeys: readonly string[],
  previous: Readonly<Record<string, string>> = {},
): { plain: Record<string, unknown>; sealed: Record<string, string> } {
  const { plain, sealed } = encryptSecrets(box, values, secretKeys);
  // An unchanged secret keeps its stored ciphertext, so installing again writes nothing new.
  for (const [k, v] of Object.entries(previous)) {
    if (sealed[k] !== undefined && box.decrypt(v) === values[k]) sealed[k] = v;
  }
  return { plain, sealed };
}

export async function savePackRow(
  db: SqlExecutor,
  row: { id: string; version: string; status: PackInstallStatus; settings: Record<string, unknown>; secrets: Record<string, string>; missing: readonly string[] },
): Promise<void> {
  await db.query(
    `insert into packs (id, version, status, settings, secrets, missing) values ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb)
     on conflict (id) do update set version = excluded.version, status = excluded.status, settings = excluded.settings,
       secrets = excluded.secrets, missing = excluded.missing,
       updated_at = case when (packs.version, packs.status, packs.settings, packs.secrets, packs.missing)
                         is distinct from (excluded.version, excluded.status, excluded.settings, excluded.secrets, excluded.missing)
                    then now() else packs.updated_at end`,
    [row.id, row.version, row.status, JSON.stringify(row.settings), JSON.stringify(row.secrets), JSON.stringify(row.missing)],
  );
}

export async function listResources(db: SqlExecutor, packId: string): Promise<PackResource[]> {
  const { rows } = await db.query<PackResource>(
    'select instance, kind, part, name from pack_resources where pack_id = $1 order by instance, kind, part, name',
    [packId],
  );
  return rows;
}

export async function recordResource(db: SqlExecutor, packId: string, r: PackResource): Promise<void> {
  await db.query(
    `insert into pack_resources (pack_id, instance, kind, part, name) values ($1, $2, $3, $4, $5)
     on conflict (pack_id, kind, name) do update set instance = excluded.instance, part = excluded.part`,
    [packId, r.instance, r.kind, r.part, r.name],
  );
}

/** `recordResource` for many parts in one statement. */
export async function recordResources(db: SqlExecutor, packId: string, rs: readonly PackResource[]): Promise<void> {
  if (rs.length === 0) return;
  await db.query(
    `insert into pack_resources (pack_id, instance, kind, part, name)
     select $1, instance, kind, part, name from jsonb_to_recordset($2::jsonb) as x(instance text, kind text, part text, name text)
     on conflict (pack_id, kind, name) do update set instance = excluded.instance, part = excluded.part`,
    [packId, JSON.stringify(rs)],
  );
}

export async function forgetResource(db: SqlExecutor, packId: string, kind: ResourceKind, name: string): Promise<void> {
  await db.query('delete from pack_resources where pack_id = $1 and kind = $2 and name = $3', [packId, kind, name]);
}

export async function listInstances(db: SqlExecutor, packId: string): Promise<PackInstanceRow[]> {
  const { rows } = await db.query<PackInstanceRow>(
    'select template, name, settings, secrets from pack_instances where pack_id = $1 order by template, name',
    [packId],
  );
  return rows;
}

export async function saveInstance(
  db: SqlExecutor,
  packId: string,
  row: { template: string; name: string; settings: Record<string, unknown>; secrets: Record<string, string> },
): Promise<void> {
  await db.query(
    `insert into pack_instances (pack_id, template, name, settings, secrets) values ($1, $2, $3, $4::jsonb, $5::jsonb)
     on conflict (pack_id, template, name) do update set settings = excluded.settings, secrets = excluded.secrets, updated_at = now()`,
    [packId, row.template, row.name, JSON.stringify(row.settings), JSON.stringify(row.secrets)],
  );
}
