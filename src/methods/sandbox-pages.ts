/**
 * Which sandbox page a payment method's redirect step shows the customer (the 3-D Secure page, the
 * mobile-money OTP page, a bank login, a wallet sheet), and what that page may show of the payment
 * method: a card as its mask, a phone number with all but its last digits hidden. Each method names
 * its page (`Method.page`); the page kind also names the link (`/sandbox/redirects?<kind>&token=`).
 * Methods whose rails never redirect have none.
 */
import { maskCard } from '../domain/card.js';
import type { BankAccountScheme, PaymentMethodDetails } from '../domain/payment-method.js';
import { networkName } from '../domain/reference/mobile-networks.js';
import type { Method } from './method.js';

/** The OTP the mobile-money sandbox page accepts (Flutterwave's test OTP for mobile money, v3 spec §4.3). */
export const SANDBOX_OTP = '123456';

export type SandboxPage = 'card' | 'mobile_money' | 'bank' | 'wallet';

/** What a page shows of the payment method, by page kind. */
export type PageFacts =
  | { readonly kind: 'card'; readonly card: string; readonly network: string }
  | { readonly kind: 'mobile_money'; readonly network: string; readonly phone: string }
  | { readonly kind: 'bank'; readonly scheme: BankAccountScheme; readonly country?: string }
  | { readonly kind: 'wallet'; readonly brand: string; readonly holder?: string };

export interface MethodPage {
  readonly kind: SandboxPage;
  /** A wallet page's brand: the name it shows (Apple Pay, PayPal). */
  readonly brand?: string;
  /** What the page shows of `details`, a payment method of `self`; undefined for details of another type. */
  facts(details: PaymentMethodDetails, self: Method): PageFacts | undefined;
}

/**
 * A phone number with only its last digits showing, as wallets print it ("••••••9220"): the last
 * four of a number of eight digits or more, the last two of a shorter one.
 */
export function maskPhone(digits: string): string {
  const keep = digits.length >= 8 ? 4 : Math.min(2, Math.max(0, digits.length - 1));
  return '•'.repeat(digits.length - keep) + digits.slice(digits.length - keep);
}

/** The 3-D Secure page: the card's mask and network. */
export const cardPage: MethodPage = {
  kind: 'card',
  facts: (d) =>
    d.type === 'card'
      ? { kind: 'card', card: maskCard(d.card.first6, d.card.last4, d.card.network), network: d.card.network }
      : undefined,
};

/** The wallet's OTP page: its network, as the operator spells it, and its masked number. */
export const mobileMoneyPage: MethodPage = {
  kind: 'mobile_money',
  facts: (d, self) =>
    d.type === 'mobile_money'
      ? {
          kind: 'mobile_money',
          network: networkName(
            self.markets?.find((m) => m.dialCode === d.mobileMoney.countryCode)?.country ?? '',
            d.mobileMoney.network,
          ),
          phone: `+${d.mobileMoney.countryCode} ${maskPhone(d.mobileMoney.phoneNumber)}`,
        }
      : undefined,
};

/** The bank's login or consent page, worded for the account's scheme. */
export const bankPage: MethodPage = {
  kind: 'bank',
  facts: (d) =>
    d.type === 'bank_account'
      ? {
          kind: 'bank',
          scheme: d.bankAccount.scheme,
          ...(d.bankAccount.country !== undefined ? { country: d.bankAccount.country } : {}),
        }
      : undefined,
};

/** A wallet's payment sheet under `brand`, with the card holder's name when the wallet has one. */
export const walletPage = (brand: string): MethodPage => ({
  kind: 'wallet',
  brand,
  facts: (d) => {
    const holder = 'cardHolderName' in d ? d.cardHolderName : undefined;
    return { kind: 'wallet', brand, ...(holder !== undefined ? { holder } : {}) };
  },
});
