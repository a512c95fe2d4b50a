import { createHash } from 'node:crypto';
import type { SimCredential, SimDealer } from './dgi-sim-dealers.js';
import { parseRequestTime, startOfWibDay } from './dgi-sim-time.js';
import { DAY_MS } from '../../core/day-ms.js';


export interface DgiSimRules {
  /** Maximum |server time − X-Request-Time| in seconds (spec: 10, "adjustable sesuai kondisi MD"). */
  readonly skewSeconds: number;
  /** Maximum fromTime–toTime span in days (spec: 7). */
  readonly windowDays: number;
  /** Oldest data served, in days before today (spec: h-30). */
  readonly lookbackDays: number;
  /** Requests per credential per WIB day (spec: optional, e.g. 300); 0 disables. */
  readonly dailyQuota: number;
}

export type DgiRejection = { readonly ok: false; readonly message: string | Record<string, string> };

export interface DgiAccepted {
  readonly ok: true;
  readonly credential: SimCredential;
  readonly from: number;
  readonly to: number;
  readonly dealerIds: readonly string[];
  /** Optional filters of the body (keys trimmed: the spec's own examples carry "idProspect "). */
  readonly filters: Readonly<Record<string, string>>;
}

const header = (headers: Record<string, string | string[] | undefined>, name: string): string | undefined => {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * The MD server's checks, in the order the reference DGI server makes them: credential, X-Request-Time within the
 * skew, token = sha256(key + secret + time), quota, then the body's window and dealer scope. Every refusal is an
 * HTTP 200 with `status: 0`; auth refusals carry a string message (as servers in the field send), body validation an
 * object of messages (as the spec shows).
 */
export function validateDgiRequest(
  input: {
    headers: Record<string, string | string[] | undefined>;
    body: unknown;
    /** The sandbox clock (real time plus every advance): the MD's business time. */
    now: number;
    /** Real time. A client on the real clock talking to a sandbox moved ahead is not "skewed" by the sandbox's jump. */
    wallNow: number;
  },
  deps: {
    rules: DgiSimRules;
    credentials: readonly SimCredential[];
    dealers: readonly SimDealer[];
    countRequest: (apiKey: string, day: number) => number;
  },
): DgiAccepted | DgiRejection {
  const { rules } = deps;
  const apiKey = header(input.headers, 'DGI-API-Key');
  const time = header(input.headers, 'X-Request-Time');
  const token = header(input.headers, 'DGI-API-Token');
  if (!apiKey || !time || !token) {
    return { ok: false, message: 'Header X-Request-Time, DGI-API-Key dan DGI-API-Token Wajib Diisi' };
  }
  const credential = deps.credentials.find((c) => c.apiKey === apiKey);
  if (!credential) return { ok: false, message: 'API Key Tidak Terdaftar' };
  const unix = /^\d{1,12}$/.test(time.trim()) ? Number(time) : Number.NaN;
  const skew = Math.min(Math.abs(input.now / 1000 - unix), Math.abs(input.wallNow / 1000 - unix));
  if (!Number.isFinite(unix) || skew > rules.skewSeconds) {
    return { ok: false, message: 'Unix Timestamp Diluar Validasi Detik' };
  }
  const expected = createHash('sha256').update(`${credential.apiKey}${credential.secretKey}${time.trim()}`).digest('hex');
  if (token.trim().toLowerCase() !== expected) return { ok: false, message: 'Token Tidak Valid !!' };
  if (rules.dailyQuota > 0 && deps.countRequest(apiKey, startOfWibDay(input.now)) > rules.dailyQuota) {
    return { ok: false, message: `Melebihi Batas Akses API, Max. ${rules.dailyQuota} request / hari` };
  }

  const body = input.body !== null && typeof input.body === 'object' && !Array.isArray(input.body) ? (input.body as Record<string, unknown>) : {};
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string' || typeof v === 'number') fields[k.trim()] = String(v).trim();

  const problems: Record<string, string> = {};
  const from = parseRequestTime(fields.fromTime);
  if (fields.fromTime === undefined || fields.fromTime === '') problems.fromTime = 'fromTime Wajib Diisi (Format : YYYY-MM-DD HH:MM:SS)';
  else if (from === undefined) problems.fromTime = 'Format fromTime Salah (Format : YYYY-MM-DD HH:MM:SS)';
  const hasTo = fields.toTime !== undefined && fields.toTime !== '';
  const to = hasTo ? parseRequestTime(fields.toTime) : input.now;
  if (hasTo && to === undefined) problems.toTime = 'Format toTime Salah (Format : YYYY-MM-DD HH:MM:SS)';
  if (Object.keys(problems).length > 0) return { ok: false, message: problems };
  if (from === undefined || to === undefined) return { ok: false, message: { fromTime: 'Format fromTime Salah' } };
  if (to < from) return { ok: false, message: { toTime: 'toTime Harus Lebih Besar Dari fromTime' } };
  if (to - from > rules.windowDays * DAY_MS) {
    return { ok: false, message: `Melebihi Rentang Waktu Pengambilan Data , Max. ${rules.windowDays} hari` };
  }
  // Against the earlier of the two clocks, for the same reason as the skew check.
  if (from < startOfWibDay(Math.min(input.now, input.wallNow)) - rules.lookbackDays * DAY_MS) {
    return { ok: false, message: `Data Yang Dapat Ditarik Maksimal H-${rules.lookbackDays}, fromTime Melebihi ${rules.lookbackDays} hari` };
  }

  const groupDealers = deps.dealers.filter((d) => d.group === credential.group).map((d) => d.dealerId);
  let dealerIds = groupDealers;
  if (fields.dealerId) {
    if (!groupDealers.includes(fields.dealerId)) {
      return { ok: false, message: `Dealer ${fields.dealerId} Tidak Terdaftar Pada Dealer Group API Key Ini` };
    }
    dealerIds = [fields.dealerId];
  }
  const { fromTime: _f, toTime: _t, dealerId: _d, ...filters } = fields;
  return { ok: true, credential, from, to, dealerIds, filters };
}
