/**
 * Hosted checkout sessions (v3 `POST /v3/payments`, v4 `/checkout/sessions`): create one (idempotent,
 * the customer found or made in the same statement), read them, and open one by its page link with
 * its attempts and where it stands. What the customer does on the page is flows/checkout-attempts.ts.
 */
import { randomBytes } from 'node:crypto';
import { checkoutStateAt, type CheckoutSession, type CheckoutState } from '../../domain/checkout.js';
import { pick, type Customer, type CustomerDetails } from '../../domain/customer.js';
import { appError, invalid } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { formatMoney } from '../../domain/money.js';
import type { Page, PageRequest } from '../../domain/pagination.js';
import { err, ok, type Result } from '../../domain/result.js';
import { checkoutMethods } from '../../methods/checkout-options.js';
import { findCharge, listCharges, type ChargeWithMethod } from '../../store/charges.js';
import {
  CHECKOUT_REFERENCE_CONSTRAINT,
  checkoutSessionInsert,
  findCheckoutSession,
  findCheckoutSessionByLink,
  findCheckoutSessionByReference,
  listCheckoutSessions,
} from '../../store/checkout-sessions.js';
import { customerInsert, findCustomer, findCustomerByEmail } from '../../store/customers.js';
import { isUniqueViolation } from '../../store/db.js';
import { replyInsert } from '../../store/idempotency.js';
import { writeAll } from '../../store/statement.js';
import type { Deps } from '../deps.js';
import { merchantDeps, merchantTimeOf } from '../sandbox/clocks.js';
import { execute, prepared, type Executed, type Rendering } from '../unit-of-work.js';

/** What a session is opened with; the rest (ids, link, expiry, version) is decided here. */
export type CheckoutRequest = Pick<
  CheckoutSession,
  | 'merchantId'
  | 'origin'
  | 'reference'
  | 'amount'
  | 'currency'
  | 'redirectUrl'
  | 'customizations'
  | 'paymentOptions'
  | 'meta'
  | 'scenario'
  | 'maxRetryAttempts'
  | 'sessionDuration'
> & {
  /** v4 names an existing customer; v3 describes one, found by email or created with the session. */
  readonly customer: { readonly id: string } | { readonly details: CustomerDetails };
  /** A time the link must not outlive (v3 `link_expiration`). */
  readonly expiresBy?: Date;
};

/** A session with its customer, its attempts (newest first) and where it stands now. */
export interface Checkout {
  readonly session: CheckoutSession;
  readonly customer: Customer;
  readonly attempts: readonly ChargeWithMethod[];
  readonly state: CheckoutState;
}

/** The customer a session is for: the named one, the merchant's one with that email, or a new one. */
async function customerFor(
  deps: Deps,
  req: CheckoutRequest,
): Promise<Result<{ customer: Customer; isNew: boolean }>> {
  if ('id' in req.customer) {
    const found = await findCustomer(deps.db, req.merchantId, req.customer.id);
    if (found) return ok({ customer: found, isNew: false });
    const message = `Customer ${req.customer.id} was not found`;
    return err(appError('CUSTOMER_NOT_FOUND_FOR_CHARGE', message, [{ field: 'customer_id', message }]));
  }
  const { details } = req.customer;
  const existing = await findCustomerByEmail(deps.db, req.merchantId, details.email);
  if (existing) return ok({ customer: existing, isNew: false });
  const now = deps.clock.now();
  return ok({
    customer: {
      ...details,
      id: newId('customer'),
      numId: await deps.numericIds.next(),
      merchantId: req.merchantId,
      createdAt: now,
      updatedAt: now,
    },
    isNew: true,
  });
}

/** Opens a session: one statement writes it (and a new customer), idempotent under X-Idempotency-Key. */
export async function createCheckoutSession(
  real: Deps,
  req: CheckoutRequest,
  rendering: Rendering<CheckoutSession>,
): Promise<Result<Executed>> {
  // Dated, and expiring, on the merchant's sandbox clock (docs/sandbox.md "Time").
  const deps = await merchantDeps(real, req.merchantId);
  return execute(deps, req.merchantId, rendering, async () => {
    const now = deps.clock.now();
    if (checkoutMethods(req, req.paymentOptions).length === 0) {
      const field = req.paymentOptions === undefined ? 'currency' : 'payment_options';
      const message = `${field} leaves no payment method that takes ${formatMoney(req.amount, req.currency)}`;
      return err(invalid([{ field, message }]));
    }
    if (req.expiresBy !== undefined && req.expiresBy.getTime() <= now.getTime()) {
      return err(invalid([{ field: 'link_expiration', message: 'link_expiration must be in the future' }]));
    }
    if (await findCharge(deps.db, req.merchantId, { reference: req.reference })) {
      return err(
        appError('CHARGE_ALREADY_EXISTS', `A charge with reference ${req.reference} already exists`),
      );
    }
    const customer = await customerFor(deps, req);
    if (!customer.ok) return customer;
    const ends = now.getTime() + req.sessionDuration * 60_000;
    const session: CheckoutSession = {
      id: newId('checkoutSession'),
      merchantId: req.merchantId,
      customerId: customer.value.customer.id,
      origin: req.origin,
      linkKey: randomBytes(16).toString('hex'),
      reference: req.reference,
      amount: req.amount,
      currency: req.currency,
      redirectUrl: req.redirectUrl,
      customizations: req.customizations,
      ...pick('paymentOptions', req.paymentOptions),
      meta: req.meta,
      scenario: req.scenario,
      maxRetryAttempts: req.maxRetryAttempts,
      sessionDuration: req.sessionDuration,
      expiresAt: new Date(Math.min(ends, req.expiresBy?.getTime() ?? ends)),
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    return prepared(session, async (reply) => {
      try {
        await writeAll(deps.db, [
          customer.value.isNew ? customerInsert(customer.value.customer) : undefined,
          checkoutSessionInsert(session),
          reply && replyInsert(reply),
        ]);
        return ok(undefined);
      } catch (error) {
        if (!isUniqueViolation(error, CHECKOUT_REFERENCE_CONSTRAINT)) throw error;
        return err(
          appError(
            'CHECKOUT_SESSION_ALREADY_EXISTS',
            `A checkout session with reference ${req.reference} already exists`,
          ),
        );
      }
    });
  });
}

export async function getCheckoutSession(
  deps: Deps,
  merchantId: string,
  id: string,
): Promise<Result<CheckoutSession>> {
  const found = await findCheckoutSession(deps.db, merchantId, id);
  return found
    ? ok(found)
    : err(appError('CHECKOUT_SESSION_NOT_FOUND', `Checkout session ${id} was not found`));
}

export const pageOfCheckoutSessions = (
  deps: Deps,
  merchantId: string,
  page: PageRequest,
): Promise<Page<CheckoutSession>> => listCheckoutSessions(deps.db, merchantId, page);

/** A session with everything the page shows, as it stands now. */
export async function loadCheckout(deps: Deps, session: CheckoutSession): Promise<Checkout> {
  // A session has at most 1 + 10 attempts (max_retry_attempts ≤ 10): one page holds them all.
  const [customer, attempts, now] = await Promise.all([
    findCustomer(deps.db, session.merchantId, session.customerId),
    listCharges(deps.db, session.merchantId, { checkoutSessionId: session.id }, { page: 1, size: 20 }),
    // Expiry is read on the merchant's sandbox clock, as it was set.
    merchantTimeOf(deps, session.merchantId),
  ]);
  if (!customer) throw new Error(`checkout session ${session.id} has no customer ${session.customerId}`);
  const number = (a: ChargeWithMethod): number => a.charge.checkout?.attempt ?? 0;
  const newestFirst = [...attempts.items].sort((a, b) => number(b) - number(a));
  return {
    session,
    customer,
    attempts: newestFirst,
    state: checkoutStateAt(
      session,
      newestFirst.map((a) => a.charge),
      now,
    ),
  };
}

/** The same session read afresh, after a change. */
export async function reloadCheckout(deps: Deps, checkout: Checkout): Promise<Checkout> {
  const { merchantId, id } = checkout.session;
  const session = await findCheckoutSession(deps.db, merchantId, id);
  if (!session) throw new Error(`checkout session ${id} vanished`);
  return loadCheckout(deps, session);
}

/** The session a page link names, or undefined for a link that names none. */
export async function openCheckout(deps: Deps, linkKey: string): Promise<Checkout | undefined> {
  const session = await findCheckoutSessionByLink(deps.db, linkKey);
  return session && loadCheckout(deps, session);
}

/** The merchant's session with this reference, as it stands now. */
export async function checkoutByReference(
  deps: Deps,
  merchantId: string,
  reference: string,
): Promise<Checkout | undefined> {
  const session = await findCheckoutSessionByReference(deps.db, merchantId, reference);
  return session && loadCheckout(deps, session);
}
