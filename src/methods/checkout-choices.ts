/**
 * How the hosted checkout offers a method: its tab (icon, label, hint, submit button) and the fields
 * it asks for. Each method holds its own choice (`Method.checkout`); the choices methods share — a
 * wallet's, a mobile-money network picker, a bank login — are here. web/checkout renders them.
 */
import type { Currency } from '../domain/money.js';
import { networkName } from '../domain/reference/mobile-networks.js';
import type { Method } from './method.js';

export type IconName =
  'card' | 'bank' | 'transfer' | 'phone' | 'ussd' | 'qr' | 'wallet' | 'voucher' | 'store';

export interface FieldSpec {
  readonly name: string;
  readonly label: string;
  readonly type?: 'text' | 'tel' | 'password';
  readonly inputmode?: 'numeric' | 'tel' | 'text';
  readonly autocomplete?: string;
  readonly pattern?: string;
  readonly maxlength?: number;
  readonly placeholder?: string;
  readonly hint?: string;
  /** A select of `[value, label]`, instead of a text input. */
  readonly options?: readonly (readonly [string, string])[];
  readonly optional?: boolean;
  /** Laid out beside the next half field (expiry and CVV). */
  readonly half?: boolean;
  /** Large, spaced digits (a PIN, an OTP). */
  readonly code?: boolean;
}

/** A method's tab on the checkout page. */
export interface CheckoutChoice {
  readonly label: string;
  readonly hint: string;
  readonly icon: IconName;
  readonly fields: readonly FieldSpec[];
  readonly submit: string;
}

/** What a choice may depend on: the method itself, the session's currency, and "Pay ₦1,000.00". */
export interface ChoiceContext {
  readonly self: Method;
  readonly currency: Currency;
  readonly pay: string;
}

export interface MethodCheckout {
  /** Where the page lists it (lower first: cards and transfers, wallets and vouchers last). */
  readonly rank: number;
  readonly choice: (ctx: ChoiceContext) => CheckoutChoice;
}

export const PHONE: FieldSpec = {
  name: 'phone_number',
  label: 'Mobile number',
  type: 'tel',
  inputmode: 'tel',
  autocomplete: 'tel',
  pattern: '\\+?[0-9 ]{7,18}',
  maxlength: 18,
};

/** A select of `[value, label]` pairs sorted by label, after a "Choose your bank" prompt. */
export const bankOptions = (
  banks: readonly (readonly [string, string])[],
): readonly (readonly [string, string])[] => [
  ['', 'Choose your bank'],
  ...[...banks].sort((a, b) => a[1].localeCompare(b[1])),
];

/** The wallets of a mobile-money method that take the currency, as `<country>:<network>` options named as their operators spell them. */
function networkOptions(method: Method, currency: Currency): (readonly [string, string])[] {
  const markets = (method.markets ?? []).filter((m) => m.currency === currency);
  return markets.flatMap((m) =>
    m.networks.map((n) => {
      const name = networkName(m.country, n);
      return [`${m.country}:${n}`, markets.length > 1 ? `${name} (${m.country})` : name] as const;
    }),
  );
}

/** A mobile-money tab under `label`: the networks that take the currency, then the wallet's number. */
export const mobileMoneyCheckout = (rank: number, label = 'Mobile money'): MethodCheckout => ({
  rank,
  choice: ({ self, currency, pay }) => {
    const options = networkOptions(self, currency);
    return {
      icon: 'phone',
      label,
      hint: options.map(([, name]) => name).join(', '),
      submit: pay,
      fields: [
        { name: 'network', label: 'Network', options },
        { ...PHONE, label: 'Mobile money number', hint: 'The number of the wallet to pay from.' },
      ],
    };
  },
});

/** A wallet's tab, under the wallet's name. */
export const walletCheckout = (rank: number): MethodCheckout => ({
  rank,
  choice: ({ self }) => ({
    icon: 'wallet',
    label: self.name,
    hint: 'Pay from your wallet',
    submit: `Continue with ${self.name}`,
    fields: [],
  }),
});

/** A bank login's tab (Pay with Bank, open banking, ACH). */
export const bankLoginCheckout = (rank: number): MethodCheckout => ({
  rank,
  choice: () => ({
    icon: 'bank',
    label: 'Bank account',
    hint: 'Approve in your bank',
    submit: 'Continue to your bank',
    fields: [],
  }),
});
