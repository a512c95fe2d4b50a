/**
 * The stream state: every distributor's listings (pair ids) as of the last complete run. The pipeline commits state
 * only after a complete read, so when some pairs fail, the reader can keep the listings it could not re-check instead
 * of reporting them as dropped (a false "location removed" update followed by a false "added" one).
 */
export interface ListingState {
  readonly v: 1;
  /** Id of the last record folded in; records come in ascending id order, so a smaller id starts a new run. */
  readonly last_id: number;
  readonly listings: Readonly<Record<string, readonly string[]>>;
}

export function isListingState(s: unknown): s is ListingState {
  return typeof s === 'object' && s !== null && (s as { v?: unknown }).v === 1 && typeof (s as { listings?: unknown }).listings === 'object';
}

function pairIdsOf(record: Record<string, unknown>): string[] {
  const locs = record.locations;
  if (!Array.isArray(locs)) return [];
  return locs.flatMap((l: unknown) => {
    if (typeof l !== 'object' || l === null) return [];
    const { region, country_state } = l as Record<string, unknown>;
    return typeof region === 'string' && typeof country_state === 'string' ? [`${region}/${country_state}`] : [];
  });
}

/** Pure: folds one stored record into the state (a new run starts over, so vanished distributors drop out). */
export function nextListingState(state: unknown, record: Record<string, unknown>): ListingState {
  const id = Number(record.id);
  const prev = isListingState(state) && id > state.last_id ? state.listings : {};
  return { v: 1, last_id: id, listings: { ...prev, [String(id)]: pairIdsOf(record) } };
}

export { pairIdsOf as storedPairIds };
