import type { CheckResult } from '../core/connector.js';
import { toSluiceError } from '../core/errors.js';
import type { AppContext } from '../main/app-context.js';
import { destinationDriver } from './destination-drivers.js';
import { loadDestination } from './destination-store.js';

/** `sluice destination test`: can we reach it with these credentials? A result, never a throw. */
export async function testDestination(app: AppContext, name: string): Promise<CheckResult> {
  try {
    const dest = await loadDestination(app.db, app.secrets, name);
    return await destinationDriver(dest.kind).test(app, dest);
  } catch (err) {
    const e = toSluiceError(err);
    return { ok: false, message: e.message, details: { code: e.code } };
  }
}
