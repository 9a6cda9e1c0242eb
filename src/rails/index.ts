/**
 * The rail registry: which simulated network carries each kind of payment method. Every payment
 * method type has one; a charge remembers its rail's state, and the rail found again from its payment
 * method's type reads it.
 */
import type { PaymentMethodType } from '../domain/payment-method.js';
import { accountDebitRail } from './account-debit.js';
import { bankTransferRail } from './bank-transfer.js';
import { cardRail } from './card.js';
import type { Rail } from './contract.js';
import { mobileMoneyRail } from './mobile-money.js';
import { nqrRail } from './nqr.js';
import { redirectRail } from './redirect.js';
import { referencePaymentRail } from './reference-payment.js';
import { ussdRail } from './ussd.js';
import { voucherRail } from './voucher.js';

export const RAILS = {
  card: cardRail,
  mobile_money: mobileMoneyRail,
  ussd: ussdRail,
  opay: redirectRail,
  applepay: redirectRail,
  googlepay: redirectRail,
  bank_account: redirectRail,
  enaira: redirectRail,
  bank_transfer: bankTransferRail,
  nqr: nqrRail,
  voucher: voucherRail,
  fawry: referencePaymentRail,
  paypal: redirectRail,
  account_debit: accountDebitRail,
} as const satisfies Record<PaymentMethodType, { readonly name: string }>;

export type RailName = keyof typeof RAILS;

/**
 * The rail for a payment-method type, or undefined for a type no rail simulates. The state type is
 * `unknown` here because a charge stores it as opaque JSON; only the rail itself reads it.
 */
export function railFor(paymentMethodType: string): Rail<unknown> | undefined {
  return Object.hasOwn(RAILS, paymentMethodType) ? RAILS[paymentMethodType as RailName] : undefined;
}
