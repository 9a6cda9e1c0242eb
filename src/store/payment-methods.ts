/** Payment methods, scoped by merchant. `details` is the domain variant as JSON (no card number, no CVV). */
import { pick } from '../domain/customer.js';
import type { Page, PageRequest } from '../domain/pagination.js';
import { offsetOf } from '../domain/pagination.js';
import type { PaymentMethod } from '../domain/payment-method.js';
import type { Queryable } from './db.js';
import { toNumber } from './db.js';
import type { Statement } from './statement.js';

export type PaymentMethodRow = {
  id: string;
  token: string | null;
  merchant_id: string;
  customer_id: string | null;
  details: PaymentMethod['details'];
  meta: PaymentMethod['meta'];
  device_fingerprint: string | null;
  client_ip: string | null;
  created_at: Date | string;
};

export const PAYMENT_METHOD_COLUMNS =
  'id, token, merchant_id, customer_id, details, meta, device_fingerprint, client_ip, created_at';

export const toPaymentMethod = (row: PaymentMethodRow): PaymentMethod => ({
  id: row.id,
  ...pick('token', row.token ?? undefined),
  merchantId: row.merchant_id,
  ...pick('customerId', row.customer_id ?? undefined),
  details: row.details,
  meta: row.meta,
  ...pick('deviceFingerprint', row.device_fingerprint ?? undefined),
  ...pick('clientIp', row.client_ip ?? undefined),
  createdAt: new Date(row.created_at),
});

export function paymentMethodInsert(pm: PaymentMethod): Statement {
  return {
    sql: `INSERT INTO payment_methods (id, merchant_id, customer_id, type, details, meta, device_fingerprint, client_ip, created_at, token)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9, $10)`,
    params: [
      pm.id,
      pm.merchantId,
      pm.customerId ?? null,
      pm.details.type,
      JSON.stringify(pm.details),
      JSON.stringify(pm.meta),
      pm.deviceFingerprint ?? null,
      pm.clientIp ?? null,
      pm.createdAt,
      pm.token ?? null,
    ],
  };
}

export async function findPaymentMethod(
  q: Queryable,
  merchantId: string,
  id: string,
): Promise<PaymentMethod | undefined> {
  const { rows } = await q.query<PaymentMethodRow>(
    `SELECT ${PAYMENT_METHOD_COLUMNS} FROM payment_methods WHERE merchant_id = $1 AND id = $2`,
    [merchantId, id],
  );
  return rows[0] && toPaymentMethod(rows[0]);
}

export async function listPaymentMethods(
  q: Queryable,
  merchantId: string,
  page: PageRequest,
): Promise<Page<PaymentMethod>> {
  const [count, items] = await Promise.all([
    q.query<{ n: unknown }>('SELECT count(*) AS n FROM payment_methods WHERE merchant_id = $1', [merchantId]),
    q.query<PaymentMethodRow>(
      `SELECT ${PAYMENT_METHOD_COLUMNS} FROM payment_methods WHERE merchant_id = $1
       ORDER BY created_at DESC, seq DESC LIMIT $2 OFFSET $3`,
      [merchantId, page.size, offsetOf(page)],
    ),
  ]);
  return {
    items: items.rows.map(toPaymentMethod),
    total: toNumber(count.rows[0]?.n ?? 0),
    page: page.page,
    size: page.size,
  };
}

/** The card payment method a v3 token names, within the merchant. */
export async function findPaymentMethodByToken(
  q: Queryable,
  merchantId: string,
  token: string,
): Promise<PaymentMethod | undefined> {
  const { rows } = await q.query<PaymentMethodRow>(
    `SELECT ${PAYMENT_METHOD_COLUMNS} FROM payment_methods WHERE merchant_id = $1 AND token = $2`,
    [merchantId, token],
  );
  return rows[0] && toPaymentMethod(rows[0]);
}
