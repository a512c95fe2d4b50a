import type { SourceConnector } from '../core/connector.js';
import { SluiceError } from '../core/errors.js';
import { csvConnector } from './csv/csv.connector.js';
import { dgiConnector } from './dgi/dgi.connector.js';
import { ninjaoneConnector } from './ninjaone/ninjaone.connector.js';
import { uiDistributorLocatorConnector } from './ui-distributor-locator/ui-distributor-locator.connector.js';
import { unifiSiteManagerConnector } from './unifi-site-manager/unifi-site-manager.connector.js';

// One line per built-in connector. Connector configs are typed per connector; the registry erases that.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyConnector = SourceConnector<any>;

const CONNECTORS: AnyConnector[] = [
  csvConnector,
  dgiConnector,
  uiDistributorLocatorConnector,
  unifiSiteManagerConnector,
  ninjaoneConnector,
];

/** Adds a connector at run time (plugins, tests). A built-in id cannot be replaced. */
export function registerConnector(c: AnyConnector): void {
  const i = CONNECTORS.findIndex((x) => x.manifest.id === c.manifest.id);
  if (i >= 0 && CONNECTORS[i] !== c) {
    throw new SluiceError('already_exists', `a connector with id "${c.manifest.id}" is already registered`);
  }
  if (i < 0) CONNECTORS.push(c);
}

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
