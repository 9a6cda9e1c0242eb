/**
 * Chargebacks (migration 0015). Opening one and every later step are each ONE statement that writes
 * the chargeback, its ledger movement and its event together: the hold moves `available` → `held`
 * (the wallet's CHECK refuses one the balance cannot cover), a step's UPDATE is guarded on the statuses
 * it leaves, so of two racing steps only one matches and moves money, and `ledger_entries_once` makes
 * each movement happen at most once per chargeback.
 */
import type { Chargeback, ChargebackStatus, Movement } from '../domain/chargeback.js';
import type { Page, PageRequest } from '../domain/pagination.js';
import type { Queryable } from './db.js';
import { toNumber } from './db.js';
import { listPage, type Listing } from './listing.js';

export interface ChargebackEventRow {
  readonly id: string;
  readonly type: string;
}

type Row = {
  id: string;
  num_id: unknown;
  merchant_id: string;
  charge_id: string;
  charge_tx_id: unknown;
  charge_flw_ref: string;
  charge_reference: string;
  amount: unknown;
  currency: string;
  status: Chargeback['status'];
  stage: Chargeback['stage'];
  type: Chargeback['type'];
  details: Chargeback['details'];
  due_at: Date;
  version: number;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS = `id, num_id, merchant_id, charge_id, charge_tx_id, charge_flw_ref, charge_reference, amount,
  currency, status, stage, type, details, due_at, version, created_at, updated_at`;

const toChargeback = (r: Row): Chargeback => ({
  id: r.id,
  numId: toNumber(r.num_id),
  merchantId: r.merchant_id,
  chargeId: r.charge_id,
  charge: { txId: toNumber(r.charge_tx_id), flwRef: r.charge_flw_ref, reference: r.charge_reference },
  amount: toNumber(r.amount),
  currency: r.currency,
  status: r.status,
  stage: r.stage,
  type: r.type,
  details: r.details,
  dueAt: new Date(r.due_at),
  version: r.version,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

/** What of a charge may still be disputed: its amount less refunds and chargebacks not won. */
export async function lockDisputable(
  q: Queryable,
  merchantId: string,
  chargeId: string,
): Promise<{ status: string; left: number } | undefined> {
  const { rows } = await q.query<{ status: string; amount: unknown; refunded: unknown }>(
    `SELECT status, amount, amount_refunded AS refunded FROM charges
     WHERE merchant_id = $1 AND id = $2 FOR UPDATE`,
    [merchantId, chargeId],
  );
  const row = rows[0];
  if (!row) return undefined;
  const open = await q.query<{ n: unknown }>(
    `SELECT coalesce(sum(amount), 0) AS n FROM chargebacks
     WHERE merchant_id = $1 AND charge_id = $2 AND status <> 'won'`,
    [merchantId, chargeId],
  );
  const left = toNumber(row.amount) - toNumber(row.refunded) - toNumber(open.rows[0]?.n ?? 0);
  return { status: row.status, left };
}

/** Writes the chargeback, holds its amount and records its event (the wallet must be open). */
export async function insertChargeback(
  q: Queryable,
  c: Chargeback,
  event: ChargebackEventRow,
): Promise<void> {
  await q.query(
    `WITH c AS (
       INSERT INTO chargebacks (${COLUMNS})
       VALUES ($1::text, $2::bigint, $3::text, $4::text, $5::bigint, $6::text, $7::text, $8::bigint, $9::text,
         $10::text, $11::text, $12::text, $13::jsonb, $14::timestamptz, 1, $15::timestamptz, $15::timestamptz)
       RETURNING id
     ), w AS (
       UPDATE wallets SET available_balance = available_balance - $8::bigint, updated_at = $15::timestamptz
       WHERE merchant_id = $3::text AND currency = $9::text
       RETURNING 1
     ), e AS (
       INSERT INTO ledger_entries (journal_id, merchant_id, currency, account, amount, kind, source_id, created_at)
       SELECT 'dispute_hold:' || $1::text, $3::text, $9::text, x.account, x.amount, 'dispute_hold', $1::text,
         $15::timestamptz
       FROM (VALUES ('available', -$8::bigint), ('held', $8::bigint)) AS x (account, amount)
     ), d AS (
       UPDATE charges SET disputed = true WHERE id = $4::text AND merchant_id = $3::text
     ), ev AS (
       INSERT INTO events (id, merchant_id, type, charge_id, data, created_at)
       VALUES ($16::text, $3::text, $17::text, $4::text, $18::jsonb, $15::timestamptz)
     )
     SELECT (SELECT count(*) FROM w) AS n`,
    [
      c.id,
      c.numId,
      c.merchantId,
      c.chargeId,
      c.charge.txId,
      c.charge.flwRef,
      c.charge.reference,
      c.amount,
      c.currency,
      c.status,
      c.stage,
      c.type,
      JSON.stringify(c.details),
      c.dueAt,
      c.createdAt,
      event.id,
      event.type,
      JSON.stringify({ chargeback: c }),
    ],
  );
}

/**
 * Moves the chargeback to `next` if it is still in one of `from`, with its ledger movement and event;
 * false, writing nothing, when another step got there first.
 */
export async function stepChargeback(
  q: Queryable,
  next: Chargeback,
  from: readonly ChargebackStatus[],
  movement: Movement,
  event: ChargebackEventRow,
): Promise<boolean> {
  const { rows } = await q.query<{ n: unknown }>(
    `WITH c AS (
       UPDATE chargebacks SET status = $3::text, details = $4::jsonb, due_at = $5::timestamptz,
         version = version + 1, updated_at = $6::timestamptz
       WHERE merchant_id = $1::text AND id = $2::text AND status = ANY($7::text[])
       RETURNING amount, currency
     ), w AS (
       UPDATE wallets SET
         available_balance = available_balance + CASE WHEN $8::text = 'release' THEN c.amount ELSE 0 END,
         ledger_balance = ledger_balance - CASE WHEN $8::text = 'debit' THEN c.amount ELSE 0 END,
         updated_at = $6::timestamptz
       FROM c WHERE wallets.merchant_id = $1::text AND wallets.currency = c.currency AND $8::text <> 'none'
     ), e AS (
       INSERT INTO ledger_entries (journal_id, merchant_id, currency, account, amount, kind, source_id, created_at)
       SELECT 'dispute_' || $8::text || ':' || $2::text, $1::text, c.currency, x.account,
         x.sign * c.amount, 'dispute_' || $8::text, $2::text, $6::timestamptz
       FROM c, (VALUES ('release', 'held', -1), ('release', 'available', 1),
                       ('debit', 'held', -1), ('debit', 'chargebacks', 1)) AS x (movement, account, sign)
       WHERE x.movement = $8::text
     ), ev AS (
       INSERT INTO events (id, merchant_id, type, charge_id, data, created_at)
       SELECT $9::text, $1::text, $10::text, $11::text, $12::jsonb, $6::timestamptz FROM c
     )
     SELECT count(*) AS n FROM c`,
    [
      next.merchantId,
      next.id,
      next.status,
      JSON.stringify(next.details),
      next.dueAt,
      next.updatedAt,
      from,
      movement,
      event.id,
      event.type,
      next.chargeId,
      JSON.stringify({ chargeback: next }),
    ],
  );
  return toNumber(rows[0]?.n ?? 0) === 1;
}

export type ChargebackKey = { readonly id: string } | { readonly numId: number };

export async function findChargeback(
  q: Queryable,
  merchantId: string,
  key: ChargebackKey,
): Promise<Chargeback | undefined> {
  const [column, value] = 'id' in key ? ['id', key.id] : ['num_id', key.numId];
  const { rows } = await q.query<Row>(
    `SELECT ${COLUMNS} FROM chargebacks WHERE merchant_id = $1 AND ${column} = $2`,
    [merchantId, value],
  );
  return rows[0] && toChargeback(rows[0]);
}

export interface ChargebackFilter {
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  readonly flwRef?: string | undefined;
}

const LISTING: Listing<ChargebackFilter, Row, Chargeback> = {
  alias: 'b',
  select: `SELECT ${COLUMNS.replace(/(\w+)/g, 'b.$1')} FROM chargebacks b`,
  countFrom: 'chargebacks b',
  conditions: {
    from: (p) => `b.created_at >= ${p}`,
    to: (p) => `b.created_at <= ${p}`,
    flwRef: (p) => `b.charge_flw_ref = ${p}`,
  },
  toItem: toChargeback,
};

export function listChargebacks(
  q: Queryable,
  merchantId: string,
  filter: ChargebackFilter,
  page: PageRequest,
): Promise<Page<Chargeback>> {
  return listPage(q, LISTING, merchantId, filter, page);
}
