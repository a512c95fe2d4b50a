import { ExponentialBackoff, decorrelatedJitterGenerator, handleWhenResult, retry } from 'cockatiel';
import { toSluiceError } from '../../core/errors.js';
import type { HttpClient } from '../../http/http-client.js';
import type { Database } from '../../store/database.js';
import type { WebhookConfig } from './webhook-config.js';
import { signWebhook } from './webhook-signature.js';

/** Every status comes back as a value: the delivery log records it and the retry policy decides. */
const ANY_STATUS = Array.from({ length: 500 }, (_, i) => i + 100).filter((s) => s < 200 || s >= 300);

interface Attempt {
  readonly ok: boolean;
  readonly code: number | null;
  readonly error: string | null;
}

export interface BatchRow {
  readonly id: string;
  readonly payload: unknown;
  readonly event_count: number;
}

export interface SendResult {
  readonly delivered: boolean;
  readonly attempts: number;
  readonly lastError: string | null;
}

/**
 * Posts one batch, signed, with exponential backoff between attempts; every attempt goes to the delivery log
 * (outcome, response code, latency). After `max_attempts` failures the batch is dead-lettered.
 */
export async function sendBatch(
  db: Database,
  http: HttpClient,
  destinationId: string,
  config: WebhookConfig,
  batch: BatchRow,
  signal?: AbortSignal,
): Promise<SendResult> {
  const body = JSON.stringify(batch.payload);
  let attempts = 0;
  let last: Attempt = { ok: false, code: null, error: null };
  const policy = retry(handleWhenResult((r) => !(r as Attempt).ok), {
    maxAttempts: config.max_attempts - 1,
    backoff: new ExponentialBackoff({ generator: decorrelatedJitterGenerator, initialDelay: config.backoff_ms, maxDelay: Math.max(config.backoff_ms * 32, 1) }),
  });
  await policy.execute(async () => {
    attempts += 1;
    const ts = Math.floor(Date.now() / 1000);
    const started = performance.now();
    try {
      const res = await http.request<string>({
        method: 'POST', path: config.url, body, expect: 'text', retry: false, acceptStatus: ANY_STATUS, signal,
        timeoutMs: config.timeout_ms,
        headers: {
          'content-type': 'application/json', 'sluice-timestamp': String(ts), 'sluice-signature': signWebhook(config.secret, ts, body),
          'sluice-delivery': batch.id, 'sluice-attempt': String(attempts),
        },
      });
      const ok = res.status >= 200 && res.status < 300;
      last = { ok, code: res.status, error: ok ? null : `HTTP ${res.status}` };
    } catch (err) {
      last = { ok: false, code: null, error: toSluiceError(err).message };
    }
    const latency = Math.round(performance.now() - started);
    await db.query(
      `insert into destination_deliveries (destination_id, batch_id, attempt, outcome, response_code, latency_ms, error)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [destinationId, batch.id, attempts, last.ok ? 'delivered' : 'failed', last.code, latency, last.error],
    );
    return last;
  }, signal);
  const result: Attempt = last;
  if (result.ok) {
    await db.query(`update destination_batches set status = 'delivered', attempts = attempts + $2, delivered_at = now(), last_error = null where id = $1`, [batch.id, attempts]);
    await db.query(`update destination_dead_letters set redelivered_at = now() where batch_id = $1 and redelivered_at is null`, [batch.id]);
  } else {
    await db.transaction(async (tx) => {
      await tx.query(`update destination_batches set status = 'dead', attempts = attempts + $2, last_error = $3 where id = $1`, [batch.id, attempts, result.error]);
      await tx.query(
        `insert into destination_dead_letters (destination_id, batch_id, reason)
         select $1, $2, $3 where not exists (select 1 from destination_dead_letters where batch_id = $2 and redelivered_at is null)`,
        [destinationId, batch.id, `${attempts} attempts failed; last: ${result.error ?? 'unknown'}`],
      );
    });
  }
  return { delivered: result.ok, attempts, lastError: result.error };
}
