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

export interface MobileMoneyDetails {
  /** Upper case, as the reference data names it: MTN, VODAFONE, MPESA, ORANGEMONEY… */
  readonly network: string;
  /** The country's dialling code without `+`: 233 for Ghana. */
  readonly countryCode: string;
  /** The national number, digits only. */
  readonly phoneNumber: string;
  /** Pay by scanning a QR code in the wallet app instead of a phone prompt (v4 `use_qr`). */
  readonly useQr?: boolean;
}

/**
 * How a bank account pays: `pay_with_bank` logs in to a Nigerian bank (v4 `bank_account`, v3 `mono`),
 * `open_banking` authorises in a UK/EU bank app (v3 `account-ach-uk`), `ach` debits a US or South
 * African account (v3 `ach_payment`).
 */
export type BankAccountScheme = 'pay_with_bank' | 'open_banking' | 'ach';

/** Money sent to an account number the gateway handed out: a virtual account, or a v3 transfer charge's. */
export interface BankTransferDetails {
  readonly accountType: 'static' | 'dynamic';
  readonly accountNumber: string;
  readonly bankName: string;
  readonly originatorName?: string;
  readonly originatorAccountNumber?: string;
  readonly originatorBankName?: string;
}

/**
 * Every way to pay. The v4 API names card, mobile_money, ussd, opay, applepay, googlepay, bank_account
 * and bank_transfer; `nqr` (NIBSS QR), `voucher` (1Voucher), `enaira`, `fawry`, `paypal` and
 * `account_debit` come from v3 charge types, and v4 shows them as bank accounts (methods/v4-views.ts).
 */
export type PaymentMethodDetails =
  | { readonly type: 'card'; readonly card: CardDetails }
  | { readonly type: 'mobile_money'; readonly mobileMoney: MobileMoneyDetails }
  | { readonly type: 'ussd'; readonly ussd: { readonly accountBank: string } }
  | { readonly type: 'opay' }
  | { readonly type: 'applepay'; readonly cardHolderName?: string }
  | { readonly type: 'googlepay'; readonly cardHolderName?: string }
  | {
      readonly type: 'bank_account';
      readonly bankAccount: { readonly scheme: BankAccountScheme; readonly country?: string };
    }
  | { readonly type: 'bank_transfer'; readonly bankTransfer: BankTransferDetails }
  | { readonly type: 'nqr' }
  /** A 1Voucher PIN is cash: only its last four digits and a keyed fingerprint are kept. */
  | { readonly type: 'voucher'; readonly voucher: { readonly last4: string; readonly fingerprint: string } }
  | { readonly type: 'enaira' }
  | { readonly type: 'fawry'; readonly fawry: { readonly phoneNumber?: string } }
  /** PayPal: the customer approves on PayPal's page (v3 `type=paypal`). */
  | { readonly type: 'paypal' }
  /**
   * A Nigerian bank account debited after an OTP (v3 `type=debit_ng_account`): the bank's code and
   * the account number's last four digits.
   */
  | {
      readonly type: 'account_debit';
      readonly accountDebit: { readonly accountBank: string; readonly last4: string };
    };

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
