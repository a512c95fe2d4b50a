import { SluiceError } from '../core/errors.js';
import type { StreamSchema } from '../core/stream-schema.js';
import type { SqlExecutor } from '../store/database.js';

export interface StreamInfo {
  id: number;
  name: string;
  connector: string;
  primary_key: string[];
  schema: StreamSchema;
  sync_mode: string;
  parent_stream: string | null;
  view_name: string | null;
}

/** A stream by name for the API: an unknown name is a 404 here (a missing resource), not a bad request. */
export async function findStream(db: SqlExecutor, name: string): Promise<StreamInfo> {
  const { rows } = await db.query<StreamInfo>(
    'select id, name, connector, primary_key, schema, sync_mode, parent_stream, view_name from streams where name = $1',
    [name],
  );
  const row = rows[0];
  if (!row) throw new SluiceError('not_found', `no stream named "${name}"`);
  return row;
}
