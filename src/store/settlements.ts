/**
 * Settlements (migration 0016). The movements still to settle are read from the ledger itself, so a
 * settlement's totals are the ledger's; writing one is ONE statement — the settlement, an item per
 * movement (unique on kind and source: a movement is settled once) and the charges' `settlement_id` —
 * so a repeated or racing run either writes all of a batch or, on the unique item, nothing.
 */
import type { Page, PageRequest } from '../domain/pagination.js';
import type { Settlement, SettlementItem, SettlementItemKind } from '../domain/settlement.js';
import type { Queryable } from './db.js';
import { isUniqueViolation, toNumber } from './db.js';
import { listPage, type Listing } from './listing.js';

export const ITEMS_ONCE = 'settlement_items_once';

const KINDS = `('charge', 'refund', 'dispute_hold', 'dispute_release')`;

type ItemRow = {
  kind: SettlementItemKind;
  source_id: string;
  charge_id: string;
  currency: string;
  amount: unknown;
  gross: unknown;
  fee: unknown;
  at: Date;
};

/**
 * One merchant's movements on `available` made by collections before `before` and not yet settled:
 * one per cause (a charge's credit, a refund, a hold, a release), with a charge's gross and fees.
 */
export async function unsettledItems(
  q: Queryable,
  merchantId: string,
  before: Date,
): Promise<SettlementItem[]> {
  const { rows } = await q.query<ItemRow>(
    `SELECT e.kind, e.source_id, e.currency, coalesce(r.charge_id, b.charge_id, e.source_id) AS charge_id,
       coalesce(sum(e.amount) FILTER (WHERE e.account = 'available'), 0) AS amount,
       coalesce(-sum(e.amount) FILTER (WHERE e.account = 'customer_funds'), 0) AS gross,
       coalesce(sum(e.amount) FILTER (WHERE e.account = 'fees'), 0) AS fee,
       min(e.created_at) AS at
     FROM ledger_entries e
     LEFT JOIN refunds r ON e.kind = 'refund' AND r.id = e.source_id
     LEFT JOIN chargebacks b ON e.kind IN ('dispute_hold', 'dispute_release') AND b.id = e.source_id
     WHERE e.merchant_id = $1 AND e.kind IN ${KINDS} AND e.created_at < $2 AND e.source_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM settlement_items i WHERE i.kind = e.kind AND i.source_id = e.source_id)
     GROUP BY e.kind, e.source_id, e.currency, r.charge_id, b.charge_id
     ORDER BY min(e.created_at), min(e.id)`,
    [merchantId, before],
  );
  return rows.map((r) => ({
    kind: r.kind,
    sourceId: r.source_id,
    chargeId: r.charge_id,
    currency: r.currency,
    amount: toNumber(r.amount),
    gross: toNumber(r.gross),
    fee: toNumber(r.fee),
    at: r.at,
  }));
}

/** The merchants with collections made before `before` still to settle. */
export async function merchantsToSettle(q: Queryable, before: Date): Promise<string[]> {
  const { rows } = await q.query<{ merchant_id: string }>(
    `SELECT DISTINCT e.merchant_id FROM ledger_entries e
     WHERE e.kind IN ${KINDS} AND e.created_at < $1 AND e.source_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM settlement_items i WHERE i.kind = e.kind AND i.source_id = e.source_id)
     ORDER BY e.merchant_id`,
    [before],
  );
  return rows.map((r) => r.merchant_id);
}

/**
 * Writes a settlement with its items and marks its charges settled, in one statement. False, writing
 * nothing, when one of its movements was settled meanwhile (another run took it).
 */
export async function insertSettlement(
  q: Queryable,
  s: Settlement,
  items: readonly SettlementItem[],
): Promise<boolean> {
  const charges = items.filter((i) => i.kind === 'charge').map((i) => i.chargeId);
  try {
    await q.query(
      `WITH s AS (
         INSERT INTO settlements (id, num_id, merchant_id, currency, day, gross_amount, fee, refund, chargeback,
           net_amount, charge_count, status, destination, due_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         RETURNING id
       ), i AS (
         INSERT INTO settlement_items (settlement_id, merchant_id, kind, source_id, charge_id, amount, gross, fee, at)
         SELECT s.id, $3::text, x.kind, x.source_id, x.charge_id, x.amount, x.gross, x.fee, x.at
         FROM s, unnest($16::text[], $17::text[], $18::text[], $19::bigint[], $20::bigint[], $21::bigint[],
           $22::timestamptz[]) AS x (kind, source_id, charge_id, amount, gross, fee, at)
       )
       UPDATE charges SET settlement_id = (SELECT id FROM s)
       WHERE merchant_id = $3::text AND id = ANY($23::text[]) AND settlement_id IS NULL`,
      [
        s.id,
        s.numId,
        s.merchantId,
        s.currency,
        s.day,
        s.gross,
        s.fee,
        s.refund,
        s.chargeback,
        s.net,
        s.chargeCount,
        s.status,
        s.destination,
        s.dueAt,
        s.createdAt,
        items.map((i) => i.kind),
        items.map((i) => i.sourceId),
        items.map((i) => i.chargeId),
        items.map((i) => i.amount),
        items.map((i) => i.gross),
        items.map((i) => i.fee),
        items.map((i) => i.at),
        charges,
      ],
    );
    return true;
  } catch (error) {
    // Another run settled one of these movements first (or, racing it row by row, deadlocked with it).
    if (isUniqueViolation(error, ITEMS_ONCE) || (error as { code?: unknown } | null)?.code === '40P01') {
      return false;
    }
    throw error;
  }
}

const COLUMNS = `id, num_id, merchant_id, currency, day, gross_amount, fee, refund, chargeback, net_amount,
  charge_count, status, destination, due_at, created_at, seq`;

type SettlementRow = {
  id: string;
  num_id: unknown;
  merchant_id: string;
  currency: string;
  day: Date;
  gross_amount: unknown;
  fee: unknown;
  refund: unknown;
  chargeback: unknown;
  net_amount: unknown;
  charge_count: number;
  due_at: Date;
  created_at: Date;
};

const toSettlement = (r: SettlementRow): Settlement => ({
  id: r.id,
  numId: toNumber(r.num_id),
  merchantId: r.merchant_id,
  currency: r.currency,
  day: r.day,
  gross: toNumber(r.gross_amount),
  fee: toNumber(r.fee),
  refund: toNumber(r.refund),
  chargeback: toNumber(r.chargeback),
  net: toNumber(r.net_amount),
  chargeCount: r.charge_count,
  status: 'completed',
  destination: 'wallet',
  dueAt: r.due_at,
  createdAt: r.created_at,
});

export type SettlementKey = { readonly id: string } | { readonly numId: number };

export async function findSettlement(
  q: Queryable,
  merchantId: string,
  key: SettlementKey,
): Promise<Settlement | undefined> {
  const [column, value] = 'id' in key ? ['id', key.id] : ['num_id', key.numId];
  const { rows } = await q.query<SettlementRow>(
    `SELECT ${COLUMNS} FROM settlements WHERE merchant_id = $1 AND ${column} = $2`,
    [merchantId, value],
  );
  return rows[0] && toSettlement(rows[0]);
}

export interface SettlementFilter {
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  /** Exclusive upper bound (a v3 day covers up to the next midnight). */
  readonly before?: Date | undefined;
}

const LISTING: Listing<SettlementFilter, SettlementRow, Settlement> = {
  alias: 's',
  select: `SELECT ${COLUMNS.replace(/(\w+)/g, 's.$1')} FROM settlements s`,
  countFrom: 'settlements s',
  conditions: {
    from: (p) => `s.created_at >= ${p}`,
    to: (p) => `s.created_at <= ${p}`,
    before: (p) => `s.created_at < ${p}`,
  },
  toItem: toSettlement,
};

export const listSettlements = (
  q: Queryable,
  merchantId: string,
  filter: SettlementFilter,
  page: PageRequest,
): Promise<Page<Settlement>> => listPage(q, LISTING, merchantId, filter, page);

/** A charge in a settlement, with what both dialects show of it. */
export interface SettledCharge {
  readonly chargeId: string;
  readonly txId: number;
  readonly flwRef: string;
  readonly reference: string;
  readonly customerId: string;
  readonly customerEmail: string;
  readonly paymentMethodId: string;
  readonly paymentType: string;
  readonly currency: string;
  readonly gross: number;
  readonly fee: number;
  /** The charge's credit to the wallet: its amount less its fees. */
  readonly net: number;
  readonly at: Date;
}

type ChargeLineRow = {
  charge_id: string;
  tx_id: unknown;
  flw_ref: string;
  reference: string;
  customer_id: string;
  email: string;
  payment_method_id: string;
  type: string;
  currency: string;
  gross: unknown;
  fee: unknown;
  amount: unknown;
  at: Date;
};

/** The charges a settlement settled, in the order they succeeded; all of them without `page`. */
export async function settledCharges(
  q: Queryable,
  settlementId: string,
  page?: PageRequest,
): Promise<SettledCharge[]> {
  const params: unknown[] = [settlementId];
  const limit = page ? `LIMIT $2 OFFSET $3` : '';
  if (page) params.push(page.size, (page.page - 1) * page.size);
  const { rows } = await q.query<ChargeLineRow>(
    `SELECT i.charge_id, c.tx_id, c.flw_ref, c.reference, c.customer_id, cu.email, c.payment_method_id, pm.type,
       c.currency, i.gross, i.fee, i.amount, i.at
     FROM settlement_items i
     JOIN charges c ON c.id = i.charge_id
     JOIN customers cu ON cu.id = c.customer_id
     JOIN payment_methods pm ON pm.id = c.payment_method_id
     WHERE i.settlement_id = $1 AND i.kind = 'charge'
     ORDER BY i.at, i.seq ${limit}`,
    params,
  );
  return rows.map((r) => ({
    chargeId: r.charge_id,
    txId: toNumber(r.tx_id),
    flwRef: r.flw_ref,
    reference: r.reference,
    customerId: r.customer_id,
    customerEmail: r.email,
    paymentMethodId: r.payment_method_id,
    paymentType: r.type,
    currency: r.currency,
    gross: toNumber(r.gross),
    fee: toNumber(r.fee),
    net: toNumber(r.amount),
    at: r.at,
  }));
}

/** The numeric ids of what a settlement took: transactions, refunds and chargebacks (v3 `meta`s). */
export async function settledNumericIds(
  q: Queryable,
  settlementId: string,
): Promise<{ transactions: number[]; refunds: number[]; chargebacks: number[] }> {
  const { rows } = await q.query<{ kind: string; n: unknown }>(
    `SELECT i.kind, coalesce(c.tx_id, r.num_id, b.num_id) AS n
     FROM settlement_items i
     LEFT JOIN charges c ON i.kind = 'charge' AND c.id = i.source_id
     LEFT JOIN refunds r ON i.kind = 'refund' AND r.id = i.source_id
     LEFT JOIN chargebacks b ON i.kind IN ('dispute_hold', 'dispute_release') AND b.id = i.source_id
     WHERE i.settlement_id = $1 ORDER BY i.at, i.seq`,
    [settlementId],
  );
  const of = (kinds: string[]) => [
    ...new Set(rows.filter((r) => kinds.includes(r.kind)).map((r) => toNumber(r.n))),
  ];
  return {
    transactions: of(['charge']),
    refunds: of(['refund']),
    chargebacks: of(['dispute_hold', 'dispute_release']),
  };
}
