/**
 * Memoises a pure one-argument function of a string in a bounded least-recently-used cache (a Map kept in use
 * order): repeated values — the same phone number or address on many rows — are computed once, and memory stays
 * bounded whatever the input size.
 */
export function boundedMemo<R>(fn: (input: string) => R, maxEntries: number): (input: string) => R {
  const cache = new Map<string, R>();
  return (input) => {
    const hit = cache.get(input);
    if (hit !== undefined || cache.has(input)) {
      cache.delete(input);
      cache.set(input, hit as R);
      return hit as R;
    }
    const value = fn(input);
    cache.set(input, value);
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
    return value;
  };
}
