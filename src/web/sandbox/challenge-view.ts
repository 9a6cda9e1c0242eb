/**
 * Which sandbox page a charge's redirect step gets, and its view model. The kind comes from the
 * charge's payment method (never from the link's query string), and the view holds only what a page
 * may show: a card as its mask, a phone number with all but its last digits hidden.
 */
import type { Charge } from '../../domain/charge.js';
import { formatMoney, type Currency } from '../../domain/money.js';
import type { PaymentMethod } from '../../domain/payment-method.js';
import { methodOf } from '../../methods/index.js';
import { SANDBOX_OTP } from '../../methods/sandbox-pages.js';
import type { ChallengeView } from './redirect-page.js';

export interface ChallengeInput {
  readonly charge: Charge;
  readonly paymentMethod: PaymentMethod;
  readonly merchantName: string;
  readonly token: string;
  readonly action: string;
  readonly expiresAt: Date;
}

/** What the mobile-money page adds after a refused OTP. */
export interface OtpState {
  readonly error?: string;
  readonly attempts?: string;
}

/** The page's view for the charge's step, or undefined when its payment method has no page. */
export function challengeView(input: ChallengeInput, otp: OtpState = {}): ChallengeView | undefined {
  const { charge, paymentMethod } = input;
  const base = {
    merchantName: input.merchantName,
    amount: formatMoney(charge.amount, charge.currency as Currency),
    reference: charge.reference,
    token: input.token,
    action: input.action,
    expiresAt: input.expiresAt.toISOString(),
  };
  const method = methodOf(paymentMethod.details);
  const facts = method?.page?.facts(paymentMethod.details, method);
  if (facts === undefined) return undefined;
  if (facts.kind !== 'mobile_money') return { ...base, ...facts };
  return {
    ...base,
    ...facts,
    otpHint: SANDBOX_OTP,
    ...(otp.error !== undefined ? { error: otp.error } : {}),
    ...(otp.attempts !== undefined ? { attempts: otp.attempts } : {}),
  };
}
