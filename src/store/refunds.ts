/**
 * Refunds. Creating one is a single statement: a guarded UPDATE adds the amount to the charge's
 * running total only while the charge is succeeded and the total stays within its amount, and the
 * refund row, its event and the idempotency reply are inserted only if that UPDATE matched. Under
 * READ COMMITTED a concurrent refund's UPDATE waits for the row and re-checks the guard against the
 * committed total, so racing refunds can never take more than was charged.
 */
import type { Charge, ChargeStep } from '../domain/charge.js';
import type { RefundCompletedEvent } from '../domain/events.js';
import type { Page, PageRequest } from '../domain/pagination.js';
import type { Refund, RefundStatus } from '../domain/refund.js';
import { listPage, type Listing } from './listing.js';
import type { Queryable } from './db.js';
import { toNumber } from './db.js';
import type { ReplyRow } from './idempotency.js';
import { TIMER_DUE, TIMER_RUN_AT, type NewJob } from './jobs.js';

/** A refund with what its views show of the charge it refunds. */
export interface RefundWithCharge {
  readonly refund: Refund;
  readonly charge: Pick<Charge, 'id' | 'txId' | 'flwRef' | 'reference'>;
}

export interface RefundWrite {
  readonly refund: Refund;
  /** The line the refund adds to the charge's timeline. */
  readonly step: ChargeStep;
  readonly event: Pick<RefundCompletedEvent, 'id' | 'type'>;
  /** The charge as the flow last read it: the event's snapshot, with the totals the UPDATE produced. */
  readonly chargeSnapshot: Charge;
  readonly reply: ReplyRow | undefined;
  /** A pending refund's timer (flows/charges/refund-outcomes.ts), written by the same statement. */
  readonly timer?: NewJob;
}

/**
 * Writes the refund if the charge can still take it; false, writing nothing, if the guard failed
 * (the charge is not succeeded, or the amount is more than is left). Raises a unique violation on the
 * idempotency key when a concurrent request with the same key committed first.
 */
export async function insertRefund(q: Queryable, w: RefundWrite): Promise<boolean> {
  const { refund: r, reply } = w;
  const { rows } = await q.query<{ applied: number }>(
    `WITH u AS (
       UPDATE charges SET amount_refunded = amount_refunded + $3::bigint, version = version + 1,
         updated_at = $4::timestamptz, history = history || $5::jsonb
       WHERE merchant_id = $1::text AND id = $2::text AND status = 'succeeded'
         AND amount_refunded + $3::bigint <= amount
       RETURNING amount_refunded, version, history
     ), r AS (
       INSERT INTO refunds (id, num_id, merchant_id, charge_id, amount, currency, status, reason, comments, created_at, meta)
       SELECT $6::text, $7::bigint, $1::text, $2::text, $3::bigint, $8::text, $9::text, $10::text, $11::text,
         $4::timestamptz, $23::jsonb FROM u
     ), e AS (
       INSERT INTO events (id, merchant_id, type, charge_id, data, created_at)
       SELECT $12::text, $1::text, $13::text, $2::text,
         jsonb_build_object('refund', $14::jsonb, 'charge', $15::jsonb || jsonb_build_object(
           'amountRefunded', u.amount_refunded, 'version', u.version, 'history', u.history)),
         $4::timestamptz FROM u WHERE $9::text = 'completed'
     ), j AS (
       INSERT INTO jobs (id, kind, payload, run_at, dedupe_key, created_at, merchant_id, due_at)
       SELECT $24::text, $25::text, $26::jsonb, ${TIMER_RUN_AT('$1', '$28', '$27')}, $24::text, $4::timestamptz,
         $1::text, ${TIMER_DUE('$1', '$28', '$27')}
       FROM u WHERE $24::text IS NOT NULL
     ), k AS (
       INSERT INTO idempotency_keys (merchant_id, scope, key, fingerprint, response_status, response_body, created_at, expires_at)
       SELECT $1::text, $22::text, $16::text, $17::text, $18::integer, $19::text, $21::timestamptz, $20::timestamptz
       FROM u WHERE $16::text IS NOT NULL
     )
     SELECT count(*)::int AS applied FROM u`,
    [
      r.merchantId,
      r.chargeId,
      r.amount,
      r.createdAt,
      JSON.stringify([w.step]),
      r.id,
      r.numId,
      r.currency,
      r.status,
      r.reason ?? null,
      r.comments ?? null,
      w.event.id,
      w.event.type,
      JSON.stringify(r),
      JSON.stringify(w.chargeSnapshot),
      reply?.key ?? null,
      reply?.fingerprint ?? null,
      reply?.status ?? null,
      reply?.body ?? null,
      reply?.expiresAt ?? null,
      reply?.createdAt ?? null,
      reply?.scope ?? null,
      JSON.stringify(r.meta ?? {}),
      w.timer?.id ?? null,
      w.timer?.kind ?? null,
      w.timer === undefined ? null : JSON.stringify(w.timer.payload),
      w.timer?.runAt ?? null,
      // The timer is on the merchant's sandbox clock: due `runAt - createdAt` from its time now.
      w.timer?.createdAt ?? null,
    ],
  );
  return rows[0]?.applied === 1;
}

/**
 * Writes a refund that failed (a sandbox scenario): the row and the idempotency reply, nothing else.
 * It leaves the charge's running total and the wallet alone (the ledger trigger skips failed rows).
 */
export async function insertFailedRefund(
  q: Queryable,
  r: Refund,
  reply: ReplyRow | undefined,
): Promise<void> {
  await q.query(
    `WITH r AS (
       INSERT INTO refunds (id, num_id, merchant_id, charge_id, amount, currency, status, reason, comments, created_at, meta)
       VALUES ($1::text, $2::bigint, $3::text, $4::text, $5::bigint, $6::text, 'failed', $7::text, $8::text,
         $9::timestamptz, $10::jsonb)
     )
     INSERT INTO idempotency_keys (merchant_id, scope, key, fingerprint, response_status, response_body, created_at, expires_at)
     SELECT $3::text, $11::text, $12::text, $13::text, $14::integer, $15::text, $16::timestamptz, $17::timestamptz
     WHERE $12::text IS NOT NULL`,
    [
      r.id,
      r.numId,
      r.merchantId,
      r.chargeId,
      r.amount,
      r.currency,
      r.reason ?? null,
      r.comments ?? null,
      r.createdAt,
      JSON.stringify(r.meta ?? {}),
      reply?.scope ?? null,
      reply?.key ?? null,
      reply?.fingerprint ?? null,
      reply?.status ?? null,
      reply?.body ?? null,
      reply?.createdAt ?? null,
      reply?.expiresAt ?? null,
    ],
  );
}

/**
 * Decides a pending refund, if it still is one: `completed` debits the wallet (the ledger trigger) and
 * writes its `refund.completed` event with `chargeSnapshot`; `failed` takes its amount off the charge's
 * running total again. False, writing nothing, when the refund is no longer pending.
 */
export async function settleRefund(
  q: Queryable,
  d: {
    readonly refund: Refund;
    readonly outcome: 'completed' | 'failed';
    readonly at: Date;
    readonly event: Pick<RefundCompletedEvent, 'id' | 'type'>;
    readonly chargeSnapshot: Charge;
  },
): Promise<boolean> {
  const { refund: r } = d;
  const { rows } = await q.query<{ applied: number }>(
    `WITH r AS (
       UPDATE refunds SET status = $3::text
       WHERE merchant_id = $1::text AND id = $2::text AND status = 'pending'
       RETURNING charge_id, amount
     ), c AS (
       UPDATE charges SET amount_refunded = charges.amount_refunded - r.amount, version = version + 1,
         updated_at = $4::timestamptz
       FROM r WHERE charges.id = r.charge_id AND $3::text = 'failed'
       RETURNING charges.id
     ), e AS (
       INSERT INTO events (id, merchant_id, type, charge_id, data, created_at)
       SELECT $5::text, $1::text, $6::text, r.charge_id,
         jsonb_build_object('refund', $7::jsonb, 'charge', $8::jsonb), $4::timestamptz
       FROM r WHERE $3::text = 'completed'
     )
     SELECT count(*)::int AS applied FROM r`,
    [
      r.merchantId,
      r.id,
      d.outcome,
      d.at,
      d.event.id,
      d.event.type,
      JSON.stringify({ ...r, status: d.outcome }),
      JSON.stringify(d.chargeSnapshot),
    ],
  );
  return rows[0]?.applied === 1;
}

type RefundRow = {
  id: string;
  num_id: unknown;
  merchant_id: string;
  charge_id: string;
  amount: unknown;
  currency: string;
  status: RefundStatus;
  reason: string | null;
  comments: string | null;
  meta: Record<string, string> | null;
  created_at: Date;
  tx_id: unknown;
  flw_ref: string;
  reference: string;
};

const SELECT = `SELECT r.id, r.num_id, r.merchant_id, r.charge_id, r.amount, r.currency, r.status, r.reason, r.comments,
    r.meta, r.created_at, c.tx_id, c.flw_ref, c.reference
  FROM refunds r JOIN charges c ON c.id = r.charge_id`;

const toRefund = (row: RefundRow): RefundWithCharge => ({
  refund: {
    id: row.id,
    numId: toNumber(row.num_id),
    merchantId: row.merchant_id,
    chargeId: row.charge_id,
    amount: toNumber(row.amount),
    currency: row.currency,
    status: row.status,
    ...(row.reason === null ? {} : { reason: row.reason }),
    ...(row.comments === null ? {} : { comments: row.comments }),
    meta: row.meta ?? {},
    createdAt: row.created_at,
  },
  charge: { id: row.charge_id, txId: toNumber(row.tx_id), flwRef: row.flw_ref, reference: row.reference },
});

/** How a refund is named: its id, or for v3 its numeric id. */
export type RefundKey = { readonly id: string } | { readonly numId: number };

export async function findRefund(
  q: Queryable,
  merchantId: string,
  key: RefundKey,
): Promise<RefundWithCharge | undefined> {
  const [column, value] = 'id' in key ? ['r.id', key.id] : ['r.num_id', key.numId];
  const { rows } = await q.query<RefundRow>(`${SELECT} WHERE r.merchant_id = $1 AND ${column} = $2`, [
    merchantId,
    value,
  ]);
  return rows[0] && toRefund(rows[0]);
}

export interface RefundFilter {
  readonly from?: Date;
  /** Exclusive upper bound: a day given as a date covers up to the next midnight. */
  readonly before?: Date;
  readonly status?: string;
  readonly currency?: string;
  readonly chargeId?: string;
}

const REFUNDS: Listing<RefundFilter, RefundRow, RefundWithCharge> = {
  alias: 'r',
  select: SELECT,
  countFrom: 'refunds r',
  conditions: {
    from: (p) => `r.created_at >= ${p}`,
    before: (p) => `r.created_at < ${p}`,
    status: (p) => `r.status = ${p}`,
    currency: (p) => `r.currency = ${p}`,
    chargeId: (p) => `r.charge_id = ${p}`,
  },
  toItem: toRefund,
};

/** Most recent first, narrowed by every filter given. */
export const listRefunds = (
  q: Queryable,
  merchantId: string,
  filter: RefundFilter,
  page: PageRequest,
): Promise<Page<RefundWithCharge>> => listPage(q, REFUNDS, merchantId, filter, page);
