import { SluiceError } from '../core/errors.js';

/**
 * Settles with `promise`, or rejects with `cancelled` as soon as `signal` aborts. Library waits that take no signal
 * (cockatiel's retry delay, rate-limiter-flexible's queue) keep running in the background; their late outcome is
 * swallowed here so it can never become an unhandled rejection.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined, details?: unknown): Promise<T> {
  if (!signal) return promise;
  const cancelled = () => new SluiceError('cancelled', 'the request was cancelled', { details, cause: signal.reason });
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(cancelled());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => undefined);
      reject(cancelled());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
