/**
 * How the v4 dialect shows a payment method's details (spec §8.2): snake_case, optional fields left
 * out rather than null, the expiry year as two digits as in the docs' samples. Each method names its
 * view (`Method.v4View`); the views methods share are here. api/v4/views.ts holds the wire schema
 * these fit (the compiler checks it), and adds the fields every payment method has.
 *
 * Methods only v3 charges (NIBSS QR, 1Voucher, eNaira, Fawry, PayPal, UK/EU and ACH bank accounts,
 * Nigerian account debits) have no v4 type: v4 shows them as `bank_account` (whose official schema is
 * open) with `method` naming what they are, so a v4 client reading a charge made through v3 still
 * gets a valid object.
 */
import { pick, type Address } from '../domain/customer.js';
import type { CardNetwork, PaymentMethodDetails } from '../domain/payment-method.js';

export interface V4Address {
  readonly line1: string;
  readonly line2?: string;
  readonly city: string;
  readonly state: string;
  readonly country: string;
  readonly postal_code: string;
}

/** What `bank_account.method` may name: the v3-only methods v4 shows as bank accounts. */
export const V4_BANK_ACCOUNT_METHODS = [
  'open_banking',
  'ach',
  'nqr',
  'voucher',
  'enaira',
  'fawry',
  'paypal',
  'account_debit',
] as const;

export interface V4BankAccount {
  readonly method?: (typeof V4_BANK_ACCOUNT_METHODS)[number];
  readonly country?: string;
  readonly last4?: string;
  readonly phone_number?: string;
}

/** A payment method's `type` and its type's object, as v4 shows them. */
export type V4Details =
  | {
      readonly type: 'card';
      readonly card: {
        readonly expiry_month: number;
        readonly expiry_year: number;
        readonly first6: string;
        readonly last4: string;
        readonly network: CardNetwork;
        readonly billing_address?: V4Address;
        readonly card_holder_name?: string;
        readonly cof?: {
          readonly enabled: boolean;
          readonly agreement_id?: string;
          readonly recurring_amount_variability: string;
          readonly agreement_type: string;
          readonly trace_id?: string;
        };
      };
    }
  | {
      readonly type: 'mobile_money';
      readonly mobile_money: {
        readonly network: string;
        readonly country_code: string;
        readonly phone_number: string;
        readonly use_qr?: boolean;
      };
    }
  | { readonly type: 'ussd'; readonly ussd: { readonly account_bank: string } }
  | { readonly type: 'opay'; readonly opay: Record<string, never> }
  | { readonly type: 'applepay'; readonly applepay: { readonly card_holder_name?: string } }
  | { readonly type: 'googlepay'; readonly googlepay: { readonly card_holder_name?: string } }
  | { readonly type: 'bank_account'; readonly bank_account: V4BankAccount }
  | {
      readonly type: 'bank_transfer';
      readonly bank_transfer: {
        readonly account_type: 'static' | 'dynamic';
        readonly originator_name?: string;
        readonly originator_account_number?: string;
        readonly originator_bank_name?: string;
      };
    };

/** How a method shows `details` in v4; undefined for details of another type. */
export type V4View = (details: PaymentMethodDetails) => V4Details | undefined;

export function v4AddressOf(a: Address): V4Address {
  return {
    line1: a.line1,
    ...pick('line2', a.line2),
    city: a.city,
    state: a.state,
    country: a.country,
    postal_code: a.postalCode,
  };
}

/** A card: its checked facts, holder and billing address, and its card-on-file agreement. */
export const cardV4View: V4View = (d) => {
  if (d.type !== 'card') return undefined;
  const card = d.card;
  return {
    type: 'card',
    card: {
      expiry_month: card.expiryMonth,
      expiry_year: card.expiryYear % 100,
      first6: card.first6,
      last4: card.last4,
      network: card.network,
      ...pick('billing_address', card.billingAddress && v4AddressOf(card.billingAddress)),
      ...pick('card_holder_name', card.cardHolderName),
      ...pick(
        'cof',
        card.cof && {
          enabled: card.cof.enabled,
          ...pick('agreement_id', card.cof.agreementId),
          recurring_amount_variability: 'VARIABLE',
          agreement_type: 'UNSCHEDULED',
          ...pick('trace_id', card.cof.traceId),
        },
      ),
    },
  };
};

/** A wallet: its network, dialling code and number, and `use_qr` when it pays by QR code. */
export const mobileMoneyV4View: V4View = (d) => {
  if (d.type !== 'mobile_money') return undefined;
  const mm = d.mobileMoney;
  return {
    type: 'mobile_money',
    mobile_money: {
      network: mm.network,
      country_code: mm.countryCode,
      phone_number: mm.phoneNumber,
      ...(mm.useQr === true ? { use_qr: true } : {}),
    },
  };
};

/** A bank login: v4's own Pay with Bank as an empty `bank_account`, the v3-only schemes by `method`. */
export const bankAccountV4View: V4View = (d) => {
  if (d.type !== 'bank_account') return undefined;
  const { scheme, country } = d.bankAccount;
  return {
    type: 'bank_account',
    bank_account: scheme === 'pay_with_bank' ? {} : { method: scheme, ...pick('country', country) },
  };
};
