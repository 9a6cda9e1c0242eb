/**
 * What the customer does on a checkout page: start an attempt (a charge of the session's amount and
 * reference, numbered after the last, on the chosen method's rail — through the same direct-charge and
 * bank-transfer flows as the APIs), answer its next step (PIN, OTP, address), or cancel the session.
 * One attempt runs at a time: a new one starts only when the last is final and retries are left. Two
 * pages racing to start the same attempt number cannot both succeed (the charges' unique reference and
 * attempt), so the loser sees the winner's attempt.
 */
import type { Authorization, Scenario } from '../../domain/charge.js';
import { pendingAttempt } from '../../domain/checkout.js';
import { appError, type AppError } from '../../domain/errors.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { Instrument } from '../../rails/contract.js';
import { cancelCheckoutSession } from '../../store/checkout-sessions.js';
import { openBankTransferCharge } from '../charges/bank-transfers.js';
import { reloadCheckout, type Checkout } from './checkout.js';
import type { ChargeResult } from '../charges/create-charge.js';
import type { Deps } from '../deps.js';
import { merchantTimeOf } from '../sandbox/clocks.js';
import { directCharge } from '../charges/direct-charge.js';
import type { MethodInput } from '../charges/payment-methods.js';
import type { Rendering } from '../unit-of-work.js';
import { authorizeCharge } from '../charges/update-charge.js';

const CHANNEL = 'checkout';

/** What the customer chose: a payment method to charge, or a bank transfer to an account opened for it. */
export type AttemptMethod = {
  readonly scenario: Scenario;
  /** Where the browser returns from a sandbox page (3-D Secure, a bank login…): the checkout page. */
  readonly redirectUrl: string;
} & (
  | {
      readonly paymentMethod: MethodInput;
      /** The rail flow when the scenario names none: the method's v3 default. */
      readonly flow?: string;
      readonly instrument?: Instrument;
    }
  | { readonly transfer: true }
);

// Attempts are written like any charge, without an idempotency key: the page needs no reply body.
const NO_REPLY: Rendering<unknown> = { idempotency: undefined, render: () => ({ status: 200, body: '' }) };

const notOpen = (): AppError =>
  appError('RESOURCE_CONFLICT', 'This checkout is not waiting for a new payment attempt');

export async function startAttempt(
  deps: Deps,
  checkout: Checkout,
  method: AttemptMethod,
): Promise<Result<void>> {
  const { session, customer, state } = checkout;
  if (state.status !== 'open' || pendingAttempt(state) || state.attemptsLeft === 0) return err(notOpen());
  const common = {
    merchantId: session.merchantId,
    customer,
    existingCustomer: customer,
    amount: session.amount,
    currency: session.currency,
    reference: session.reference,
    redirectUrl: method.redirectUrl,
    meta: session.meta,
    origin: 'checkout',
    scenario: method.scenario,
    checkout: { sessionId: session.id, attempt: checkout.attempts.length + 1 },
  } as const;
  if ('transfer' in method) {
    // The account takes the transfer for as long as the session lasts.
    const now = await merchantTimeOf(deps, session.merchantId);
    const seconds = Math.ceil((session.expiresAt.getTime() - now.getTime()) / 1000);
    const executed = await openBankTransferCharge(
      deps,
      { ...common, expiresInSeconds: Math.max(1, seconds) },
      NO_REPLY,
      CHANNEL,
    );
    return executed.ok ? ok(undefined) : executed;
  }
  const executed = await directCharge(
    deps,
    {
      ...common,
      paymentMethod: method.paymentMethod,
      recurring: false,
      preauthorize: false,
      ...(method.flow === undefined ? {} : { flow: method.flow }),
      ...(method.instrument === undefined ? {} : { instrument: method.instrument }),
    },
    NO_REPLY,
    CHANNEL,
  );
  return executed.ok ? ok(undefined) : executed;
}

/** The customer's answer to the running attempt's step. */
export async function answerAttempt(
  deps: Deps,
  checkout: Checkout,
  authorization: Authorization,
): Promise<Result<ChargeResult>> {
  const attempt = pendingAttempt(checkout.state);
  if (!attempt) return err(notOpen());
  return authorizeCharge(deps, attempt.merchantId, attempt.id, { authorization }, CHANNEL);
}

// What a customer walking away says to a rail that is waiting for them: the waiting rails take a
// decline, a sandbox-page step a "declined" answer. A card step (PIN, OTP, address) takes neither and
// stays pending, which no timer completes.
const WALKING_AWAY: readonly Authorization[] = [
  { type: 'approval', approved: false },
  { type: 'redirect', approved: false },
];

/**
 * The customer cancels: an attempt still waiting is declined (so no sandbox timer pays it later) and
 * the session is marked cancelled. A session that is no longer open is left as it is.
 */
export async function cancelCheckout(deps: Deps, checkout: Checkout): Promise<Checkout> {
  const { session, state } = checkout;
  if (state.status !== 'open') return checkout;
  const attempt = pendingAttempt(state);
  if (attempt) {
    for (const authorization of WALKING_AWAY) {
      const declined = await authorizeCharge(
        deps,
        session.merchantId,
        attempt.id,
        { authorization },
        CHANNEL,
      );
      if (declined.ok) break;
    }
  }
  const now = await merchantTimeOf(deps, session.merchantId);
  // Lost to another cancel at most: either way the session ends cancelled.
  await cancelCheckoutSession(
    deps.db,
    { ...session, cancelledAt: now, version: session.version + 1, updatedAt: now },
    session.version,
  );
  return reloadCheckout(deps, checkout);
}
