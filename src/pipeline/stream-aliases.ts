import { getConnector } from '../connectors/registry.js';
import type { SqlExecutor } from '../store/database.js';
import type { StreamDef } from '../core/connector.js';
import { listConnections, type ConnectionView } from '../store/connection-store.js';
import { selectStreams } from './run-sync.js';

/**
 * Stream names for filters that accept aliases (`pkb` → `dgi_pkb`): every name is kept, and each alias a stored
 * connection's connector declares adds the stream it stands for. Streams are listed from the non-secret settings.
 */
export async function resolveStreamNames(db: SqlExecutor, names: readonly string[]): Promise<string[]> {
  const out = new Set(names);
  if (names.length === 0) return [];
  const seen = new Set<string>();
  for (const c of await listConnections(db)) {
    if (seen.has(c.connector)) continue;
    seen.add(c.connector);
    let defs: readonly { name: string; aliases?: readonly string[] }[] = [];
    try {
      defs = getConnector(c.connector).streams(c.config);
    } catch {
      continue; // a connector that needs secrets to list its streams has no aliases to offer here
    }
    for (const d of defs) if (d.aliases?.some((a) => names.includes(a))) out.add(d.name);
  }
  return [...out];
}

/**
 * The canonical names of a connection's requested streams (aliases resolved, unknown names refused), from its
 * non-secret settings; names pass through unchanged when the connector needs secrets to list its streams.
 */
export function canonicalStreams(connection: ConnectionView, names: readonly string[]): string[] {
  let defs: readonly StreamDef[];
  try {
    defs = getConnector(connection.connector).streams(connection.config);
  } catch {
    return [...names];
  }
  return selectStreams(connection.name, defs, names);
}
