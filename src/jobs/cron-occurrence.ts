import { CronExpressionParser } from 'cron-parser';
import { SluiceError } from '../core/errors.js';

/** Throws a validation error unless `tz` is an IANA time zone this runtime knows. */
export function assertTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new SluiceError('validation_failed', `unknown time zone "${tz}" (use an IANA name such as Europe/Paris)`);
  }
}

/** Validates a cron expression (5 fields, or 6 with seconds first) in a time zone. */
export function assertCron(cron: string, tz: string): void {
  assertTimeZone(tz);
  try {
    CronExpressionParser.parse(cron, { tz, currentDate: new Date() }).next();
  } catch (err) {
    throw new SluiceError('validation_failed', `invalid cron expression "${cron}": ${(err as Error).message}`);
  }
}

/** The first occurrence strictly after `after`, evaluated in `tz` (so "0 6 * * *" is 06:00 site time, DST included). */
export function nextOccurrence(cron: string, tz: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { tz, currentDate: after }).next().toDate();
}

/**
 * The latest occurrence at or before `now`. A scheduler that was down over several occurrences fires only this one:
 * a missed tick runs once on recovery, not once per missed tick.
 */
export function latestOccurrence(cron: string, tz: string, now: Date): Date {
  // cron-parser's prev() is strictly before its current date; step 1 ms past `now` so `now` itself counts.
  return CronExpressionParser.parse(cron, { tz, currentDate: new Date(now.getTime() + 1) }).prev().toDate();
}
