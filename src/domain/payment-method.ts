/**
 * Payment methods: how a customer pays, saved so it can be charged (again). A discriminated union on
 * `type`; each variant holds only what may be kept — for a card that is first 6, last 4, expiry,
 * network and a keyed fingerprint, never the number or the CVV.
 */
import type { CardFacts } from './card.js';
import type { Address, Meta } from './customer.js';

export const CARD_NETWORKS = [
  'VISA',
  'MASTERCARD',
  'AMERICAN EXPRESS',
  'DISCOVER',
  'VERVE',
  'AFRIGO',
  'UNKNOWN',
] as const;
export type CardNetwork = (typeof CARD_NETWORKS)[number];

export interface CardOnFile {
  readonly enabled: boolean;
  readonly agreementId?: string;
  readonly traceId?: string;
}

/** What is kept of a card: its checked facts (domain/card.ts), a fingerprint, and what the merchant added. */
export interface CardDetails extends CardFacts {
  /** Keyed hash of the card number: the same card gives the same fingerprint, and nothing else can. */
  readonly fingerprint: string;
  readonly cardHolderName?: string;
  readonly billingAddress?: Address;
  readonly cof?: CardOnFile;
}

/** Every type the v4 API names; the methods other than card are filled in by the alternative-rails work. */
export type PaymentMethodDetails =
  | { readonly type: 'card'; readonly card: CardDetails }
  | {
      readonly type: 'mobile_money';
      readonly mobileMoney: {
        readonly network: string;
        readonly countryCode: string;
        readonly phoneNumber: string;
      };
    }
  | { readonly type: 'ussd'; readonly ussd: { readonly accountBank: string } }
  | { readonly type: 'opay' }
  | { readonly type: 'applepay'; readonly cardHolderName?: string }
  | { readonly type: 'googlepay'; readonly cardHolderName?: string }
  | { readonly type: 'bank_account' };

export type PaymentMethodType = PaymentMethodDetails['type'];

export interface PaymentMethod {
  readonly id: string;
  /** A card's token for repeat charges (v3 `card.token`); shown once the card has been charged successfully. */
  readonly token?: string;
  readonly merchantId: string;
  readonly customerId?: string;
  readonly details: PaymentMethodDetails;
  readonly meta: Meta;
  readonly deviceFingerprint?: string;
  readonly clientIp?: string;
  readonly createdAt: Date;
}
