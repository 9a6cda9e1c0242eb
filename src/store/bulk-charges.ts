/**
 * Bulk tokenized charges (migration 0011): a batch, its items, and the charges its items became.
 * Always scoped by merchant. Item writes are conditional on the item still being `pending`, so a
 * batch charged twice (a job run again after a crash) never charges an item twice.
 */
import type { Customer } from '../domain/customer.js';
import type { Charge } from '../domain/charge.js';
import type { PaymentMethod } from '../domain/payment-method.js';
import { CHARGE_COLUMNS, toCharge, type ChargeRow } from './charges.js';
import { CUSTOMER_COLUMNS, toCustomer, type CustomerRow } from './customers.js';
import { prefixed, toNumber, unprefixed, type Queryable, type Row } from './db.js';
import { PAYMENT_METHOD_COLUMNS, toPaymentMethod, type PaymentMethodRow } from './payment-methods.js';
import type { Statement } from './statement.js';

/** One charge of a batch as the merchant asked for it (amount in minor units). */
export interface BulkItemRequest {
  readonly token: string;
  readonly email: string;
  readonly amount: number;
  readonly currency: string;
  readonly reference: string;
  readonly redirectUrl?: string;
}

export interface BulkCharge {
  readonly id: number;
  readonly merchantId: string;
  readonly title?: string;
  readonly retryStrategy?: Readonly<Record<string, unknown>>;
  readonly scenarioKey?: string;
  readonly total: number;
  readonly createdAt: Date;
}

export interface BulkChargeState extends BulkCharge {
  readonly pending: number;
  readonly charged: number;
  readonly failed: number;
}

export interface PendingItem {
  readonly position: number;
  readonly request: BulkItemRequest;
}

export interface BulkTransaction {
  readonly charge: Charge;
  readonly paymentMethod: PaymentMethod;
  readonly customer: Customer;
}

export function bulkChargeInsert(bulk: BulkCharge, items: readonly BulkItemRequest[]): Statement[] {
  return [
    {
      sql: `INSERT INTO bulk_charges (id, merchant_id, title, retry_strategy, scenario_key, total, created_at)
        VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7)`,
      params: [
        bulk.id,
        bulk.merchantId,
        bulk.title ?? null,
        bulk.retryStrategy === undefined ? null : JSON.stringify(bulk.retryStrategy),
        bulk.scenarioKey ?? null,
        bulk.total,
        bulk.createdAt,
      ],
    },
    {
      sql: `INSERT INTO bulk_charge_items (bulk_id, position, merchant_id, request)
        SELECT $1, (e.n - 1)::integer, $2, e.value FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e(value, n)`,
      params: [bulk.id, bulk.merchantId, JSON.stringify(items)],
    },
  ];
}

type BulkRow = {
  id: unknown;
  merchant_id: string;
  title: string | null;
  retry_strategy: Record<string, unknown> | null;
  scenario_key: string | null;
  total: number;
  created_at: Date;
  pending: unknown;
  charged: unknown;
  failed: unknown;
};

export async function findBulkCharge(
  q: Queryable,
  merchantId: string,
  id: number,
): Promise<BulkChargeState | undefined> {
  const { rows } = await q.query<BulkRow>(
    `SELECT b.id, b.merchant_id, b.title, b.retry_strategy, b.scenario_key, b.total, b.created_at,
       count(*) FILTER (WHERE i.status = 'pending') AS pending,
       count(*) FILTER (WHERE i.status = 'charged') AS charged,
       count(*) FILTER (WHERE i.status = 'failed') AS failed
     FROM bulk_charges b JOIN bulk_charge_items i ON i.bulk_id = b.id
     WHERE b.merchant_id = $1 AND b.id = $2
     GROUP BY b.id`,
    [merchantId, id],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: toNumber(row.id),
    merchantId: row.merchant_id,
    ...(row.title === null ? {} : { title: row.title }),
    ...(row.retry_strategy === null ? {} : { retryStrategy: row.retry_strategy }),
    ...(row.scenario_key === null ? {} : { scenarioKey: row.scenario_key }),
    total: row.total,
    createdAt: row.created_at,
    pending: toNumber(row.pending),
    charged: toNumber(row.charged),
    failed: toNumber(row.failed),
  };
}

/** The items still to charge, in the order the merchant sent them. */
export async function pendingItems(q: Queryable, merchantId: string, bulkId: number): Promise<PendingItem[]> {
  const { rows } = await q.query<{ position: number; request: BulkItemRequest }>(
    `SELECT position, request FROM bulk_charge_items
     WHERE merchant_id = $1 AND bulk_id = $2 AND status = 'pending' ORDER BY position`,
    [merchantId, bulkId],
  );
  return rows.map((r) => ({ position: r.position, request: r.request }));
}

/** Marks an item charged, written with the charge it became (the same statement). */
export function itemCharged(
  merchantId: string,
  bulkId: number,
  position: number,
  chargeId: string,
  at: Date,
): Statement {
  return {
    sql: `UPDATE bulk_charge_items SET status = 'charged', charge_id = $4, processed_at = $5
      WHERE merchant_id = $1 AND bulk_id = $2 AND position = $3 AND status = 'pending'`,
    params: [merchantId, bulkId, position, chargeId, at],
  };
}

export async function markItemFailed(
  q: Queryable,
  merchantId: string,
  bulkId: number,
  position: number,
  error: string,
  at: Date,
): Promise<void> {
  await q.query(
    `UPDATE bulk_charge_items SET status = 'failed', error = $4, processed_at = $5
     WHERE merchant_id = $1 AND bulk_id = $2 AND position = $3 AND status = 'pending'`,
    [merchantId, bulkId, position, error, at],
  );
}

/** The charges the batch's items became, in the order the merchant sent them. */
export async function bulkTransactions(
  q: Queryable,
  merchantId: string,
  bulkId: number,
): Promise<BulkTransaction[]> {
  const { rows } = await q.query<ChargeRow & Row>(
    `SELECT ${prefixed('c', CHARGE_COLUMNS)},
       ${prefixed('pm', PAYMENT_METHOD_COLUMNS, 'pm_')}, ${prefixed('cu', CUSTOMER_COLUMNS, 'cu_')}
     FROM bulk_charge_items i
     JOIN charges c ON c.id = i.charge_id AND c.merchant_id = i.merchant_id
     JOIN payment_methods pm ON pm.id = c.payment_method_id
     JOIN customers cu ON cu.id = c.customer_id
     WHERE i.merchant_id = $1 AND i.bulk_id = $2
     ORDER BY i.position`,
    [merchantId, bulkId],
  );
  return rows.map((row) => ({
    charge: toCharge(row),
    paymentMethod: toPaymentMethod(unprefixed<PaymentMethodRow>(row, 'pm_')),
    customer: toCustomer(unprefixed<CustomerRow>(row, 'cu_')),
  }));
}
