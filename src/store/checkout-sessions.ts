/**
 * Checkout sessions, scoped by merchant — except the lookup by link key, which is how the page finds
 * its session (the key is unique across the instance). The one update, a cancel, is guarded by
 * `version`. A session's attempts are charges: `listCharges` with `checkoutSessionId`.
 */
import type { Scenario } from '../domain/charge.js';
import type { CheckoutOrigin, CheckoutSession, Customizations } from '../domain/checkout.js';
import { pick, type Meta } from '../domain/customer.js';
import type { Currency } from '../domain/money.js';
import type { Page, PageRequest } from '../domain/pagination.js';
import type { Queryable } from './db.js';
import { toNumber } from './db.js';
import { listPage, type Listing } from './listing.js';
import type { Statement } from './statement.js';

export const CHECKOUT_REFERENCE_CONSTRAINT = 'checkout_sessions_reference_unique';

type CheckoutSessionRow = {
  id: string;
  merchant_id: string;
  customer_id: string;
  origin: CheckoutOrigin;
  link_key: string;
  reference: string;
  amount: unknown;
  currency: Currency;
  redirect_url: string;
  customizations: Customizations;
  payment_options: string[] | null;
  meta: Meta;
  scenario: Scenario;
  max_retry_attempts: number;
  session_duration: number;
  expires_at: Date;
  cancelled_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS = `id, merchant_id, customer_id, origin, link_key, reference, amount, currency, redirect_url,
  customizations, payment_options, meta, scenario, max_retry_attempts, session_duration, expires_at, cancelled_at,
  version, created_at, updated_at`;

const toSession = (row: CheckoutSessionRow): CheckoutSession => ({
  id: row.id,
  merchantId: row.merchant_id,
  customerId: row.customer_id,
  origin: row.origin,
  linkKey: row.link_key,
  reference: row.reference,
  amount: toNumber(row.amount),
  currency: row.currency,
  redirectUrl: row.redirect_url,
  customizations: row.customizations,
  ...pick('paymentOptions', row.payment_options ?? undefined),
  meta: row.meta,
  scenario: row.scenario,
  maxRetryAttempts: row.max_retry_attempts,
  sessionDuration: row.session_duration,
  expiresAt: row.expires_at,
  ...pick('cancelledAt', row.cancelled_at ?? undefined),
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function checkoutSessionInsert(s: CheckoutSession): Statement {
  return {
    sql: `INSERT INTO checkout_sessions (id, merchant_id, customer_id, origin, link_key, reference, amount, currency,
       redirect_url, customizations, payment_options, meta, scenario, max_retry_attempts, session_duration,
       expires_at, cancelled_at, version, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12::jsonb, $13::jsonb, $14, $15, $16, $17,
       $18, $19, $20)`,
    params: [
      s.id,
      s.merchantId,
      s.customerId,
      s.origin,
      s.linkKey,
      s.reference,
      s.amount,
      s.currency,
      s.redirectUrl,
      JSON.stringify(s.customizations),
      s.paymentOptions === undefined ? null : JSON.stringify(s.paymentOptions),
      JSON.stringify(s.meta),
      JSON.stringify(s.scenario),
      s.maxRetryAttempts,
      s.sessionDuration,
      s.expiresAt,
      s.cancelledAt ?? null,
      s.version,
      s.createdAt,
      s.updatedAt,
    ],
  };
}

async function findOne(q: Queryable, where: string, params: readonly unknown[]) {
  const { rows } = await q.query<CheckoutSessionRow>(
    `SELECT ${COLUMNS} FROM checkout_sessions WHERE ${where}`,
    params,
  );
  return rows[0] && toSession(rows[0]);
}

export const findCheckoutSession = (q: Queryable, merchantId: string, id: string) =>
  findOne(q, 'merchant_id = $1 AND id = $2', [merchantId, id]);

export const findCheckoutSessionByReference = (q: Queryable, merchantId: string, reference: string) =>
  findOne(q, 'merchant_id = $1 AND reference = $2', [merchantId, reference]);

/** The session a page link names, whoever's it is. */
export const findCheckoutSessionByLink = (q: Queryable, linkKey: string) =>
  findOne(q, 'link_key = $1', [linkKey]);

/** Writes the cancel if the session is still at `expectedVersion`; false when it moved on. */
export async function cancelCheckoutSession(
  q: Queryable,
  next: CheckoutSession,
  expectedVersion: number,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE checkout_sessions SET cancelled_at = $3, version = $4, updated_at = $5
     WHERE merchant_id = $1 AND id = $2 AND version = $6`,
    [next.merchantId, next.id, next.cancelledAt ?? null, next.version, next.updatedAt, expectedVersion],
  );
  return rowCount === 1;
}

const SESSIONS: Listing<object, CheckoutSessionRow, CheckoutSession> = {
  alias: 's',
  select: `SELECT ${COLUMNS} FROM checkout_sessions s`,
  countFrom: 'checkout_sessions s',
  conditions: {},
  toItem: toSession,
};

/** Most recent first. */
export const listCheckoutSessions = (
  q: Queryable,
  merchantId: string,
  page: PageRequest,
): Promise<Page<CheckoutSession>> => listPage(q, SESSIONS, merchantId, {}, page);
