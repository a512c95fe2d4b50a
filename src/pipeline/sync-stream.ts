import type { Config } from '../config/load-config.js';
import type { ConnectorContext, StreamDef } from '../core/connector.js';
import type { ReadRange } from '../core/read-range.js';
import { contentHash } from '../core/content-hash.js';
import { parseVolatileSetting, volatileFieldsOf } from '../core/volatile-fields.js';
import { SluiceError, toSluiceError } from '../core/errors.js';
import { validateRecord, type NormaliseOptions } from '../core/validate-record.js';
import type { Logger } from '../observability/logger.js';
import type { Database } from '../store/database.js';
import { ensureStream, type StreamRow } from '../store/stream-registry.js';
import { dedupeByKey, type IncomingRecord } from './classify-batch.js';
import type { RemovalPolicy } from '../core/pipeline-settings.js';
import { forgetSeenKeys, inferRemovals, noteSeenKeys, removeChildrenOf } from './infer-removals.js';
import { rawFingerprint, rawHash } from './raw-hash.js';
import { rawKeyOf } from './raw-key-of.js';
import { validateRowsPooled } from './validate-pool.js';
import type { RowOutcome } from './validate-rows.js';
import { heartbeat } from './run-repository.js';
import { writeBatch, writeQuarantine, type QuarantineItem } from './write-batch.js';
import { markSpanFailed, withSpan } from '../observability/with-span.js';

export interface StreamCounts {
  fetched: number;
  valid: number;
  quarantined: number;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  restored: number;
}

export interface StreamOutcome {
  readonly counts: StreamCounts;
  /** Children counted per child stream. */
  readonly children: Record<string, StreamCounts>;
  readonly incomplete: string[];
  readonly flags: string[];
  readonly error: SluiceError | null;
  readonly cancelled: boolean;
}

export interface SyncStreamArgs {
  readonly db: Database;
  readonly config: Config;
  readonly logger: Logger;
  readonly ctx: ConnectorContext;
  readonly runId: string;
  readonly connectionId: string;
  readonly connectorId: string;
  readonly def: StreamDef;
  readonly connectorConfig: unknown;
  readonly full: boolean;
  /** A manual range run: read these windows (planned by the stream) instead of "since the cursor". */
  readonly range?: { readonly range: ReadRange; readonly windows: readonly ReadRange[] };
  readonly policy: RemovalPolicy;
  /** The connection's `volatile_fields` setting (fields stored but never diffed, beyond those the schema marks). */
  readonly volatileSetting?: string;
  readonly onProgress?: (stream: string, counts: StreamCounts) => void;
  /** Shared per-run stream counts for the heartbeat. */
  readonly runCounts: Record<string, StreamCounts>;
}

const ANALYZE_EVERY = 50_000;

export const emptyCounts = (): StreamCounts => ({
  fetched: 0, valid: 0, quarantined: 0, created: 0, updated: 0, unchanged: 0, removed: 0, restored: 0,
});

interface Pending {
  readonly rec: IncomingRecord;
  readonly raw: Record<string, unknown>;
}

interface RawItem {
  readonly data: Record<string, unknown>;
  readonly line: number | undefined;
}

/**
 * Syncs one stream: read → validate/normalise → key → hash → diff → write per batch in one transaction; then, only
 * after a complete read, infer removals and commit the stream's state in one last transaction (invariants 1–3).
 */
export function syncStream(a: SyncStreamArgs): Promise<StreamOutcome> {
  return withSpan('sync.stream', { attributes: { 'sluice.stream': a.def.name, 'sluice.run_id': a.runId } }, async (span) => {
    const o = await syncOneStream(a);
    span.setAttributes({ 'sluice.records.created': o.counts.created, 'sluice.records.updated': o.counts.updated, 'sluice.records.removed': o.counts.removed });
    if (o.error) markSpanFailed(span, o.error.message);
    return o;
  });
}

async function syncOneStream(a: SyncStreamArgs): Promise<StreamOutcome> {
  const { db, def } = a;
  const counts = emptyCounts();
  a.runCounts[def.name] = counts;
  const parent = await ensureStream(db, {
    name: def.name, connector: a.connectorId, primaryKey: def.primaryKey, schema: def.schema, syncMode: def.syncMode,
  });
  const children: { def: NonNullable<StreamDef['children']>[number]; row: StreamRow; counts: StreamCounts }[] = [];
  for (const c of def.children ?? []) {
    const row = await ensureStream(db, {
      name: c.name, connector: a.connectorId, primaryKey: ['_parent_key', '_child_key'], schema: c.schema,
      syncMode: 'full_snapshot', parentStream: def.name,
    });
    children.push({ def: c, row, counts: emptyCounts() });
  }
  const childCounts = Object.fromEntries(children.map((c) => [c.def.name, c.counts]));
  const norm: NormaliseOptions = { defaultPhoneRegion: a.config.defaultPhoneRegion, timeZone: a.config.timezone };
  const target = { streamId: parent.id, connectionId: a.connectionId, runId: a.runId };
  const log = a.logger.child({ run_id: a.runId, stream: def.name });

  let state: unknown = undefined;
  if (!a.full) {
    const { rows } = await db.query<{ state: unknown }>(
      'select state from stream_state where stream_id = $1 and connection_id = $2::uuid', [parent.id, a.connectionId]);
    state = rows[0]?.state ?? undefined;
  }
  let nextState = state;
  const rangeRead = a.range && def.range ? { ...a.range, support: def.range } : undefined;
  // A range is a slice of the source, never a snapshot: nothing outside it may be inferred removed. A snapshot's
  // seen keys go to the database with each batch (run_seen_keys), so memory does not grow with the stream.
  const tracksSeen = def.syncMode === 'full_snapshot' && !rangeRead;
  // Best effort: keys a failed delete leaves behind are dropped by the next run's (their run is no longer running).
  let seenNoted = 0;
  // Unchanged keys are inserted by their own statements, chained one after another, so the compare that found them
  // answers without waiting for the insert; the chain is awaited before removals are inferred (and before cleanup).
  let noting: Promise<void> = Promise.resolve();
  let notingError: unknown = null;
  const noteUnchanged = (keys: readonly string[]) => {
    noting = noting.then(async () => {
      if (notingError !== null) return;
      try {
        await db.query('insert into run_seen_keys (run_id, stream_id, key) select $1::uuid, $2, unnest($3::text[])', [a.runId, parent.id, keys]);
        seenNoted += keys.length;
      } catch (e) {
        notingError = e;
      }
    });
  };
  const notingDone = async () => {
    await noting;
    if (notingError !== null) throw notingError instanceof Error ? notingError : new Error(String(notingError));
  };
  const forgetSeen = () => (tracksSeen ? forgetSeenKeys(db, a.runId, parent.id).catch(() => undefined) : Promise.resolve());
  const incomplete: string[] = [];
  const protects: ((d: Record<string, unknown>) => boolean)[] = [];
  let unprotectedGap = false;
  const flags: string[] = [];
  // The embedded database has no autovacuum daemon: without fresh statistics a growing stream gets plans that scan it
  // whole for every batch, so statistics are refreshed as the stream grows.
  let written = 0;
  let analysedAt = 0;
  let rawBuffer: RawItem[] = [];
  let quarantine: QuarantineItem[] = [];
  const fingerprint = rawFingerprint({ schema: def.schema, key: def.primaryKey, children: (def.children ?? []).map((c) => [c.name, c.schema]), norm });
  const volatile = volatileFieldsOf(def.schema, parseVolatileSetting(a.volatileSetting ?? '', def.name));
  const keyFields = def.primaryKey.map((k) => def.schema.fields.find((f) => f.name === k)?.from ?? k);

  /**
   * Raw rows identical to what produced the stored record skip validation entirely (the unchanged-reload path): one
   * statement per batch compares the raw hashes and returns only the rows that differ, so an unchanged batch costs a
   * read of its hashes and no write. Keys still being written by the previous batch always take the full path.
   */
  const splitUnchanged = async (items: RawItem[], inFlight: ReadonlySet<string>): Promise<{ rest: RawItem[]; hashes: Map<RawItem, string> }> => {
    const hashes = new Map<RawItem, string>();
    const keys: string[] = [];
    const sums: string[] = [];
    const keyed: RawItem[] = [];
    const rest: RawItem[] = [];
    for (const it of items) {
      const h = rawHash(fingerprint, it.data);
      hashes.set(it, h);
      const k = rawKeyOf(it.data, keyFields);
      if (k === null || inFlight.has(k)) rest.push(it);
      else {
        keys.push(k);
        sums.push(h);
        keyed.push(it);
      }
    }
    if (keys.length === 0) return { rest, hashes };
    const { rows } = await db.query<{ n: number }>(
      `select i.n::int as n from unnest($2::text[], $3::text[]) with ordinality as i(key, h, n)
       where not exists (
         select 1 from records r where r.stream_id = $1 and r.key = i.key and r.raw_hash = i.h
           and r.status = 'active' and r.missed_runs = 0 and r.connection_id = $4::uuid)`,
      [parent.id, keys, sums, a.connectionId],
    );
    const differs = new Set(rows.map((r) => r.n - 1));
    const unchangedKeys: string[] = [];
    keyed.forEach((it, i) => {
      if (differs.has(i)) rest.push(it);
      else {
        unchangedKeys.push(keys[i]!);
        counts.valid++;
        counts.unchanged++;
      }
    });
    // Unchanged keys are seen too (the others are noted when their batch is written).
    if (tracksSeen && unchangedKeys.length > 0) noteUnchanged(unchangedKeys);
    return { rest, hashes };
  };

  // Read/write overlap: a batch's transaction runs while the next batch is read, hashed and validated. At most one
  // write is in flight and each waits for the one before, so batches commit in source order.
  let writing: Promise<unknown> = Promise.resolve(null);
  let inFlight: ReadonlySet<string> = new Set();
  let heartbeatAt = 0;
  const settle = async () => {
    const e = await writing;
    writing = Promise.resolve(null);
    inFlight = new Set();
    if (e !== null) throw e instanceof Error ? e : new Error(String(e));
  };

  // Compare/parse overlap: a batch's raw-hash compare runs while the next batch is parsed; the batch is validated and
  // written at the next flush. The compare starts after the previous batch's write started, so it sees its keys in flight.
  // The rows that differ are validated in the same chain — in worker threads on PostgreSQL — so that too runs while
  // the main thread parses the next batch.
  type Split = { rest: RawItem[]; hashes: Map<RawItem, string>; outcomes: RowOutcome[] };
  type Compared = { ok: Split } | { err: unknown };
  const threads = db.kind === 'postgres' ? a.config.validateThreads : 0;
  const job = { schema: def.schema, norm, primaryKey: def.primaryKey, keyFields, volatile: [...volatile] };
  const compareAndValidate = async (batch: RawItem[], flight: ReadonlySet<string>): Promise<Split> => {
    const split = await splitUnchanged(batch, flight);
    const outcomes = await validateRowsPooled({ ...job, rows: split.rest.map((it) => it.data) }, threads);
    return { ...split, outcomes };
  };
  let comparing: Promise<Compared> | null = null;
  const flush = async () => {
    if (comparing) {
      const c = await comparing;
      comparing = null;
      if ('err' in c) throw c.err instanceof Error ? c.err : new Error(String(c.err));
      await writeCompared(c.ok);
    }
    if (rawBuffer.length === 0 && quarantine.length === 0) return;
    const batch = rawBuffer;
    rawBuffer = [];
    comparing = compareAndValidate(batch, inFlight).then((ok): Compared => ({ ok }), (err: unknown): Compared => ({ err }));
  };

  /** Writes the batch whose compare is in flight, without starting another (a failed read). */
  const writePending = async () => {
    const pending = comparing;
    comparing = null;
    if (!pending) return;
    const c = await pending;
    if ('ok' in c) await writeCompared(c.ok);
  };

  const writeCompared = async ({ rest, hashes, outcomes }: Split) => {
    const buffer: Pending[] = [];
    const seenKeys: string[] = [];
    rest.forEach((it, i) => {
      const v = outcomes[i]!;
      if (!v.ok) {
        counts.quarantined++;
        quarantine.push({ streamId: parent.id, line: it.line ?? null, position: null, raw: it.data, reasons: v.reasons });
        // The source still lists this record: a bad new version must not get the stored one inferred removed.
        if (v.rawKey !== null) seenKeys.push(v.rawKey);
      } else {
        counts.valid++;
        seenKeys.push(v.key);
        buffer.push({ rec: { key: v.key, parentKey: null, data: v.data, hash: v.hash, rawHash: hashes.get(it) ?? null }, raw: it.data });
      }
    });
    const { unique } = dedupeByKey(buffer.map((p) => p.rec));
    const rawByKey = new Map(buffer.map((p) => [p.rec.key, p.raw]));
    const q = quarantine;
    quarantine = [];
    const childSets = children.map((c) => {
      const items: IncomingRecord[] = [];
      const bad: QuarantineItem[] = [];
      for (const p of unique) {
        const arr = rawByKey.get(p.key)?.[c.def.path];
        if (!Array.isArray(arr)) continue;
        arr.forEach((item: unknown, i) => {
          const obj = (item && typeof item === 'object' ? item : { value: item }) as Record<string, unknown>;
          const v = validateRecord(c.def.schema, obj, norm);
          if (!v.ok) {
            bad.push({ streamId: c.row.id, line: null, position: `${p.key}/${c.def.path}[${i}]`, raw: obj, reasons: v.reasons });
            return;
          }
          items.push({ key: `${p.key}/${c.def.key(obj, i)}`, parentKey: p.key, data: v.data, hash: contentHash(v.data), rawHash: null });
        });
      }
      return { c, items: dedupeByKey(items).unique, bad };
    });
    if (unique.length === 0 && q.length === 0) return;
    await settle();
    inFlight = new Set(unique.map((u) => u.key));
    writing = (async () => {
      await db.transaction(async (tx) => {
        const plan = await writeBatch(tx, target, unique, volatile);
        add(counts, plan.counts);
        if (tracksSeen) {
          await noteSeenKeys(tx, a.runId, parent.id, seenKeys);
          seenNoted += seenKeys.length;
        }
        for (const { c, items, bad } of childSets) {
          const ct = { ...target, streamId: c.row.id };
          const cp = await writeBatch(tx, ct, items);
          add(c.counts, cp.counts);
          c.counts.fetched += items.length + bad.length;
          c.counts.valid += items.length;
          c.counts.quarantined += bad.length;
          c.counts.removed += await removeChildrenOf(tx, ct, unique.map((u) => u.key), new Set(items.map((i) => i.key)));
          q.push(...bad);
        }
        await writeQuarantine(tx, a.runId, a.connectionId, q);
      });
      written += unique.length;
      if (written - analysedAt >= ANALYZE_EVERY) {
        analysedAt = written;
        await db.exec('analyze records');
      }
      a.onProgress?.(def.name, counts);
    })().then(() => null, (e: unknown) => e);
  };
  /** Flushes the buffer, then refreshes the run's heartbeat at most once a second (progress is reported per commit). */
  const flushAndBeat = async () => {
    await flush();
    if (Date.now() - heartbeatAt >= 1000) {
      heartbeatAt = Date.now();
      await heartbeat(db, a.runId, a.runCounts);
    }
  };

  try {
    const readCtx = { ...a.ctx, config: a.connectorConfig, state, full: a.full };
    const iterable = rangeRead ? rangeRead.support.read(readCtx, rangeRead.windows) : def.read(readCtx);
    for await (const msg of iterable) {
      if (a.ctx.signal.aborted) break;
      if (msg.type === 'record') {
        counts.fetched++;
        rawBuffer.push({ data: msg.data, line: msg.line });
        // A quarantined record may move the cursor too: it is kept in quarantine, so nothing is lost.
        if (def.nextState) nextState = def.nextState(nextState, msg.data);
      } else if (msg.type === 'invalid') {
        counts.fetched++;
        counts.quarantined++;
        quarantine.push({ streamId: parent.id, line: msg.line ?? null, position: null, raw: msg.raw, reasons: [...msg.reasons] });
      } else {
        incomplete.push(msg.reason);
        if (msg.protect) protects.push(msg.protect);
        else unprotectedGap = true;
        log.warn({ reason: msg.reason }, 'incomplete read');
      }
      if (rawBuffer.length + quarantine.length >= a.config.batchSize) await flushAndBeat();
    }
    await flush();
    await flush(); // the last batch's compare → its write
    await settle();
    await notingDone();
    await heartbeat(db, a.runId, a.runCounts);
  } catch (err) {
    // Batches read before the failure are still written (as without the overlap), and the run never returns while a
    // batch is being written: its outcome belongs to this run.
    if (!a.ctx.signal.aborted) await writePending().catch(() => undefined);
    await settle().catch(() => undefined);
    await noting;
    await forgetSeen();
    const e = toSluiceError(err, 'source_read_failed');
    if (a.ctx.signal.aborted || e.code === 'cancelled') return { counts, children: childCounts, incomplete, flags, error: null, cancelled: true };
    log.error({ code: e.code, err: e.message }, 'stream failed; its state was not advanced');
    return { counts, children: childCounts, incomplete, flags, error: e, cancelled: false };
  }
  if (a.ctx.signal.aborted) {
    await noting;
    await forgetSeen();
    return { counts, children: childCounts, incomplete, flags, error: null, cancelled: true };
  }

  // The read completed: infer removals (full snapshots only) and commit the state, atomically.
  if (tracksSeen && unprotectedGap) flags.push('removal_skipped: the read was incomplete, so no removal was inferred');
  const protect = protects.length ? (d: Record<string, unknown>) => protects.some((p) => p(d)) : undefined;
  try {
    await db.transaction(async (tx) => {
      if (tracksSeen && !unprotectedGap) {
        const r = await inferRemovals(tx, target, children.map((c) => c.row.id), a.policy, protect, seenNoted);
        counts.removed += r.removed;
        if (r.seenLost) {
          flags.push('removal_skipped: the run\'s seen keys were not all found, so no removal was inferred');
          log.warn({ noted: seenNoted }, 'seen keys lost; no removal inferred');
        }
        if (r.guard) {
          flags.push(
            `mass_removal_guard: ${r.guard.missing} of ${r.guard.active} records missing (over ${Math.round(a.policy.maxRemovalShare * 100)} %); nothing removed`,
          );
          log.warn(r.guard, 'mass-removal guard tripped; nothing removed');
        }
      }
      // An incomplete read must not move an incremental cursor past data it did not get.
      const commitState = incomplete.length === 0;
      // A range run hands the stream its stored state and what it read; the stream decides (never backwards).
      const finalState = rangeRead ? (rangeRead.support.stateAfter?.(state, rangeRead.range, nextState) ?? state) : nextState;
      await tx.query(
        `insert into stream_state (stream_id, connection_id, state, last_run_id, last_complete_run_at, updated_at)
         values ($1, $2::uuid, $3::jsonb, $4::uuid, case when $5 then now() end, now())
         on conflict (stream_id, connection_id) do update set
           state = case when $5 then excluded.state else stream_state.state end,
           last_run_id = excluded.last_run_id,
           last_complete_run_at = coalesce(excluded.last_complete_run_at, stream_state.last_complete_run_at),
           updated_at = now()`,
        [parent.id, a.connectionId, finalState === undefined ? null : JSON.stringify(finalState), a.runId, commitState],
      );
    });
  } finally {
    await forgetSeen();
  }
  a.onProgress?.(def.name, counts);
  return { counts, children: childCounts, incomplete, flags, error: null, cancelled: false };
}

function add(c: StreamCounts, p: { created: number; updated: number; unchanged: number; restored: number }): void {
  c.created += p.created;
  c.updated += p.updated;
  c.unchanged += p.unchanged;
  c.restored += p.restored;
}
