/**
 * What the v3 transaction endpoints read beyond store/charges.ts: the `GET /v3/transactions` page,
 * whose filters (customer email and name) need the customers table, and the card a v3 token names.
 * Rows come back whole — charge, payment method and customer — because every v3 transaction shows
 * all three.
 */
import type { Charge, ChargeStatus } from '../domain/charge.js';
import type { Customer } from '../domain/customer.js';
import type { Page, PageRequest } from '../domain/pagination.js';
import type { PaymentMethod } from '../domain/payment-method.js';
import { CUSTOMER_COLUMNS, toCustomer, type CustomerRow } from './customers.js';
import { CHARGE_COLUMNS, toCharge, type ChargeRow } from './charges.js';
import { listPage, type Listing } from './listing.js';
import type { Queryable, Row } from './db.js';
import { prefixed, unprefixed } from './db.js';
import { PAYMENT_METHOD_COLUMNS, toPaymentMethod, type PaymentMethodRow } from './payment-methods.js';

export interface TransactionRow {
  readonly charge: Charge;
  readonly paymentMethod: PaymentMethod;
  readonly customer: Customer;
}

/** Every filter is optional; `before` is exclusive, so a whole day is `[from, next midnight)`. */
export interface TransactionFilter {
  readonly from?: Date;
  readonly before?: Date;
  readonly status?: ChargeStatus;
  readonly reference?: string;
  readonly currency?: string;
  /** Matched case-insensitively, whole. */
  readonly customerEmail?: string;
  /** Matched case-insensitively anywhere in "first last", the name the rows show. */
  readonly customerName?: string;
}

type JoinedRow = ChargeRow & Row;

const SELECT = `SELECT ${prefixed('c', CHARGE_COLUMNS)},
    ${prefixed('pm', PAYMENT_METHOD_COLUMNS, 'pm_')}, ${prefixed('cu', CUSTOMER_COLUMNS, 'cu_')}
  FROM charges c
  JOIN payment_methods pm ON pm.id = c.payment_method_id
  JOIN customers cu ON cu.id = c.customer_id`;

const paymentMethodOf = (row: Row): PaymentMethod =>
  toPaymentMethod(unprefixed<PaymentMethodRow>(row, 'pm_'));
const customerOf = (row: Row): Customer => toCustomer(unprefixed<CustomerRow>(row, 'cu_'));

const toRow = (row: JoinedRow): TransactionRow => ({
  charge: toCharge(row),
  paymentMethod: paymentMethodOf(row),
  customer: customerOf(row),
});

// The name the v3 rows show (`customer_name`) is "first last": the filter searches the same text.
const FULL_NAME = `lower(concat_ws(' ', cu.name->>'first', cu.name->>'last'))`;

const TRANSACTIONS: Listing<TransactionFilter, JoinedRow, TransactionRow> = {
  alias: 'c',
  select: SELECT,
  countFrom: 'charges c JOIN customers cu ON cu.id = c.customer_id',
  conditions: {
    from: (p) => `c.created_at >= ${p}`,
    before: (p) => `c.created_at < ${p}`,
    status: (p) => `c.status = ${p}`,
    reference: (p) => `c.reference = ${p}`,
    currency: (p) => `c.currency = ${p}`,
    customerEmail: (p) => `lower(cu.email) = lower(${p})`,
    // strpos rather than LIKE: the merchant's text is matched literally, `%` and `_` included.
    customerName: (p) => `strpos(${FULL_NAME}, lower(${p})) > 0`,
  },
  toItem: toRow,
};

/** Most recent first, narrowed by every filter given. */
export const listTransactions = (
  q: Queryable,
  merchantId: string,
  filter: TransactionFilter,
  page: PageRequest,
): Promise<Page<TransactionRow>> => listPage(q, TRANSACTIONS, merchantId, filter, page);

export interface TokenHolder {
  readonly paymentMethod: PaymentMethod;
  /** Who the card belongs to: its own customer, else the customer of its first successful charge. */
  readonly customer: Customer;
}

/**
 * The card a v3 token names, if a charge of it has succeeded: a token is only ever shown (v3
 * `card.token`) once the card has been charged successfully, so only then may it be charged again.
 */
export async function findTokenHolder(
  q: Queryable,
  merchantId: string,
  token: string,
): Promise<TokenHolder | undefined> {
  const { rows } = await q.query(
    `SELECT ${prefixed('pm', PAYMENT_METHOD_COLUMNS, 'pm_')}, ${prefixed('cu', CUSTOMER_COLUMNS, 'cu_')}
     FROM payment_methods pm
     JOIN LATERAL (
       SELECT c.customer_id FROM charges c
       WHERE c.merchant_id = pm.merchant_id AND c.payment_method_id = pm.id AND c.status = 'succeeded'
       ORDER BY c.created_at, c.seq LIMIT 1
     ) first_success ON true
     JOIN customers cu ON cu.merchant_id = pm.merchant_id
       AND cu.id = COALESCE(pm.customer_id, first_success.customer_id)
     WHERE pm.merchant_id = $1 AND pm.token = $2`,
    [merchantId, token],
  );
  const row = rows[0];
  if (!row) return undefined;
  return { paymentMethod: paymentMethodOf(row), customer: customerOf(row) };
}
