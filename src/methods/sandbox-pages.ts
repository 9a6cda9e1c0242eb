/**
 * Which sandbox page a payment method's redirect step shows the customer (the 3-D Secure page, the
 * mobile-money OTP page, a bank login, a wallet sheet); the page kind also names the link
 * (`/sandbox/redirects?<kind>&token=`). Types whose rails never redirect have none.
 */
import type { PaymentMethodType } from '../domain/payment-method.js';

/** The OTP the mobile-money sandbox page accepts (Flutterwave's test OTP for mobile money, v3 spec §4.3). */
export const SANDBOX_OTP = '123456';

export type SandboxPage = 'card' | 'mobile_money' | 'bank' | 'wallet';

const PAGES = {
  card: 'card',
  mobile_money: 'mobile_money',
  bank_account: 'bank',
  applepay: 'wallet',
  googlepay: 'wallet',
  opay: 'wallet',
  enaira: 'wallet',
  ussd: undefined,
  bank_transfer: undefined,
  nqr: undefined,
  voucher: undefined,
  fawry: undefined,
  paypal: 'wallet',
  account_debit: undefined,
} as const satisfies Record<PaymentMethodType, SandboxPage | undefined>;

/** The page for a payment-method type; undefined for the types whose rails never redirect. */
export const pageKindOf = (type: PaymentMethodType): SandboxPage | undefined => PAGES[type];
