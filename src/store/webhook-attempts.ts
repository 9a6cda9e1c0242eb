/**
 * One webhook attempt in the store (migration 0007): what it needs, beginning it, recording its
 * outcome, and ending a delivery whose job was given up. Each write is guarded by the state it
 * expects, so a job that runs twice — or on two nodes, after a lease ran out — sends and records
 * each attempt once. Every time comes from the caller's clock.
 */
import type { EventType } from '../domain/events.js';
import type { DeliveryStatus, WebhookDelivery, WebhookDialect, WebhookMode } from '../domain/webhooks.js';
import type { Queryable } from './db.js';
import { TIMER_DUE, TIMER_RUN_AT } from './jobs.js';
import { DELIVERY_COLUMNS, toDelivery, type DeliveryRow, type StoredEvent } from './webhooks.js';

/** Everything an attempt needs, read in one query. */
export interface DeliveryContext {
  readonly delivery: WebhookDelivery;
  readonly endpoint: {
    readonly dialect: WebhookDialect;
    readonly url: string;
    readonly mode: WebhookMode;
    readonly live: boolean;
    readonly secretSealed: string | null;
  };
  readonly merchant: { readonly accountId: number; readonly webhookSecretHashSealed: string };
  /** The event as written: `data` is the snapshot, in its JSON form. */
  readonly event: StoredEvent;
  /** The sandbox faults of the delivery's first attempt (migration 0018), as stored. */
  readonly faults?: string;
}

/** The row `deliveryContext` reads, and `contextOf` turns into a DeliveryContext. */
export type ContextRow = DeliveryRow & {
  dialect: WebhookDialect;
  url: string;
  mode: WebhookMode;
  live: boolean;
  secret_sealed: string | null;
  account_id: unknown;
  webhook_secret_hash_sealed: string;
  merchant_id: string;
  type: EventType;
  charge_id: string | null;
  data: unknown;
  event_created_at: Date;
  delivery_faults: string | null;
};

/** The query behind `deliveryContext`, for a statement that reads it alongside a write. */
export const CONTEXT_SQL = `SELECT ${DELIVERY_COLUMNS}, w.dialect, w.url, w.mode, w.secret_sealed,
       (w.status = 'enabled' AND w.deleted_at IS NULL) AS live,
       m.account_id, m.webhook_secret_hash_sealed, e.merchant_id, e.type, e.charge_id, e.data,
       e.created_at AS event_created_at, d.faults AS delivery_faults
     FROM webhook_deliveries d
     JOIN webhook_endpoints w ON w.id = d.endpoint_id
     JOIN merchants m ON m.id = d.merchant_id
     JOIN events e ON e.id = d.event_id
     WHERE d.id = $1`;

export const contextOf = (r: ContextRow): DeliveryContext => ({
  delivery: toDelivery(r),
  endpoint: { dialect: r.dialect, url: r.url, mode: r.mode, live: r.live, secretSealed: r.secret_sealed },
  merchant: { accountId: Number(r.account_id), webhookSecretHashSealed: r.webhook_secret_hash_sealed },
  event: {
    id: r.event_id,
    merchantId: r.merchant_id,
    type: r.type,
    chargeId: r.charge_id,
    data: r.data,
    createdAt: r.event_created_at,
  },
  ...(r.delivery_faults !== null && { faults: r.delivery_faults }),
});

export async function deliveryContext(
  q: Queryable,
  deliveryId: string,
): Promise<DeliveryContext | undefined> {
  const { rows } = await q.query<ContextRow>(CONTEXT_SQL, [deliveryId]);
  const r = rows[0];
  return r && contextOf(r);
}

/**
 * Begins attempt `attempt` of a pending delivery, or an attempt after it when `attempt` was begun by
 * a node that died before its outcome (that attempt is closed as interrupted). Returns the number of
 * the attempt begun, or undefined when there is nothing to do: the delivery is over, or `attempt`
 * already has its outcome (this job ran before, and its successor is scheduled).
 */
export async function beginAttempt(
  q: Queryable,
  deliveryId: string,
  attempt: number,
  now: Date,
  interrupted: string,
): Promise<number | undefined> {
  const { rows } = await q.query<{ attempt: number }>(
    `WITH stale AS (
       SELECT 1 FROM webhook_attempts WHERE delivery_id = $1 AND attempt = $2 AND finished_at IS NULL
     ), d AS (
       UPDATE webhook_deliveries SET attempts = attempts + 1, updated_at = $3
       WHERE id = $1 AND status = 'pending'
         AND (attempts = $2 - 1 OR (attempts = $2 AND EXISTS (SELECT 1 FROM stale)))
       RETURNING attempts
     ), closed AS (
       UPDATE webhook_attempts SET finished_at = $3, error = $4
       WHERE delivery_id = $1 AND attempt = $2 AND finished_at IS NULL AND EXISTS (SELECT 1 FROM d)
     )
     INSERT INTO webhook_attempts (delivery_id, attempt, started_at)
     SELECT $1, attempts, $3 FROM d
     RETURNING attempt`,
    [deliveryId, attempt, now, interrupted],
  );
  return rows[0]?.attempt;
}

export interface AttemptOutcome {
  readonly deliveryId: string;
  readonly attempt: number;
  readonly finishedAt: Date;
  readonly durationMs: number;
  readonly statusCode?: number;
  readonly responseExcerpt?: string;
  readonly error?: string;
  /** What becomes of the delivery: done, given up, or retried at `nextAttemptAt`. */
  readonly status: DeliveryStatus;
  readonly nextAttemptAt?: Date;
  /** The sandbox faults injected into this attempt, in their words. */
  readonly injected?: string;
}

/** The next attempt's row in `jobs` (jobs/queue.ts `NewJob`: the store does not import jobs/). */
export interface NextAttemptJob {
  readonly id: string;
  readonly kind: string;
  readonly payload: unknown;
  readonly runAt: Date;
  readonly dedupeKey?: string;
  readonly createdAt: Date;
  /** A retry on this merchant's sandbox clock (`NewJob.merchantId`): due `runAt - createdAt` from its now. */
  readonly merchantId?: string;
}

/**
 * Records an attempt's outcome, the delivery's new state and, when it is to be retried, the next
 * attempt's job — one statement, and only while this attempt is still the delivery's open one. A run
 * that lost its job to another node (its lease ran out) finds its attempt closed as interrupted, or
 * a later attempt begun, and writes nothing: it does not overwrite the new owner's work, nor enqueue
 * a retry beside the new owner's. Resolves with whether the outcome was recorded.
 */
export async function recordOutcome(
  q: Queryable,
  o: AttemptOutcome,
  next?: NextAttemptJob,
): Promise<boolean> {
  const { rows } = await q.query<{ recorded: boolean }>(
    `WITH a AS (
       UPDATE webhook_attempts SET finished_at = $3, duration_ms = $4, status_code = $5,
         response_excerpt = $6, error = $7, injected = $16
       WHERE delivery_id = $1 AND attempt = $2 AND finished_at IS NULL
       RETURNING 1
     ), d AS (
       UPDATE webhook_deliveries SET status = $8, last_status_code = $5, updated_at = $3,
         next_attempt_at = CASE WHEN $17::text IS NULL OR $9::timestamptz IS NULL THEN $9
           ELSE ${TIMER_DUE('$17', '$15', '$13')} END
       WHERE id = $1 AND attempts = $2 AND status = 'pending' AND EXISTS (SELECT 1 FROM a)
       RETURNING 1
     ), j AS (
       INSERT INTO jobs (id, kind, payload, run_at, dedupe_key, created_at, merchant_id, due_at)
       SELECT $10::text, $11::text, $12::jsonb,
         CASE WHEN $17::text IS NULL THEN $13::timestamptz ELSE ${TIMER_RUN_AT('$17', '$15', '$13')} END,
         $14::text, $15::timestamptz, $17::text,
         CASE WHEN $17::text IS NOT NULL THEN ${TIMER_DUE('$17', '$15', '$13')} END
       WHERE $10::text IS NOT NULL AND EXISTS (SELECT 1 FROM d)
       ON CONFLICT (dedupe_key) DO NOTHING
     )
     SELECT EXISTS (SELECT 1 FROM d) AS recorded`,
    [
      o.deliveryId,
      o.attempt,
      o.finishedAt,
      o.durationMs,
      o.statusCode ?? null,
      o.responseExcerpt ?? null,
      o.error ?? null,
      o.status,
      o.nextAttemptAt ?? null,
      next?.id ?? null,
      next?.kind ?? null,
      next === undefined ? null : JSON.stringify(next.payload),
      next?.runAt ?? null,
      next?.dedupeKey ?? null,
      next?.createdAt ?? null,
      o.injected ?? null,
      next?.merchantId ?? null,
    ],
  );
  return rows[0]?.recorded === true;
}

/**
 * Ends a delivery whose attempt job was given up (its attempts kept failing for reasons of the store,
 * or kept dying): `failed`, its open attempt closed with the reason. Nothing if it is already over.
 */
export async function failDelivery(
  q: Queryable,
  deliveryId: string,
  now: Date,
  reason: string,
): Promise<void> {
  await q.query(
    `WITH d AS (
       UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, updated_at = $2
       WHERE id = $1 AND status = 'pending' RETURNING id
     )
     UPDATE webhook_attempts SET finished_at = $2, error = $3
     WHERE delivery_id = $1 AND finished_at IS NULL AND EXISTS (SELECT 1 FROM d)`,
    [deliveryId, now, reason],
  );
}
