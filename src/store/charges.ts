/**
 * Charges, always read together with their payment method (every charge view embeds it). Updates
 * are guarded by `version`: a change computed from a state someone else has already moved on from
 * writes nothing, and the caller re-reads and decides again.
 */
import type { Charge, ChargeStatus, ChargeStep } from '../domain/charge.js';
import { pick } from '../domain/customer.js';
import type { DomainEvent } from '../domain/events.js';
import type { Page, PageRequest } from '../domain/pagination.js';
import type { PaymentMethod } from '../domain/payment-method.js';
import { listPage, type Listing } from './listing.js';
import type { Queryable, Row } from './db.js';
import { prefixed, toNumber, unprefixed } from './db.js';
import { PAYMENT_METHOD_COLUMNS, toPaymentMethod, type PaymentMethodRow } from './payment-methods.js';
import type { Statement } from './statement.js';

export const REFERENCE_CONSTRAINT = 'charges_reference_unique';

export interface ChargeWithMethod {
  readonly charge: Charge;
  readonly paymentMethod: PaymentMethod;
}

export type ChargeRow = {
  id: string;
  tx_id: unknown;
  flw_ref: string;
  merchant_id: string;
  customer_id: string;
  payment_method_id: string;
  reference: string;
  amount: unknown;
  currency: string;
  status: ChargeStatus;
  next_action: Charge['nextAction'] | null;
  processor_response: Charge['processorResponse'] | null;
  scenario: Charge['scenario'];
  rail: string;
  rail_state: unknown;
  redirect_url: string | null;
  meta: Charge['meta'];
  recurring: boolean;
  preauthorize: boolean;
  origin: Charge['origin'];
  fees: Charge['fees'];
  amount_refunded: unknown;
  virtual_account_id: string | null;
  checkout_session_id: string | null;
  attempt: number;
  settlement_id: string | null;
  disputed: boolean;
  history: (Omit<ChargeStep, 'at'> & { at: string })[];
  version: number;
  created_at: Date;
  updated_at: Date;
};

export const CHARGE_COLUMNS = `id, tx_id, flw_ref, merchant_id, customer_id, payment_method_id, reference, amount,
  currency, status, next_action, processor_response, scenario, rail, rail_state, redirect_url, meta, recurring,
  preauthorize, origin, fees, amount_refunded, virtual_account_id, checkout_session_id, attempt, history, version,
  created_at, updated_at, settlement_id, disputed`;

type JoinedRow = ChargeRow & Row;

const SELECT = `SELECT ${prefixed('c', CHARGE_COLUMNS)}, ${prefixed('pm', PAYMENT_METHOD_COLUMNS, 'pm_')}
  FROM charges c JOIN payment_methods pm ON pm.id = c.payment_method_id`;

export const toCharge = (row: ChargeRow): Charge => ({
  id: row.id,
  txId: toNumber(row.tx_id),
  flwRef: row.flw_ref,
  merchantId: row.merchant_id,
  customerId: row.customer_id,
  paymentMethodId: row.payment_method_id,
  reference: row.reference,
  amount: toNumber(row.amount),
  currency: row.currency,
  status: row.status,
  ...pick('nextAction', row.next_action ?? undefined),
  ...pick('processorResponse', row.processor_response ?? undefined),
  scenario: row.scenario,
  rail: row.rail,
  railState: row.rail_state,
  ...pick('redirectUrl', row.redirect_url ?? undefined),
  meta: row.meta,
  recurring: row.recurring,
  preauthorize: row.preauthorize,
  origin: row.origin,
  fees: row.fees,
  amountRefunded: toNumber(row.amount_refunded),
  ...pick('virtualAccountId', row.virtual_account_id ?? undefined),
  ...pick(
    'checkout',
    row.checkout_session_id === null
      ? undefined
      : { sessionId: row.checkout_session_id, attempt: row.attempt },
  ),
  ...pick('settlementId', row.settlement_id ?? undefined),
  disputed: row.disputed,
  history: row.history.map((step) => ({ ...step, at: new Date(step.at) })),
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toJoined = (row: JoinedRow): ChargeWithMethod => ({
  charge: toCharge(row),
  paymentMethod: toPaymentMethod(unprefixed<PaymentMethodRow>(row, 'pm_')),
});

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

export function chargeInsert(c: Charge): Statement {
  return {
    sql: `INSERT INTO charges (id, merchant_id, customer_id, payment_method_id, reference, amount, currency, status,
       next_action, processor_response, scenario, rail, rail_state, redirect_url, meta, recurring, fees, history,
       version, created_at, updated_at, tx_id, flw_ref, preauthorize, origin, virtual_account_id,
       checkout_session_id, attempt)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11::jsonb, $12, $13::jsonb, $14, $15::jsonb, $16,
       $17::jsonb, $18::jsonb, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28)`,
    params: [
      c.id,
      c.merchantId,
      c.customerId,
      c.paymentMethodId,
      c.reference,
      c.amount,
      c.currency,
      c.status,
      json(c.nextAction),
      json(c.processorResponse),
      json(c.scenario),
      c.rail,
      json(c.railState),
      c.redirectUrl ?? null,
      json(c.meta),
      c.recurring,
      json(c.fees),
      json(c.history),
      c.version,
      c.createdAt,
      c.updatedAt,
      c.txId,
      c.flwRef,
      c.preauthorize,
      c.origin,
      c.virtualAccountId ?? null,
      c.checkout?.sessionId ?? null,
      c.checkout?.attempt ?? 1,
    ],
  };
}

/** How a charge is named: its id, or for v3 its numeric id, flw_ref or tx_ref (= reference). */
export type ChargeKey =
  | { readonly id: string }
  | { readonly txId: number }
  | { readonly flwRef: string }
  | { readonly reference: string };

function keyColumn(key: ChargeKey): [string, unknown] {
  if ('id' in key) return ['c.id', key.id];
  if ('txId' in key) return ['c.tx_id', key.txId];
  if ('flwRef' in key) return ['c.flw_ref', key.flwRef];
  return ['c.reference', key.reference];
}

export async function findCharge(
  q: Queryable,
  merchantId: string,
  key: string | ChargeKey,
): Promise<ChargeWithMethod | undefined> {
  const [column, value] = keyColumn(typeof key === 'string' ? { id: key } : key);
  // The attempts of a checkout session share its reference: by reference, the latest attempt is the charge.
  const { rows } = await q.query<JoinedRow>(
    `${SELECT} WHERE c.merchant_id = $1 AND ${column} = $2 ORDER BY c.attempt DESC LIMIT 1`,
    [merchantId, value],
  );
  return rows[0] && toJoined(rows[0]);
}

/**
 * Writes `next` over the stored charge if it is still at `expectedVersion`, with `event` in the same
 * statement. Returns false, writing nothing, when the charge moved on meanwhile.
 */
export async function updateCharge(
  q: Queryable,
  next: Charge,
  expectedVersion: number,
  event: DomainEvent | undefined,
): Promise<boolean> {
  const { rows } = await q.query<{ updated: number }>(
    `WITH u AS (
       UPDATE charges SET status = $3, next_action = $4::jsonb, processor_response = $5::jsonb, rail_state = $6::jsonb,
         meta = $7::jsonb, history = $8::jsonb, version = $9, updated_at = $10, amount = $16, fees = $17::jsonb
       WHERE merchant_id = $1 AND id = $2 AND version = $11
       RETURNING id
     ), e AS (
       INSERT INTO events (id, merchant_id, type, charge_id, data, created_at)
       SELECT $12, $1, $13, $2, $14::jsonb, $10 FROM u WHERE $15::boolean
     )
     SELECT count(*)::int AS updated FROM u`,
    [
      next.merchantId,
      next.id,
      next.status,
      json(next.nextAction),
      json(next.processorResponse),
      json(next.railState),
      json(next.meta),
      json(next.history),
      next.version,
      next.updatedAt,
      expectedVersion,
      event?.id ?? null,
      event?.type ?? null,
      event ? JSON.stringify(event.data) : null,
      event !== undefined,
      next.amount,
      json(next.fees),
    ],
  );
  return rows[0]?.updated === 1;
}

export interface ChargeFilter {
  readonly status?: ChargeStatus;
  readonly reference?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly customerId?: string;
  readonly paymentMethodId?: string;
  readonly virtualAccountId?: string;
  readonly orderId?: string;
  readonly checkoutSessionId?: string;
  /** Only ids with this prefix (`ord_`: v4 orders). */
  readonly idPrefix?: string;
  /** Only charges holding pre-authorised funds (true) or only those not (false). */
  readonly held?: boolean;
}

const CHARGES: Listing<ChargeFilter, JoinedRow, ChargeWithMethod> = {
  alias: 'c',
  select: SELECT,
  countFrom: 'charges c',
  conditions: {
    status: (p) => `c.status = ${p}`,
    reference: (p) => `c.reference = ${p}`,
    from: (p) => `c.created_at >= ${p}`,
    to: (p) => `c.created_at <= ${p}`,
    customerId: (p) => `c.customer_id = ${p}`,
    paymentMethodId: (p) => `c.payment_method_id = ${p}`,
    virtualAccountId: (p) => `c.virtual_account_id = ${p}`,
    orderId: (p) => `c.order_id = ${p}`,
    checkoutSessionId: (p) => `c.checkout_session_id = ${p}`,
    idPrefix: (p) => `left(c.id, length(${p})) = ${p}`,
    held: (p) =>
      `(c.status = 'pending' AND COALESCE(c.next_action->>'type', '') = 'requires_capture') = ${p}`,
  },
  toItem: toJoined,
};

/** Most recent first, narrowed by every filter given. */
export const listCharges = (
  q: Queryable,
  merchantId: string,
  filter: ChargeFilter,
  page: PageRequest,
): Promise<Page<ChargeWithMethod>> => listPage(q, CHARGES, merchantId, filter, page);

/** Where a charge named by any of its ids lives (`locateCharge`): its merchant and v4 id. */
export interface ChargeLocation {
  readonly merchantId: string;
  readonly chargeId: string;
}

/**
 * Every charge `name` names, of any merchant (or of `merchantId`): its v4 id, v3 numeric id, flw_ref
 * or tx_ref. Best match first (id, numeric id, flw_ref, reference), then the latest attempt.
 */
export async function findChargeLocations(
  q: Queryable,
  name: string,
  merchantId?: string,
): Promise<ChargeLocation[]> {
  const numeric = /^[1-9][0-9]{0,15}$/.test(name) ? Number(name) : null;
  const { rows } = await q.query<{ merchant_id: string; id: string }>(
    `SELECT merchant_id, id FROM charges
     WHERE (id = $1 OR tx_id = $2 OR flw_ref = $1 OR reference = $1) AND ($3::text IS NULL OR merchant_id = $3)
     ORDER BY CASE WHEN id = $1 THEN 0 WHEN tx_id = $2 THEN 1 WHEN flw_ref = $1 THEN 2 ELSE 3 END,
       attempt DESC, created_at DESC
     LIMIT 20`,
    [name, numeric, merchantId ?? null],
  );
  return rows.map((r) => ({ merchantId: r.merchant_id, chargeId: r.id }));
}
