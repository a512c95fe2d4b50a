/** One distributor exactly as the locator's JSON lists it (the 13 recorded fields, in the recorded order). */
export interface UiEntry {
  readonly name: string;
  readonly url: string;
  readonly longitude: string;
  readonly email: string;
  readonly master_reseller: boolean;
  readonly phone: string;
  readonly last_modified: string;
  readonly sunmax: boolean;
  readonly address: string;
  readonly latitude: string;
  readonly logo: string;
  readonly order: number;
  readonly id: number;
}

/** A simulated distributor: what is served, where it is listed, and generator truths tests may compare with. */
export interface SimDistributor {
  readonly entry: UiEntry;
  /** Pair keys `region/code` it is listed under (the first is its home). */
  readonly pairs: readonly string[];
  /** The city written into its address (not served; lets tests measure the connector's city parsing). */
  readonly city: string;
}

export interface UiEnvelope {
  readonly resellers: UiEntry[];
  readonly master_resellers_count: number;
  readonly resellers_count: number;
  readonly master_resellers: UiEntry[];
}
