import type { SourceConnector } from '../core/connector.js';
import { SluiceError } from '../core/errors.js';
import { csvConnector } from './csv/csv.connector.js';

// One line per built-in connector. Connector configs are typed per connector; the registry erases that.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyConnector = SourceConnector<any>;

const CONNECTORS: readonly AnyConnector[] = [
  csvConnector,
];

export function listConnectors(): readonly AnyConnector[] {
  return CONNECTORS;
}

export function getConnector(id: string): AnyConnector {
  const c = CONNECTORS.find((x) => x.manifest.id === id);
  if (!c) {
    throw new SluiceError('connector_unknown', `unknown connector "${id}"`, {
      details: { known: CONNECTORS.map((x) => x.manifest.id) },
    });
  }
  return c;
}
