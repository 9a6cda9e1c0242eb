/**
 * Refunds: money given back from a succeeded charge, in full or in parts. Glossary:
 * - remaining: what can still be refunded, the charge's `amount` less its `amountRefunded`;
 * - numId: the v3 dialect's numeric refund id (`GET /v3/refunds/{id}`), from the same sequence as
 *   numeric transaction ids.
 * In the sandbox a refund completes as it is created: there is no bank to wait for.
 * Amounts are integer minor units of the charge's currency.
 */
import type { Charge } from './charge.js';
import { appError, type AppError } from './errors.js';
import { formatMoney, isCurrency, type Currency } from './money.js';

/**
 * `failed`: a sandbox scenario refused it; it moved no money and counts for nothing (v4 only).
 * `pending`: waiting for its sandbox timer or control; its amount is already counted as refunded, so
 * no other refund can take it, but the wallet is debited only when it completes.
 */
export type RefundStatus = 'completed' | 'failed' | 'pending';

export interface Refund {
  readonly id: string;
  readonly numId: number;
  readonly merchantId: string;
  readonly chargeId: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: RefundStatus;
  /** v4's `reason` (duplicate, fraudulent…); v3 sends free-text `comments` instead. */
  readonly reason?: string;
  readonly comments?: string;
  /** v4's string→string `meta`; empty for v3 refunds. */
  readonly meta?: Readonly<Record<string, string>>;
  readonly createdAt: Date;
}

export type RefundableCharge = Pick<
  Charge,
  'status' | 'nextAction' | 'amount' | 'amountRefunded' | 'currency' | 'preauthorize'
>;

export const remainingOf = (c: RefundableCharge): number => c.amount - c.amountRefunded;

/** Stored currencies were validated on the way in; a charge in anything else is a broken row. */
export function currencyOf(c: Pick<Charge, 'currency'>): Currency {
  if (!isCurrency(c.currency)) throw new Error(`charge in an unknown currency: ${c.currency}`);
  return c.currency;
}

function whyNotSucceeded(c: RefundableCharge): string {
  if (c.status === 'pending' && c.nextAction?.type === 'requires_capture') {
    return 'this one only holds pre-authorised funds: capture it first, or void it';
  }
  switch (c.status) {
    case 'pending':
      return 'this one is still pending';
    case 'failed':
      return 'this one failed';
    case 'voided':
      return 'this one was voided';
    case 'succeeded':
      return '';
  }
}

/**
 * Why `charge` cannot take a refund of `amount` (minor units), or undefined when it can. Checked in
 * this order so the message names the first thing to fix: the charge's status, then whether anything
 * is left, then the amount.
 */
export function refundRefusal(charge: RefundableCharge, amount: number): AppError | undefined {
  if (charge.status !== 'succeeded') {
    return appError(
      'REFUND_CREATION_FAILED',
      `Only successful transactions can be refunded; ${whyNotSucceeded(charge)}`,
    );
  }
  const remaining = remainingOf(charge);
  if (remaining <= 0) return appError('REFUND_ALREADY_COMPLETED');
  if (amount > remaining) {
    return appError(
      'REFUND_AMOUNT_INVALID',
      `Refund amount is more than what can still be refunded: ${formatMoney(remaining, currencyOf(charge))}`,
    );
  }
  return undefined;
}
