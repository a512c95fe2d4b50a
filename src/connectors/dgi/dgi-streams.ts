import type { ChildStreamDef, ReadContext, SourceMessage, StreamDef } from '../../core/connector.js';
import type { DgiConfig } from './dgi-config.js';
import { createDgiClient } from './dgi-client.js';
import { parseFieldList, toFieldSpecs, type DgiModuleDef } from './dgi-module.js';
import { DGI_H1_MODULES } from './dgi-modules-h1.js';
import { DGI_H23_MODULES } from './dgi-modules-h23.js';
import { convertDgiRecord, dgiChildKey, type DgiShape } from './dgi-record.js';
import { formatRequestTime } from './dgi-time.js';
import { DAY_MS } from '../../core/day-ms.js';
import { dgiMarkAfterRange, planDgiRange } from './dgi-range.js';
import { advanceHighWaterMark, planDgiWindows } from './dgi-windows.js';

/** The 14 job types of the dealer dashboard plus `spk`, in the order a dealer's day produces them. */
export const DGI_MODULES: readonly DgiModuleDef[] = [...DGI_H1_MODULES, ...DGI_H23_MODULES];

/** The API serves data back to "h-30". */
export const DGI_LOOKBACK_MS = 30 * DAY_MS;

export interface DgiStreamState {
  /** Latest createdTime / modifiedTime stored (ISO 8601). */
  readonly highWaterMark?: string;
}

function stateMark(state: unknown): string | undefined {
  if (state && typeof state === 'object' && 'highWaterMark' in state) {
    const v = (state as DgiStreamState).highWaterMark;
    return typeof v === 'string' ? v : undefined;
  }
  return undefined;
}

export function dgiShapeOf(def: DgiModuleDef): DgiShape {
  return {
    fields: parseFieldList(def.fields, 'record'),
    children: def.children.map((c) => ({ def: c, fields: parseFieldList(c.fields, 'child') })),
  };
}

interface RequestWindow {
  readonly from: Date;
  readonly to: Date;
  /** Sent without `toTime`: the server reads up to the moment it receives the request. */
  readonly open: boolean;
}

async function* readWindows(
  def: DgiModuleDef,
  shape: DgiShape,
  ctx: ReadContext<DgiConfig>,
  windows: readonly RequestWindow[],
): AsyncIterable<SourceMessage> {
  const cfg = ctx.config;
  const dgi = createDgiClient(ctx.http, cfg, ctx.now);
  // A record created in one window and modified in the next comes back in both, as its current self: yield it once.
  const seen = new Set<string>();
  for (const w of windows) {
    const body: Record<string, string> = { fromTime: formatRequestTime(w.from, cfg.time_zone) };
    if (!w.open) body.toTime = formatRequestTime(w.to, cfg.time_zone);
    body.dealerId = cfg.dealer_id;
    const { rows } = await dgi.read(def.endpoint, body, ctx.signal);
    ctx.logger.debug({ stream: def.stream, fromTime: body.fromTime, toTime: body.toTime, rows: rows.length }, 'dgi window read');
    for (const raw of rows) {
      const r = convertDgiRecord(raw, shape, cfg.time_zone, cfg.dealer_id);
      if (!r.ok) {
        yield { type: 'invalid', raw, reasons: r.reasons };
        continue;
      }
      const key = `${String(r.data.dealerId)}\u0000${String(r.data[def.idField])}`;
      if (seen.has(key)) continue;
      seen.add(key);
      yield { type: 'record', data: r.data };
    }
  }
}

function readModule(def: DgiModuleDef, shape: DgiShape, ctx: ReadContext<DgiConfig>): AsyncIterable<SourceMessage> {
  const cfg = ctx.config;
  const windows = planDgiWindows({
    now: ctx.now(),
    since: ctx.full ? undefined : stateMark(ctx.state),
    windowMs: cfg.window_days * DAY_MS,
    lookbackMs: DGI_LOOKBACK_MS,
    overlapMs: cfg.overlap_minutes * 60_000,
  });
  return readWindows(def, shape, ctx, windows);
}

export function dgiStream(def: DgiModuleDef): StreamDef<DgiConfig> {
  const shape = dgiShapeOf(def);
  const children: ChildStreamDef[] = shape.children.map(({ def: c, fields }) => ({
    name: c.stream,
    path: c.path,
    schema: { fields: toFieldSpecs(fields) },
    key: (item, index) => dgiChildKey(c, item, index),
  }));
  return {
    name: def.stream,
    // Business key: the dealer and the document number (document numbers are only unique within a dealer).
    primaryKey: ['dealerId', def.idField],
    schema: { fields: toFieldSpecs(shape.fields) },
    syncMode: 'incremental',
    cursorField: 'modifiedTime',
    children,
    aliases: [def.jobType],
    read: (ctx) => readModule(def, shape, ctx),
    nextState(state, record): DgiStreamState {
      const mark = advanceHighWaterMark(stateMark(state), record);
      return mark === undefined ? {} : { highWaterMark: mark };
    },
    range: {
      timeZone: (cfg) => cfg.time_zone,
      plan: (cfg, range, now) =>
        planDgiRange(range, { now, windowMs: cfg.window_days * DAY_MS, lookbackMs: DGI_LOOKBACK_MS, timeZone: cfg.time_zone }),
      read: (ctx, windows) => readWindows(def, shape, ctx, windows.map((w) => ({ ...w, open: false }))),
      stateAfter(state, range, folded): unknown {
        const mark = dgiMarkAfterRange(stateMark(state), range, stateMark(folded));
        // Unchanged: hand back the stored state itself, byte for byte.
        return mark === stateMark(state) ? state : { highWaterMark: mark };
      },
    },
  };
}

export function dgiStreams(): StreamDef<DgiConfig>[] {
  return DGI_MODULES.map(dgiStream);
}
