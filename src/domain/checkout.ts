/**
 * Checkout sessions: hosted checkout (v3 `POST /v3/payments`, v4 `POST /checkout/sessions`), a payment
 * page for one amount that the merchant sends the customer to by its link. Glossary:
 * - attempt: a charge the customer makes from the page. Attempts carry the session's reference and are
 *   numbered from 1; one runs at a time, and after a failed one the customer may try again while
 *   retries are left;
 * - retries: `maxRetryAttempts` more attempts after the first failure (so 1 + retries in all);
 * - status: never stored, read at a point in time from the session, its attempts and the clock (see
 *   `checkoutStateAt`).
 * Amounts are integer minor units of `currency`; `sessionDuration` is in minutes, as the APIs take it.
 */
import type { Charge, Scenario } from './charge.js';
import type { Meta } from './customer.js';
import type { Currency } from './money.js';

export type CheckoutOrigin = 'v3' | 'v4';

export type CheckoutStatus = 'open' | 'succeeded' | 'failed' | 'cancelled' | 'expired';

/** What the merchant shows on the page (v3 `customizations`); the merchant's name when no title. */
export interface Customizations {
  readonly title?: string;
  readonly description?: string;
  /** An absolute http(s) URL. */
  readonly logo?: string;
}

export interface CheckoutSession {
  readonly id: string;
  readonly merchantId: string;
  readonly customerId: string;
  readonly origin: CheckoutOrigin;
  /** The random part of the page's link: whoever holds the link may pay. */
  readonly linkKey: string;
  readonly reference: string;
  readonly amount: number;
  readonly currency: Currency;
  readonly redirectUrl: string;
  readonly customizations: Customizations;
  /** The ids of the payment methods (src/methods) offered; undefined: every one the currency allows. */
  readonly paymentOptions?: readonly string[];
  readonly meta: Meta;
  /** X-Scenario-Key at creation: every attempt's scenario when set (then any test value is accepted). */
  readonly scenario: Scenario;
  readonly maxRetryAttempts: number;
  readonly sessionDuration: number;
  readonly expiresAt: Date;
  readonly cancelledAt?: Date;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** The bounds and defaults of each API (v3 spec §6 [I]; v4 spec §8.12). */
export const CHECKOUT_LIMITS = {
  v3: { duration: { min: 1, max: 1440, default: 30 }, retries: { min: 0, max: 10, default: 5 } },
  v4: { duration: { min: 5, max: 2880, default: 30 }, retries: { min: 0, max: 10, default: 3 } },
} as const satisfies Record<
  CheckoutOrigin,
  Record<'duration' | 'retries', { min: number; max: number; default: number }>
>;

export interface CheckoutState {
  readonly status: CheckoutStatus;
  /** The attempt that decided the status (succeeded, failed), else the latest one, if any. */
  readonly attempt?: Charge;
  /** How many more attempts the customer may start. */
  readonly attemptsLeft: number;
}

/**
 * Where a session stands at `now`, given its attempts (newest first). In order: an attempt that
 * succeeded makes it `succeeded` — money moved, whatever happened since; then a cancel, `cancelled`;
 * a last attempt that failed with no retry left, `failed`; the session's time being up, `expired` (an
 * attempt still pending then may yet succeed, and that would win); otherwise it is `open`.
 */
export function checkoutStateAt(
  session: CheckoutSession,
  attempts: readonly Charge[],
  now: Date,
): CheckoutState {
  const latest = attempts[0];
  const attemptsLeft = Math.max(0, 1 + session.maxRetryAttempts - attempts.length);
  const state = (status: CheckoutStatus, attempt = latest): CheckoutState => ({
    status,
    attemptsLeft,
    ...(attempt === undefined ? {} : { attempt }),
  });
  const won = attempts.find((a) => a.status === 'succeeded');
  if (won) return state('succeeded', won);
  if (session.cancelledAt !== undefined) return state('cancelled');
  if (latest !== undefined && latest.status !== 'pending' && attemptsLeft === 0) return state('failed');
  if (now.getTime() >= session.expiresAt.getTime()) return state('expired');
  return state('open');
}

/** The attempt waiting for the customer, when the session is open with one. */
export const pendingAttempt = (state: CheckoutState): Charge | undefined =>
  state.status === 'open' && state.attempt?.status === 'pending' ? state.attempt : undefined;
