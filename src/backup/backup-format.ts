/** The first line of a backup (gzip-compressed NDJSON): what it is, from which schema version, under which key. */
export interface BackupHeader {
  readonly format: 'sluice-backup';
  readonly version: 1;
  readonly created_at: string;
  readonly database: 'pglite' | 'postgres';
  /** Applied migrations at the time of the snapshot: a restore applies exactly these, loads the rows, then the rest. */
  readonly migrations: readonly string[];
  /** Fingerprint of the key the connection and destination secrets are encrypted with. */
  readonly secret_key_id: string;
  readonly tables: readonly string[];
}

/** Then one line per row: `{"t": table, "r": row}`; last, the trailer with the row count per table. */
export interface BackupTrailer {
  readonly end: Record<string, number>;
}

export const BACKUP_BATCH = 2_000;
