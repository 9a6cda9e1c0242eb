/**
 * Which sandbox page a charge's redirect step gets, and its view model. The kind comes from the
 * charge's payment method (never from the link's query string), and the view holds only what a page
 * may show: a card as its mask, a phone number with all but its last digits hidden.
 */
import { maskCard } from '../../domain/card.js';
import type { Charge } from '../../domain/charge.js';
import { formatMoney, type Currency } from '../../domain/money.js';
import type { PaymentMethod } from '../../domain/payment-method.js';
import { SANDBOX_OTP } from '../../methods/sandbox-pages.js';
import type { ChallengeView } from './redirect-page.js';
import type { WalletBrand } from './wallet-page.js';

const BRANDS: Readonly<Record<'applepay' | 'googlepay' | 'opay' | 'enaira' | 'paypal', WalletBrand>> = {
  applepay: 'Apple Pay',
  googlepay: 'Google Pay',
  opay: 'OPay',
  enaira: 'eNaira',
  paypal: 'PayPal',
};

/**
 * A phone number with only its last digits showing, as wallets print it ("••••••9220"): the last
 * four of a number of eight digits or more, the last two of a shorter one.
 */
export function maskPhone(digits: string): string {
  const keep = digits.length >= 8 ? 4 : Math.min(2, Math.max(0, digits.length - 1));
  return '•'.repeat(digits.length - keep) + digits.slice(digits.length - keep);
}

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
  const d = paymentMethod.details;
  switch (d.type) {
    case 'card':
      return {
        ...base,
        kind: 'card',
        card: maskCard(d.card.first6, d.card.last4, d.card.network),
        network: d.card.network,
      };
    case 'mobile_money':
      return {
        ...base,
        kind: 'mobile_money',
        network: d.mobileMoney.network,
        phone: `+${d.mobileMoney.countryCode} ${maskPhone(d.mobileMoney.phoneNumber)}`,
        otpHint: SANDBOX_OTP,
        ...(otp.error !== undefined ? { error: otp.error } : {}),
        ...(otp.attempts !== undefined ? { attempts: otp.attempts } : {}),
      };
    case 'bank_account':
      return {
        ...base,
        kind: 'bank',
        scheme: d.bankAccount.scheme,
        ...(d.bankAccount.country !== undefined ? { country: d.bankAccount.country } : {}),
      };
    case 'applepay':
    case 'googlepay':
      return {
        ...base,
        kind: 'wallet',
        brand: BRANDS[d.type],
        ...(d.cardHolderName !== undefined ? { holder: d.cardHolderName } : {}),
      };
    case 'opay':
    case 'enaira':
    case 'paypal':
      return { ...base, kind: 'wallet', brand: BRANDS[d.type] };
    case 'ussd':
    case 'bank_transfer':
    case 'nqr':
    case 'voucher':
    case 'fawry':
    case 'account_debit':
      return undefined;
  }
}
