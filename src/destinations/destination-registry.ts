import { SluiceError } from '../core/errors.js';
import type { DestinationKind, DestinationManifest } from './destination.js';
import { fileDestination } from './file/file.destination.js';
import { notionDestination } from './notion/notion.destination.js';
import { webhookDestination } from './webhook/webhook.destination.js';

// Configs are typed per kind; the registry erases that.
const DESTINATIONS: readonly DestinationManifest<unknown>[] = [
  notionDestination,
  webhookDestination,
  fileDestination,
];

export function listDestinationManifests(): readonly DestinationManifest<unknown>[] {
  return DESTINATIONS;
}

export function getDestinationManifest(kind: string): DestinationManifest<unknown> {
  const d = DESTINATIONS.find((x) => x.kind === kind);
  if (!d) {
    throw new SluiceError('unknown_destination_kind', `unknown destination kind "${kind}" (known: ${DESTINATIONS.map((x) => x.kind).join(', ')})`, { details: { known: DESTINATIONS.map((x) => x.kind) } });
  }
  return d;
}

export function isDestinationKind(kind: string): kind is DestinationKind {
  return DESTINATIONS.some((x) => x.kind === kind);
}
