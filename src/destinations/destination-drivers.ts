import type { CheckResult } from '../core/connector.js';
import { SluiceError } from '../core/errors.js';
import type { AppContext } from '../main/app-context.js';
import type { DestinationKind, PushSummary } from './destination.js';
import type { LoadedDestination } from './destination-store.js';
import { pushFile, testFile } from './file/file-push.js';
import { pushNotion } from './notion/notion-push.js';
import { testNotion } from './notion/notion-test.js';
import { pushWebhook } from './webhook/webhook-push.js';
import { testWebhook } from './webhook/webhook-test.js';

export interface DriverPushOptions {
  readonly dryRun: boolean;
  readonly pull: boolean;
  readonly signal?: AbortSignal | undefined;
}

/** What each destination kind does; the one place that dispatches on the kind. */
export interface DestinationDriver {
  readonly push: (app: AppContext, dest: LoadedDestination, opts: DriverPushOptions) => Promise<Omit<PushSummary, 'durationMs' | 'pushId'>>;
  readonly test: (app: AppContext, dest: LoadedDestination) => Promise<CheckResult>;
}

const DRIVERS: Record<DestinationKind, DestinationDriver> = {
  notion: { push: (app, dest, o) => pushNotion(app, dest, o), test: testNotion },
  webhook: { push: (app, dest, o) => pushWebhook(app, dest, o), test: testWebhook },
  file: { push: (app, dest, o) => pushFile(app, dest, o), test: testFile },
};

/** The driver of a kind; an unknown kind (a row written by a newer version, a typo in SQL) is refused, never guessed. */
export function destinationDriver(kind: string): DestinationDriver {
  const driver = Object.hasOwn(DRIVERS, kind) ? DRIVERS[kind as DestinationKind] : undefined;
  if (!driver) {
    throw new SluiceError('unknown_destination_kind', `unknown destination kind "${kind}" (known: ${Object.keys(DRIVERS).join(', ')})`, {
      details: { kind, known: Object.keys(DRIVERS) },
    });
  }
  return driver;
}
