/** CLI exit codes (documented in the README): scripts branch on these. */
export const EXIT = {
  ok: 0,
  failure: 1,
  /** The run finished but something needs attention (quarantined records, an incomplete read, a guard tripped). */
  partial: 2,
  usage: 64,
} as const;
