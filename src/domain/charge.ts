/**
 * Charges: one attempt to take `amount` from a payment method. Glossary:
 * - status: `pending` until the rail reaches a final answer, then `succeeded` or `failed` (`voided`
 *   comes with pre-authorisation);
 * - next action: what the charge waits for while pending (a PIN, an OTP, a redirect…);
 * - processor response: the issuer's answer, `{type, code}` (ISO 8583-style), set once final;
 * - scenario: the sandbox outcome selected at creation (`X-Scenario-Key`), bound to the charge for life;
 * - rail state: what the rail remembers between steps (opaque JSON to everyone but the rail);
 * - version: bumped by every change, so concurrent updates cannot both apply.
 * Amounts are integer minor units of `currency`.
 */
import type { Address, Meta } from './customer.js';

export type ChargeStatus = 'pending' | 'succeeded' | 'failed' | 'voided';

export type ChargeOrigin = 'v4' | 'v3' | 'checkout';

export const isFinal = (status: ChargeStatus): boolean => status !== 'pending';

export interface ProcessorResponse {
  readonly type: string;
  readonly code: string;
}

/** What a pending charge waits for. `redirect_url` carries no URL: the dialect signs one for the current step. */
export type NextAction =
  | { readonly type: 'requires_pin' }
  | { readonly type: 'requires_otp' }
  | { readonly type: 'requires_additional_fields'; readonly fields: readonly string[] }
  | { readonly type: 'redirect_url' }
  | { readonly type: 'requires_requery' }
  /** A pre-authorised charge: the funds are held until the merchant captures or voids them. */
  | { readonly type: 'requires_capture' }
  /** The customer acts away from the merchant: approves a phone prompt, dials a USSD code, pays at a kiosk. */
  | {
      readonly type: 'payment_instruction';
      readonly note: string;
      /**
       * The code the customer quotes, as drawn for the charge: a USSD payment code (dialled as
       * `*<bank>*000*<code>#`), a Fawry reference number. Each dialect words it from this field.
       */
      readonly code?: string;
    }
  /** The customer scans a QR code in their bank or wallet app; `payload` is the text it encodes. */
  | { readonly type: 'qr_code'; readonly payload: string }
  /** The customer transfers `amount` of the charge to this account before it expires. */
  | {
      readonly type: 'requires_bank_transfer';
      readonly accountNumber: string;
      readonly bankName: string;
      /** ISO 8601. */
      readonly expiresAt: string;
      readonly note: string;
    };

export type NextActionType = NextAction['type'];

/**
 * The sandbox outcome chosen for a charge. `flow` is the `scenario:` part, `issuer` the `issuer:` part
 * of X-Scenario-Key; `malformed` marks a header that could not be read. Which values are known is the
 * rail's business. `pin`/`otp` are the only values accepted at those steps when set (the v3 test
 * credentials); when absent any well-formed value is accepted.
 */
export interface Scenario {
  readonly key?: string;
  readonly flow?: string;
  readonly issuer?: string;
  readonly malformed: boolean;
  readonly pin?: string;
  readonly otp?: string;
}

/** Authorisation a customer or merchant supplies to move a pending charge on, already decrypted. */
export type Authorization =
  | { readonly type: 'pin'; readonly pin: string }
  | { readonly type: 'otp'; readonly code: string }
  | { readonly type: 'avs'; readonly address: Address }
  | {
      readonly type: 'external_3ds';
      readonly transactionStatus: 'Y' | 'N' | 'U' | 'A' | 'R';
      readonly eci: string;
      readonly version: string;
    }
  /** The customer's answer on the sandbox redirect page (3DS, bank or wallet login…). */
  | { readonly type: 'redirect'; readonly approved: boolean }
  /**
   * The customer's answer away from the merchant (phone prompt, USSD, QR scan, kiosk), as the sandbox
   * control endpoints report it; a decline may name the issuer's answer.
   */
  | { readonly type: 'approval'; readonly approved: boolean; readonly issuer?: string }
  /** Nobody acted within the sandbox's wait: the scenario's outcome applies. */
  | { readonly type: 'timeout' }
  /** Money arrived by bank transfer into the charge's account, in minor units. */
  | { readonly type: 'transfer'; readonly amount: number }
  /** The merchant takes (part of) a pre-authorised hold, in minor units, or releases it. */
  | { readonly type: 'capture'; readonly amount: number }
  | { readonly type: 'void' };

export type AuthorizationType = Authorization['type'];

export type FeeType = 'vat' | 'app' | 'merchant' | 'stamp_duty';

export interface Fee {
  readonly type: FeeType;
  readonly amount: number;
}

/** One line of a charge's timeline: what happened, and the status and next action after it. */
export interface ChargeStep {
  readonly at: Date;
  readonly note: string;
  readonly status: ChargeStatus;
  readonly nextAction?: NextActionType;
}

/** Attempts of one checkout session share its reference and are numbered from 1. */
export interface CheckoutAttempt {
  readonly sessionId: string;
  readonly attempt: number;
}

export interface Charge {
  readonly id: string;
  /** The v3 dialect's numeric transaction id and processor reference; `reference` is its `tx_ref`. */
  readonly txId: number;
  readonly flwRef: string;
  readonly merchantId: string;
  readonly customerId: string;
  readonly paymentMethodId: string;
  readonly reference: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: ChargeStatus;
  readonly nextAction?: NextAction;
  readonly processorResponse?: ProcessorResponse;
  readonly scenario: Scenario;
  /** Which rail drives the charge (the payment method's), and what it remembers between steps. */
  readonly rail: string;
  readonly railState: unknown;
  readonly redirectUrl?: string;
  readonly meta: Meta;
  readonly recurring: boolean;
  /** Hold the funds on approval until captured or voided (v3 `preauthorize`). */
  readonly preauthorize: boolean;
  /** The API the charge was created through: it decides how a redirect step returns the browser. */
  readonly origin: ChargeOrigin;
  /** The virtual account a bank-transfer charge was paid into. */
  readonly virtualAccountId?: string;
  /** The checkout session this charge is an attempt of (hosted checkout), and which attempt. */
  readonly checkout?: CheckoutAttempt;
  readonly fees: readonly Fee[];
  /** Minor units refunded so far; never more than `amount`. */
  readonly amountRefunded: number;
  /** The settlement its credit went into, once settled (domain/settlement.ts). */
  readonly settlementId?: string;
  /** A chargeback was opened on it (v4 `disputed`); never unset. */
  readonly disputed?: boolean;
  readonly history: readonly ChargeStep[];
  readonly version: number;
  readonly createdAt: Date;
  /** When the charge last changed: also when its current step began (a redirect link expires from it). */
  readonly updatedAt: Date;
}
